"""Reads of the sessions app, one module per screen or concept; import from the module that
defines the name (`from sessions.selectors.sessions import session_get_for_user`).

- `sessions`: one session or network with the access check; who attended; the PvE facts
- `overview`: home page, network dashboard, series
- `summary`: the group's summary, the fidelity report, captures offered to the kennisbank
- `turnout`, `followups`, `evaluations`: the call list, follow-up mails, evaluation results

The live session's reads (console, projector, clock, the poll) are in `sessions.live`.
"""
