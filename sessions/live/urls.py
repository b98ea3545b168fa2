"""URLs of the live session, included in the sessions app's URL conf (namespace `sessions`)."""

from django.urls import path

from sessions.live.views import console, phone, projector, start

urlpatterns = [
    path("sessie/<int:pk>/live/", console.console, name="live"),
    path("sessie/<int:pk>/live/start/", start.start, name="live_start"),
    path("sessie/<int:pk>/live/start/terug/", start.start_undo, name="live_start_undo"),
    path("sessie/<int:pk>/live/timer/<str:action>/", console.timer_action, name="live_timer"),
    path("sessie/<int:pk>/live/vastleggen/", console.capture_add, name="live_capture"),
    path(
        "sessie/<int:pk>/live/item/<str:kind>/<int:item_pk>/<str:action>/",
        console.item_action,
        name="live_item",
    ),
    path("sessie/<int:pk>/live/vraag/", console.question_pick, name="live_question"),
    path("sessie/<int:pk>/live/kennisnotitie/", console.note, name="live_note"),
    path("sessie/<int:pk>/live/grafiek/", console.chart_show, name="live_chart"),
    path("sessie/<int:pk>/live/stap/", console.case_step, name="live_case_step"),
    path("sessie/<int:pk>/live/telefoons/", console.phones, name="live_phones"),
    path("sessie/<int:pk>/live/actie/<int:action_pk>/", console.followup, name="live_followup"),
    path("sessie/<int:pk>/live/afronden/", console.finish, name="live_finish"),
    path("sessie/<int:pk>/live/heropenen/", console.reopen, name="live_reopen"),
    path("sessie/<int:pk>/projector/", projector.projector, name="projector"),
    path("t/<str:code>/", phone.phone, name="phone"),
    # The old addresses, for a console tab opened before they were renamed (its offline queue
    # still posts captures to "notitie/"): each keeps what it did, neither changes meaning.
    path("sessie/<int:pk>/live/notitie/", console.capture_add, name="live_capture_old"),
    path("sessie/<int:pk>/live/kennis/", console.note, name="live_note_old"),
]
