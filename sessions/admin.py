from django.contrib import admin

from sessions.models import AgendaTemplate, Invitation, Phase, Question, Series, Session


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "starts_at", "status", "facilitator"]
    list_filter = ["status", "network", "sector"]
    search_fields = ["title", "venue_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["facilitator", "kennisexpert"]
    inlines = [PhaseInline, InvitationInline]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "sector", "created_at"]
    list_filter = ["network"]
    search_fields = ["title"]


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "created_at"]
    list_filter = ["network"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """The starter and action question library; coordinators keep it."""

    list_display = ["text", "kind", "theme", "network", "active"]
    list_filter = ["kind", "theme", "active", "network"]
    search_fields = ["text"]
