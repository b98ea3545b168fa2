from django.urls import path

from sessions import views

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
    path("sessie/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("sessie/<int:pk>/annuleren/", views.session_cancel, name="cancel"),
    path("sessie/<int:pk>/sjabloon/", views.template_save, name="template_save"),
    path("sessie/<int:pk>/overdragen/", views.session_handover, name="handover"),
    path("sessie/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("leerlijn/<int:pk>/", views.series_detail, name="series"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
]
