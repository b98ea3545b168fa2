"""The live session: the facilitator's console (phase timer, capture lists), the projector
screen and the participants' phones, from the start of a session to its finish.

- `models`: LiveState (one per started session; its `version` rises with every live write),
  PhaseRun, Knelpunt, Capture, Question, evaluations and the phone's action mail
- `limits`: every limit of the live screens, handed to forms, templates and live.js
- `timer`: the timer arithmetic (pure functions)
- `services/`: writes, each under the LiveState lock (`state`): `run` (start, timer, questions,
  note, charts, phones, finish), `captures` (knelpunten, captures, follow-ups), `phone`
- `selectors/`: reads, one read model per fragment: `poll` (the one-query "changed?"),
  `console` (state, lists, finish facts), `projector`, `clock`, `privacy`
- `views/`: `console`, `projector`, `phone`; `urls`; `forms`; `demo`
"""
