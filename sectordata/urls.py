from django.urls import path

from sectordata import views

app_name = "sectordata"

urlpatterns = [
    path("sectoren/", views.sector_list, name="sectors"),
    path("sectoren/<slug:slug>/", views.sector_detail, name="sector"),
    path("sectordata/", views.datasets, name="datasets"),
    path("sectordata/koppeling/", views.mapping, name="mapping"),
    path("sectordata/tabel/<str:table_id>.csv", views.export, name="export"),
]
