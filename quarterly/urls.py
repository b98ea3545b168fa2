from django.urls import path

from quarterly import views

app_name = "quarterly"

urlpatterns = [
    path("kwartaal/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("kwartaal/update/<int:pk>/pdf/", views.download, name="download"),
    path("kwartaal/update/<int:pk>/versturen/", views.send, name="send"),
    path("kwartaal/<slug:slug>/", views.index, name="index"),
    path("kwartaal/<slug:slug>/voorbeeld/", views.preview, name="preview"),
    path("kwartaal/<slug:slug>/maken/", views.generate, name="generate"),
]
