"""Thin views: download a translation in each export format; import an XLIFF edited elsewhere.

Every view needs a desk member (translators and editors); the version rules of the segment
editor decide what an import may change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from newsapp.articles import exports
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import xliff
from newsapp.core.errors import ServiceError
from newsapp.core.http import download, streaming_download
from newsapp.core.roles import desk_member_required

FORMAT_LABELS = {
    "txt": _("Plain text (.txt)"),
    "md": _("Markdown (.md)"),
    "html": _("Web page (.html)"),
    "docx": _("Word (.docx)"),
    "ninjs": _("IPTC ninjs 2.2, for a CMS (.json)"),
    "xliff": _("XLIFF 1.2, bilingual, for CAT tools (.xlf)"),
}


class XliffUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLIFF file"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "An XLIFF 1.2 file exported from this page and edited in a CAT tool, up to %(size)s MB."
        ) % {"size": xliff.MAX_XLIFF_BYTES // 2**20}


@require_GET
@desk_member_required
def translation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    translation = selectors.translation_get(pk=pk)
    if fmt not in exports.FORMATS:
        raise Http404(gettext("No such export format."))
    if fmt == "xliff":  # the big one for long articles: sent while it is written
        extension, content_type, _ = exports.FORMATS[fmt]
        return streaming_download(
            exports.xliff_chunks(translation=translation), content_type=content_type,
            filename=exports.export_filename(translation=translation, extension=extension),
        )  # fmt: skip
    export = exports.export_render(translation=translation, fmt=fmt)
    return download(export.content, content_type=export.content_type, filename=export.filename)


@desk_member_required
def translation_exchange(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the download links and the import form. POST: import, and show the result."""
    translation = selectors.translation_get(pk=pk)
    posted = request.method == "POST"
    form = XliffUploadForm(request.POST, request.FILES) if posted else XliffUploadForm()
    result = None
    status = 200
    if posted:
        if form.is_valid():
            try:
                result = xliff.xliff_import(
                    translation=translation,
                    data=form.cleaned_data["file"].read(xliff.MAX_XLIFF_BYTES + 1),
                    user=request.user,
                )
            except ServiceError as exc:
                form.add_error("file", str(exc))
        if result is None:
            status = 400
    context = {
        "translation": translation,
        "formats": list(FORMAT_LABELS.items()),
        "form": form,
        "result": result,
    }
    return render(request, "articles/translation_exchange.html", context, status=status)
