"""Writes of the sessions app, one module per concept; import from the module that defines
the name (`from sessions.services.captures import capture_add`).

- `sessions`: plan, change, cancel and hand over a session; attendance
- `agenda`: the phases of a session and agenda templates
- `invitations`: invite, RSVP, waitlist, consents given with an answer
- `scheduling`: reminders and the quorum check
- `live_state`: the lock and version every live write goes through
- `live`: start, the phase timer, questions, note, phones, finish
- `captures`: knelpunten and other captures, follow-ups, promotion to the kennisbank
- `phone`: what a participant sends from the phone page, and the mail of their own action
- `evaluation`: the anonymous evaluation after a session
- `charts`: sector-data charts attached to a session and shown live
"""
