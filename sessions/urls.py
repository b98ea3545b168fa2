from django.urls import path, register_converter

from sessions.live import urls as live_urls
from sessions.views import (
    after,
    agenda,
    cancel_handover,
    followups,
    formats,
    invitations,
    overview,
    planning,
    turnout,
)


class UpDown:
    """Only "up" or "down": `<str:direction>` also matched "verwijderen", so ✕ moved a phase."""

    regex = "up|down"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UpDown, "updown")

app_name = "sessions"

urlpatterns = [
    path("netwerk/<slug:slug>/", overview.dashboard, name="dashboard"),
    path("netwerk/<slug:slug>/nieuwe-sessie/", planning.session_new, name="new"),
    path("netwerk/<slug:slug>/format/", formats.format_import, name="format_import"),
    path("netwerk/<slug:slug>/format.json", formats.format_export, name="format_export"),
    path("sessie/<int:pk>/", planning.session_detail, name="detail"),
    path("sessie/<int:pk>/wijzigen/", planning.session_edit, name="edit"),
    path("sessie/<int:pk>/check/", planning.session_check, name="check"),
    path("sessie/<int:pk>/fase/", agenda.phase_add, name="phase_add"),
    path(
        "sessie/<int:pk>/fase/<int:phase_pk>/minuten/", agenda.phase_minutes, name="phase_minutes"
    ),
    path(
        "sessie/<int:pk>/fase/<int:phase_pk>/verwijderen/", agenda.phase_delete, name="phase_delete"
    ),
    path(
        "sessie/<int:pk>/fase/<int:phase_pk>/<updown:direction>/",
        agenda.phase_move,
        name="phase_move",
    ),
    path("sessie/<int:pk>/grafiek/", agenda.chart_attach, name="chart_attach"),
    path("sessie/<int:pk>/grafiek/<int:chart_pk>/weg/", agenda.chart_detach, name="chart_detach"),
    path("sessie/<int:pk>/uitnodigen/", invitations.invite, name="invite"),
    path("sessie/<int:pk>/annuleren/", cancel_handover.session_cancel, name="cancel"),
    path("sessie/<int:pk>/sjabloon/", planning.template_save, name="template_save"),
    path("sessie/<int:pk>/overdragen/", cancel_handover.session_handover, name="handover"),
    path("sessie/<int:pk>/aanwezigheid/", planning.attendance, name="attendance"),
    path("leerlijn/<int:pk>/", overview.series_detail, name="series"),
    path("rsvp/<str:token>/", invitations.rsvp, name="rsvp"),
    path("rsvp/<str:token>/ik-kom/", invitations.rsvp_answer, {"attend": True}, name="rsvp_yes"),
    path("rsvp/<str:token>/agenda.ics", invitations.rsvp_calendar, name="rsvp_ics"),
    path(
        "rsvp/<str:token>/ik-kan-niet/",
        invitations.rsvp_answer,
        {"attend": False},
        name="rsvp_no",
    ),
    path("sessie/<int:pk>/samenvatting/", after.summary, name="summary"),
    path("sessie/<int:pk>/kennisbank/<int:capture_pk>/", after.promote, name="promote"),
    path("netwerk/<slug:slug>/voor-de-kennisbank/", after.promoted_list, name="promoted"),
    path("evaluatie/<str:token>/", after.evaluation, name="evaluation"),
    # Turnout
    path("sessie/<int:pk>/bellijst/", turnout.call_list_page, name="call_list"),
    path(
        "sessie/<int:pk>/bellijst/hulp/<uuid:check_pk>/",
        followups.help_handled,
        name="help_handled",
    ),
    path("opvolging/<str:token>/", followups.action_check, name="action_check"),
    path("opvolging/<str:token>/geen-mail/", followups.action_check_stop, name="action_check_stop"),
    path(
        "opvolging/<str:token>/<slug:answer>/",
        followups.action_check_answer,
        name="action_check_answer",
    ),
    path(
        "sessie/<int:pk>/bellijst/<int:invitation_pk>/",
        turnout.contact_record,
        name="contact_record",
    ),
    path("netwerk/<slug:slug>/persoon/<int:person_pk>/", turnout.person_detail, name="person"),
    path("rsvp/<str:token>/telefoon/", turnout.phone_preference, name="rsvp_phone"),
    path("antwoord/<str:token>/", invitations.rsvp_shared, name="rsvp_shared"),
    path("antwoord/<str:token>/mail/", invitations.rsvp_shared_mail, name="rsvp_shared_mail"),
    path("aanmelden/<uuid:uid>/", turnout.signup, name="signup"),
    # The live session: console, projector and phones (one namespace with the rest).
    *live_urls.urlpatterns,
]
