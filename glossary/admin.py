"""Admin for superusers: browsing, and cleaning up mistakes.

Day-to-day work happens on the glossary pages, through the services. Admin writes bypass the
review rules, so every save or delete here bumps the glossary version (caches rebuild).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from glossary.models import Concept, ConceptHistory, GlossaryVersion, ImportBatch, Term
from glossary.services.version import glossary_version_bump


class BumpsVersion(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        glossary_version_bump()  # the admin does not say what changed: re-check all

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        glossary_version_bump()  # the admin does not say what changed: re-check all

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        glossary_version_bump()  # the admin does not say what changed: re-check all

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        glossary_version_bump()  # the admin does not say what changed: re-check all


class TermInline(admin.TabularInline):
    model = Term
    fk_name = "concept"
    extra = 0
    fields = ("language", "text", "usage", "status", "case_sensitive", "do_not_translate")
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Term]:
        return super().get_queryset(request).filter(revision_of__isnull=True)


@admin.register(Concept)
class ConceptAdmin(BumpsVersion):
    list_display = ("id", "label", "subject", "created_at")
    search_fields = ("label", "terms__search_key")
    list_filter = ("subject",)
    readonly_fields = ("label", "created_by", "created_at", "updated_at")
    inlines = (TermInline,)
    show_full_result_count = False


@admin.register(Term)
class TermAdmin(BumpsVersion):
    list_display = ("text", "language", "usage", "status", "concept_id", "proposed_at")
    list_filter = ("status", "usage", "language")
    search_fields = ("search_key",)
    raw_id_fields = ("concept", "revision_of", "proposed_by", "reviewed_by")
    readonly_fields = ("key", "search_key")
    show_full_result_count = False


@admin.register(ConceptHistory)
class ConceptHistoryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "concept_id", "user", "action", "summary")
    list_filter = ("action",)
    raw_id_fields = ("concept", "term", "user")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GlossaryVersion)
class GlossaryVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "stamp", "updated_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("filename", "format", "created_by", "created_at", "approve", "applied_at")
    exclude = ("content",)
    readonly_fields = ("filename", "format", "created_by", "approve", "plan_digest", "applied_at")
