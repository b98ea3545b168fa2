"""Writes of the sessions app, one module per concept; import from the module that defines
the name (`from sessions.services.sessions import session_create`).

- `sessions`: plan, change, cancel and hand over a session; attendance
- `agenda`: the phases of a session and agenda templates
- `invitations`: invite, RSVP, waitlist, consents given with an answer
- `scheduling`: reminders and the quorum check
- `evaluation`: the anonymous evaluation after a session
- `charts`: sector-data charts attached to a session while planning
- `turnout`, `followups`: calls and apps, follow-up mails

The live session's writes (timer, captures, phones) are in `sessions.live.services`.
"""
