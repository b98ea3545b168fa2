from django.urls import path, register_converter

from sessions.views import (
    after,
    agenda,
    console,
    followups,
    formats,
    invitations,
    phone,
    planning,
    projector,
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
    path("netwerk/<slug:slug>/", planning.dashboard, name="dashboard"),
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
    path("sessie/<int:pk>/annuleren/", planning.session_cancel, name="cancel"),
    path("sessie/<int:pk>/sjabloon/", planning.template_save, name="template_save"),
    path("sessie/<int:pk>/overdragen/", planning.session_handover, name="handover"),
    path("sessie/<int:pk>/aanwezigheid/", planning.attendance, name="attendance"),
    path("leerlijn/<int:pk>/", planning.series_detail, name="series"),
    path("rsvp/<str:token>/", invitations.rsvp, name="rsvp"),
    path("rsvp/<str:token>/ik-kom/", invitations.rsvp_answer, {"attend": True}, name="rsvp_yes"),
    path("rsvp/<str:token>/agenda.ics", invitations.rsvp_calendar, name="rsvp_ics"),
    path(
        "rsvp/<str:token>/ik-kan-niet/",
        invitations.rsvp_answer,
        {"attend": False},
        name="rsvp_no",
    ),
    # Live
    path("sessie/<int:pk>/live/", console.console, name="live"),
    path("sessie/<int:pk>/live/start/", console.start, name="live_start"),
    path("sessie/<int:pk>/live/start/terug/", console.start_undo, name="live_start_undo"),
    path("sessie/<int:pk>/live/timer/<str:action>/", console.timer_action, name="live_timer"),
    path("sessie/<int:pk>/live/notitie/", console.capture_add, name="live_capture"),
    path(
        "sessie/<int:pk>/live/item/<str:kind>/<int:item_pk>/<str:action>/",
        console.item_action,
        name="live_item",
    ),
    path("sessie/<int:pk>/live/vraag/", console.question_pick, name="live_question"),
    path("sessie/<int:pk>/live/kennis/", console.note, name="live_note"),
    path("sessie/<int:pk>/live/grafiek/", console.chart_show, name="live_chart"),
    path("sessie/<int:pk>/live/stap/", console.case_step, name="live_case_step"),
    path("sessie/<int:pk>/live/telefoons/", console.phones, name="live_phones"),
    path("sessie/<int:pk>/live/actie/<int:action_pk>/", console.followup, name="live_followup"),
    path("sessie/<int:pk>/live/afronden/", console.finish, name="live_finish"),
    path("sessie/<int:pk>/live/heropenen/", console.reopen, name="live_reopen"),
    path("sessie/<int:pk>/projector/", projector.projector, name="projector"),
    path("sessie/<int:pk>/samenvatting/", after.summary, name="summary"),
    path("sessie/<int:pk>/kennisbank/<int:capture_pk>/", after.promote, name="promote"),
    path("netwerk/<slug:slug>/voor-de-kennisbank/", after.promoted_list, name="promoted"),
    path("t/<str:code>/", phone.phone, name="phone"),
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
]
