"""Reads of the sessions app, one module per screen or concept; import from the module that
defines the name (`from sessions.selectors.console import console`).

- `sessions`: one session or network with the access check; the facts the PvE check reads
- `overview`: home page, network dashboard, series
- `clock`: the phase timer and the case step's countdown of a running session
- `console`: the facilitator's live console
- `projector`: what the room sees
- `summary`: the group's summary, the fidelity report, captures offered to the kennisbank
"""
