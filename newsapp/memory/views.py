"""Thin views for the translation-memory page: list and search, TMX import and export.

Desk members (translators and editors) may browse and export; only editors import.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from newsapp.core.errors import ServiceError
from newsapp.core.roles import desk_member_required, editor_required
from newsapp.memory import selectors, services
from newsapp.memory.forms import EntryForm, ExportForm, ImportForm, SearchForm

PAGE_SIZE = 50
SHOWN_ERRORS = 10
TMX_CONTENT_TYPE = "application/x-tmx+xml"


def _list_page(request: HttpRequest, import_form: ImportForm, status: int = 200) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.entry_search(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "pairs": selectors.language_pairs(),
        "import_form": import_form,
    }
    return render(request, "memory/memory_list.html", context, status=status)


@require_GET
@desk_member_required
def memory_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, ImportForm())


@require_POST
@editor_required
def memory_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.tmx_import(
                data=upload.read(services.MAX_TMX_BYTES + 1),
                user=request.user,
                source_language=form.cleaned_data["source_language"] or None,
            )
        except ServiceError as exc:
            form.add_error("file", str(exc))
        else:
            level = messages.warning if result.errors else messages.success
            level(
                request,
                _("Imported %(file)s: %(summary)s")
                % {"file": upload.name, "summary": result.summary()},
            )
            for error in result.errors[:SHOWN_ERRORS]:
                messages.warning(request, error)
            if len(result.errors) > SHOWN_ERRORS:
                more = len(result.errors) - SHOWN_ERRORS
                messages.warning(
                    request,
                    ngettext("… and %(count)s more.", "… and %(count)s more.", more)
                    % {"count": more},
                )
            return redirect("memory:list")
    return _list_page(request, form, status=400)


@require_GET
@desk_member_required
def memory_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Export: choose languages by their codes, e.g. en and ko."))
        return redirect("memory:list")
    source = form.cleaned_data["source"] or None
    target = form.cleaned_data["target"] or None
    body = selectors.tmx_export(source_language=source, target_language=target)
    response = HttpResponse(body, content_type=f"{TMX_CONTENT_TYPE}; charset=utf-8")
    pair = "".join(f"-{code}" for code in (source, target) if code)
    name = f"translation-memory{pair}-{timezone.now():%Y%m%d}.tmx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@desk_member_required
def memory_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry with its provenance and history; editors correct it here (POST)."""
    entry = selectors.entry_get(pk=pk)
    form = EntryForm(request.POST or None, initial={"target_text": entry.target_text})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.memory_entry_update(
                    entry=entry, user=request.user, target_text=form.cleaned_data["target_text"]
                )
            except ServiceError as exc:
                form.add_error("target_text", str(exc))
            else:
                messages.success(request, _("Memory entry corrected."))
                return redirect("memory:entry", pk=entry.pk)
        status = 400
    context = {"entry": entry, "form": form, "changes": selectors.entry_changes(entry=entry)}
    return render(request, "memory/memory_entry.html", context, status=status)


@require_POST
@editor_required
def memory_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(pk=pk)
    services.memory_entry_delete(entry=entry, user=request.user)
    messages.success(request, _("Memory entry deleted; the deletion is recorded."))
    return redirect("memory:list")
