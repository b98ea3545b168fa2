"""Views of the sessions app, one module per screen: planning, agenda, invitations, console,
projector, phone, after (summary, evaluation, promote)."""
