from django.urls import path

from kennisbank import views

app_name = "kennisbank"

urlpatterns = [
    path("kennisbank/", views.search, name="search"),
    path("kennisbank/nieuw/", views.new_this_quarter, name="new"),
    path("kennisbank/thema/<str:theme>/", views.by_theme, name="theme"),
    path("kennisbank/sector/<slug:slug>/", views.by_sector, name="sector"),
    path("kennisbank/schrijven/", views.write, name="write"),
    path("kennisbank/moderatie/", views.moderation, name="moderation"),
    # Actions before the item's own address, whose slug would match them too.
    path("kennisbank/<int:pk>/bewerken/", views.edit, name="edit"),
    path("kennisbank/<int:pk>/bruikbaar/", views.useful, name="useful"),
    path("kennisbank/<int:pk>/status/<str:action>/", views.status, name="status"),
    path("kennisbank/<int:pk>/", views.detail, name="detail_short"),
    path("kennisbank/<int:pk>/<slug:slug>/", views.detail, name="detail"),
]
