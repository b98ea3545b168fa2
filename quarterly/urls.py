from django.urls import path

from quarterly import views, views_programme

app_name = "quarterly"

urlpatterns = [
    path("kwartaal/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("kwartaal/update/<int:pk>/pdf/", views.download, name="download"),
    path("kwartaal/update/<int:pk>/versturen/", views.send, name="send"),
    path("kwartaal/<slug:slug>/", views.index, name="index"),
    path("kwartaal/<slug:slug>/voorbeeld/", views.preview, name="preview"),
    path("kwartaal/<slug:slug>/maken/", views.generate, name="generate"),
    path("programma/", views_programme.report, name="programme_all"),
    path("programma/csv/<slug:table>/", views_programme.report_csv, name="programme_all_csv"),
    path("programma/pdf/", views_programme.report_pdf, name="programme_all_pdf"),
    path("programma/netwerk/<slug:slug>/", views_programme.report, name="programme"),
    path(
        "programma/netwerk/<slug:slug>/csv/<slug:table>/",
        views_programme.report_csv,
        name="programme_csv",
    ),
    path("programma/netwerk/<slug:slug>/pdf/", views_programme.report_pdf, name="programme_pdf"),
    path("programma/presentielijst/<int:pk>/", views_programme.presence, name="presence"),
]
