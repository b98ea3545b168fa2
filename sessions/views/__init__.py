"""Views of the sessions app, one module per screen: planning, agenda, invitations, after
(summary, evaluation, promote), turnout, followups, formats. The live screens (console,
projector, phone) are in `sessions.live.views`."""
