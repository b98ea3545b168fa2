from django.contrib import admin

from kennisbank.models import SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """Coordinators add the words of their trade that a search should treat as one; the groups
    of kennisbank/data/synonyms_nl.txt count as well."""

    list_display = ["words", "created_at"]
    search_fields = ["words"]
