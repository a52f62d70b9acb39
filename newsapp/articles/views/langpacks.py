"""The language-packs page: every installed pair for the desk; upload, install progress and
removal of Argos packs for editors holding ``articles.manage_langpacks``."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from newsapp.articles.forms import LangpackUploadForm
from newsapp.articles.models import LanguagePackUpload
from newsapp.articles.selectors import langpacks as selectors
from newsapp.articles.services import langpacks
from newsapp.core.errors import ServiceError
from newsapp.core.roles import desk_member_required, role_required

TEMPLATE = "articles/langpacks.html"

manager_required = role_required(
    langpacks.can_manage,
    # Lazy: PermissionDenied's text is rendered in the reader's language.
    cast(
        str, gettext_lazy("Only editors with the permission to manage language packs can do this.")
    ),
)


def _data_message(text: str, **values: object) -> SafeString:
    """A translated message whose values are data: each value escaped; the catalogue's text
    kept as it is, so a translation may mark the values ``translate="no"``."""
    return mark_safe(text % {name: escape(value) for name, value in values.items()})  # noqa: S308


def _page(
    request: HttpRequest, form: LangpackUploadForm | None = None, status: int = 200
) -> HttpResponse:
    manager = langpacks.can_manage(request.user)
    # The uploads first: an upload that finished while the page was being made then shows in
    # the pairs below (read after it); one still installing polls, and its end refreshes them.
    uploads = list(selectors.recent_uploads()) if manager else []
    context = {
        "rows": selectors.pair_rows(),
        "manager": manager,
        "packages": selectors.argos_packages() if manager else [],
        "uploads": uploads,
        "form": form or LangpackUploadForm(),
        "max_mb": selectors.max_upload_mb(),
    }
    if request.htmx and request.GET.get("part") == "pairs":  # type: ignore[attr-defined]
        return render(request, f"{TEMPLATE}#pairs", context)
    return render(request, TEMPLATE, context, status=status)


@require_safe
@desk_member_required
def langpacks_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@manager_required
def langpack_upload(request: HttpRequest) -> HttpResponse:
    form = LangpackUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = langpacks.langpack_upload(
                user=request.user, upload=form.cleaned_data["package"]
            )
        except ServiceError as exc:
            form.add_error("package", str(exc))
        else:
            messages.success(
                request,
                _data_message(
                    _("%(file)s (%(source)s→%(target)s) passed the checks; it is being installed."),
                    file=upload.filename,
                    source=upload.source_language,
                    target=upload.target_language,
                ),
            )
            if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                # static/js/langpacks.js sent it (with upload progress); it loads the page.
                return JsonResponse({"redirect": reverse("articles:langpacks")})
            return redirect("articles:langpacks")
    return _page(request, form, status=400)


@require_safe
@manager_required
def langpack_upload_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload's card (polled while it waits or installs)."""
    upload = get_object_or_404(LanguagePackUpload, pk=pk)
    response = render(request, f"{TEMPLATE}#upload", {"upload": upload, "manager": True})
    if request.htmx and not upload.active:  # type: ignore[attr-defined]
        response["HX-Trigger"] = "langpacks-changed"
    return response


@require_POST
@manager_required
def langpack_install_here(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        outcome = langpacks.langpack_install_here(user=request.user, upload_id=pk)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        level = messages.success if outcome.status == "installed" else messages.error
        level(request, outcome.message)
    return redirect("articles:langpacks")


@manager_required
def langpack_remove(request: HttpRequest, source: str, target: str) -> HttpResponse:
    """GET: what removing the pack would affect, and a button; POST: remove it."""
    try:
        if request.method == "POST":
            info = langpacks.langpack_remove(user=request.user, source=source, target=target)
            messages.success(
                request,
                _data_message(
                    _("Removed the Argos package %(source)s→%(target)s."),
                    source=info.source,
                    target=info.target,
                ),
            )
            return redirect("articles:langpacks")
        preview = langpacks.langpack_removal_preview(source=source, target=target)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("articles:langpacks")
    return render(request, "articles/langpack_remove.html", {"preview": preview})
