"""Views of the sessions app, one module per screen: overview (home, dashboard, series),
planning, cancel_handover, agenda, invitations, after (summary, evaluation, promote), turnout,
followups, formats. The live screens (console, projector, phone) are in `sessions.live.views`."""
