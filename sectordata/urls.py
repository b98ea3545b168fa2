from django.urls import path

from sectordata import views

app_name = "sectordata"

urlpatterns = [
    path("sectoren/", views.sector_list, name="sectors"),
    path("sectoren/<slug:slug>/", views.sector_detail, name="sector"),
    path("sectordata/", views.datasets, name="datasets"),
    path("sectordata/koppeling/", views.mapping, name="mapping"),
    path("sectordata/import/<int:pk>/verwijderen/", views.dataset_remove, name="dataset_remove"),
    # <path:>: a table id is whatever the file or the importer gave (a "/" in "RT/2", spaces,
    # any letter), and <str:> cannot reverse an id with a "/", which every page that links
    # the table would need.
    path("sectordata/tabel/<path:table_id>.csv", views.export, name="export"),
]
