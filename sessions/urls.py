from django.urls import path

from sessions.views import live
from sessions.views import planning as views

app_name = "sessions"

urlpatterns = [
    path("netwerk/<slug:slug>/", views.dashboard, name="dashboard"),
    path("netwerk/<slug:slug>/nieuwe-sessie/", views.session_new, name="new"),
    path("sessie/<int:pk>/", views.session_detail, name="detail"),
    path("sessie/<int:pk>/wijzigen/", views.session_edit, name="edit"),
    path("sessie/<int:pk>/check/", views.session_check, name="check"),
    path("sessie/<int:pk>/fase/", views.phase_add, name="phase_add"),
    path("sessie/<int:pk>/fase/<int:phase_pk>/minuten/", views.phase_minutes, name="phase_minutes"),
    path(
        "sessie/<int:pk>/fase/<int:phase_pk>/<str:direction>/",
        views.phase_move,
        name="phase_move",
    ),
    path(
        "sessie/<int:pk>/fase/<int:phase_pk>/verwijderen/", views.phase_delete, name="phase_delete"
    ),
    path("sessie/<int:pk>/grafiek/", views.chart_attach, name="chart_attach"),
    path("sessie/<int:pk>/grafiek/<int:chart_pk>/weg/", views.chart_detach, name="chart_detach"),
    path("sessie/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("sessie/<int:pk>/annuleren/", views.session_cancel, name="cancel"),
    path("sessie/<int:pk>/sjabloon/", views.template_save, name="template_save"),
    path("sessie/<int:pk>/overdragen/", views.session_handover, name="handover"),
    path("sessie/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("leerlijn/<int:pk>/", views.series_detail, name="series"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    # Live
    path("sessie/<int:pk>/live/", live.console, name="live"),
    path("sessie/<int:pk>/live/start/", live.start, name="live_start"),
    path("sessie/<int:pk>/live/timer/<str:action>/", live.timer_action, name="live_timer"),
    path("sessie/<int:pk>/live/notitie/", live.capture_add, name="live_capture"),
    path(
        "sessie/<int:pk>/live/item/<str:kind>/<int:item_pk>/<str:action>/",
        live.item_action,
        name="live_item",
    ),
    path("sessie/<int:pk>/live/vraag/", live.question_pick, name="live_question"),
    path("sessie/<int:pk>/live/kennis/", live.note, name="live_note"),
    path("sessie/<int:pk>/live/grafiek/", live.chart_show, name="live_chart"),
    path("sessie/<int:pk>/live/stap/", live.case_step, name="live_case_step"),
    path("sessie/<int:pk>/live/telefoons/", live.phones, name="live_phones"),
    path("sessie/<int:pk>/live/actie/<int:action_pk>/", live.followup, name="live_followup"),
    path("sessie/<int:pk>/live/afronden/", live.finish, name="live_finish"),
    path("sessie/<int:pk>/projector/", live.projector, name="projector"),
    path("sessie/<int:pk>/samenvatting/", live.summary, name="summary"),
    path("sessie/<int:pk>/kennisbank/<int:capture_pk>/", live.promote, name="promote"),
    path("netwerk/<slug:slug>/voor-de-kennisbank/", live.promoted_list, name="promoted"),
    path("t/<str:code>/", live.phone, name="phone"),
    path("evaluatie/<str:token>/", live.evaluation, name="evaluation"),
]
