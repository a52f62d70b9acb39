"""The translator workspace: the segment editor, its htmx fragments, history and approval.

Thin views: parse, call a service from ``editing`` / ``workflow`` or a selector from
``selectors.editor``, render the page or (for htmx) its fragment. Without JavaScript the
fragments come wrapped in a page, and successful posts redirect back to the editor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape as _escape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glossary.templatetags.glossary_tags import highlight
from newsapp.articles.lengths import length_check
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors import comments as comment_selectors
from newsapp.articles.selectors import editor as selectors
from newsapp.articles.services import comments, editing, workflow
from newsapp.articles.services.checks import dismissal_key
from newsapp.articles.worddiff import word_diff
from newsapp.core.errors import ServiceError
from newsapp.core.languages import label as language_label
from newsapp.core.roles import desk_member_required, editor_required

EDITOR = "articles/editor.html"
SEGMENT_PAGE = "articles/segment_page.html"
APPROVAL = "articles/approval.html"
REPLACE = "articles/replace.html"
CONCORDANCE = "articles/concordance.html"


# --- Presentation helpers (formatting only) -------------------------------------------------


def _issue_message(issue: dict[str, Any]) -> str:
    """A QA or glossary issue's message in the active language.

    Stand-in until ``newsapp.articles.issue_text.issue_message`` (issue 17, i18n-core) is on
    main: then this returns ``issue_message(issue)``."""
    return str(issue.get("message", ""))


def _data_message(text: str, **values: object) -> SafeString:
    """A translated message whose values are data: each value escaped; the catalogue's text
    kept as it is, so a translation may mark the values ``translate="no"``."""
    return mark_safe(text % {name: escape(value) for name, value in values.items()})  # noqa: S308


def _mark_target(text: str, term_checks: dict[str, Any]) -> SafeString:
    """``text`` escaped, approved renderings in ``<mark class="term-ok">``, forbidden terms
    in ``<mark class="term-bad">``. (Plain ``html.escape``: this runs for every row.)"""
    checks = term_checks.get("checks") or []
    marks = {
        str(c["expected"]): '<mark class="term-ok" title="{}">{}</mark>'.format(
            _escape(
                _("Glossary: %(source)s → %(target)s")
                % {"source": c.get("source", ""), "target": c["expected"]}
            ),
            _escape(c["expected"]),
        )
        for c in checks
        if c.get("rendered") and c.get("expected")
    }
    forbidden_title = _escape(_("Forbidden term"))
    for term in term_checks.get("forbidden") or []:
        if term:
            marks[str(term)] = (
                f'<mark class="term-bad" title="{forbidden_title}">{_escape(str(term))}</mark>'
            )
    if not marks or not text:
        return mark_safe(_escape(text))  # noqa: S308 - escaped
    terms = sorted(marks, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + ")")
    pieces, cursor = [], 0
    for match in pattern.finditer(text):
        pieces += [_escape(text[cursor : match.start()]), marks[match.group(0)]]
        cursor = match.end()
    pieces.append(_escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


#: A stand-in primary key: row URLs are reversed once per request, not twice per row.
_PK = "987654321"


def _row_urls() -> dict[str, str]:
    names = ("edit", "history", "dismiss", "comments")
    return {name: reverse(f"editor:{name}", args=[_PK]) for name in names}


def _present(
    segment: Segment, translation: Translation, urls: dict[str, str] | None = None
) -> Segment:
    """Attach what the row template shows: highlighted source, marked target, reasons, URLs."""
    article = translation.article
    urls = urls or _row_urls()
    pk = str(segment.pk)
    segment.edit_url = urls["edit"].replace(_PK, pk)  # type: ignore[attr-defined]
    segment.history_url = urls["history"].replace(_PK, pk)  # type: ignore[attr-defined]
    segment.dismiss_url = urls["dismiss"].replace(_PK, pk)  # type: ignore[attr-defined]
    segment.comments_url = urls["comments"].replace(_PK, pk)  # type: ignore[attr-defined]
    segment.source_html = highlight(  # type: ignore[attr-defined]
        segment.source, article.source_language, [translation.target_language]
    )
    checks = segment.term_checks or {}
    segment.target_html = _mark_target(segment.target_text, checks)  # type: ignore[attr-defined]
    segment.reasons = list(checks.get("reasons") or []) if segment.flagged else []  # type: ignore[attr-defined]
    dismissed = {dismissal_key(d): d for d in segment.qa_dismissed or ()}
    segment.qa_open_issues = []  # type: ignore[attr-defined]
    segment.qa_dismissed_issues = []  # type: ignore[attr-defined]
    for issue in segment.qa_issues or ():
        key = dismissal_key(issue)
        if key in dismissed:
            shown = {**issue, **dismissed[key], "display_message": _issue_message(issue)}
            segment.qa_dismissed_issues.append(shown)  # type: ignore[attr-defined]
        else:
            shown = {**issue, "key": key, "display_message": _issue_message(issue)}
            segment.qa_open_issues.append(shown)  # type: ignore[attr-defined]
    segment.attention = segment.flagged or bool(segment.qa_open_issues)  # type: ignore[attr-defined]
    segment.dismiss_error = ""  # type: ignore[attr-defined]
    segment.max_chars = editing.segment_max_chars(segment.source)  # type: ignore[attr-defined]
    segment.length = _length(segment, translation, segment.target_text)  # type: ignore[attr-defined]
    segment.copies = 0  # type: ignore[attr-defined]  # set after a confirmation (``_saved``)
    return segment


def _length(segment: Segment, translation: Translation, text: str) -> Any:
    return length_check(
        source=segment.source,
        target=text,
        source_language=translation.article.source_language,
        target_language=translation.target_language,
    )


def _segment_context(segment: Segment, **extra: Any) -> dict[str, Any]:
    translation = segment.translation
    context = {
        "segment": _present(segment, translation),
        "translation": translation,
        "article": translation.article,
        "editable": translation.article.status != Article.Status.APPROVED,
        "text": segment.target_text,
        "version": segment.version,
        "error": "",
        "suggestions": [],
        "ask_retranslate": False,
    }
    context.update(extra)
    context["length"] = _length(segment, translation, str(context["text"]))
    return context


def _editor_url(segment: Segment, filter_name: str = "") -> str:
    """The editor page that holds ``segment``, scrolled to it."""
    query = {"at": segment.pk, **({"filter": filter_name} if filter_name else {})}
    return (
        reverse("editor:translation", args=[segment.translation_id])
        + f"?{urlencode(query)}#seg-{segment.pk}"
    )


def _page_url(translation_id: int, *, filter_name: str, page: int = 1) -> str:
    query: dict[str, Any] = {}
    if filter_name != "all":
        query["filter"] = filter_name
    if page > 1:
        query["page"] = page
    url = reverse("editor:translation", args=[translation_id])
    return f"{url}?{urlencode(query)}" if query else url


def _filter_links(
    translation_id: int, progress: selectors.Progress, current: str
) -> list[dict[str, Any]]:
    return [
        {
            "name": name, "label": label, "count": progress.counts.get(name, 0),
            "url": _page_url(translation_id, filter_name=name), "current": name == current,
        }
        for name, label in selectors.FILTERS.items()
    ]  # fmt: skip


def _pager_links(
    translation_id: int, window: selectors.Window, *, at: int | None
) -> dict[str, str]:
    """Previous / next page, and "Next flagged" from the sentence linked to (``at``) or from
    the top of the page (JavaScript sends the focused sentence's position instead)."""
    name = window.filter
    after = window.segments[0].order - 1 if window.segments else -1
    after = next((s.order for s in window.segments if s.pk == at), after)
    next_flagged = reverse("editor:next-flagged", args=[translation_id])
    query = {"after": after, **({"filter": name} if name != "all" else {})}
    return {
        "previous_url": _page_url(translation_id, filter_name=name, page=window.page - 1)
        if window.has_previous
        else "",
        "next_url": _page_url(translation_id, filter_name=name, page=window.page + 1)
        if window.has_next
        else "",
        "next_flagged_base": next_flagged,
        "next_flagged_url": f"{next_flagged}?{urlencode(query)}",
    }


def _current_filter(request: HttpRequest) -> str:
    """The filter of the editor page an htmx request comes from ("all" if none)."""
    current = request.htmx.current_url or ""  # type: ignore[attr-defined]
    name = parse_qs(urlsplit(current).query).get("filter", ["all"])[0]
    return name if name in selectors.FILTERS else "all"


def _int_param(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None


def _fragment(
    request: HttpRequest, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The editor fragment for htmx, or the same fragment in a page without it."""
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{EDITOR}#{partial}", context, status=status)
    context = {**context, "partial": f"{EDITOR}#{partial}"}
    return render(request, SEGMENT_PAGE, context, status=status)


def _saved(request: HttpRequest, segment: Segment) -> HttpResponse:
    """After a write: the row, with the progress counter swapped out of band."""
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(_editor_url(segment))
    segment.translation.refresh_from_db(fields=["compliance"])
    segment.comment_count = comment_selectors.comment_count(segment_id=segment.pk)  # type: ignore[attr-defined]
    progress = selectors.translation_progress(translation_id=segment.translation_id)
    filters = _filter_links(segment.translation_id, progress, _current_filter(request))
    context = _segment_context(segment, progress=progress, filters=filters, oob=True)
    if segment.state == Segment.State.CONFIRMED:
        # Repeated sentences: offer to confirm the same text on the copies.
        context["segment"].copies = len(selectors.segment_copies(segment=segment))
    response = render(request, f"{EDITOR}#row-saved", context)
    response["HX-Trigger"] = "segment-saved"  # the approval panel reloads its counts
    return response


def _conflict(
    request: HttpRequest, conflict: editing.SegmentConflict, *, text: str, action: str
) -> HttpResponse:
    current = selectors.editor_segment_get(pk=conflict.segment.pk)
    context = _segment_context(
        current,
        text=text,
        action=action,
        latest=selectors.segment_latest_revision(segment_id=current.pk),
    )
    return _fragment(request, "conflict", context, status=409)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# --- The editor ------------------------------------------------------------------------------


@require_GET
@desk_member_required
def translation_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """One page of a translation's sentences (``EDITOR_PAGE_SEGMENTS``), in a filter, with the
    whole translation's progress. ``?at=<segment>`` opens the page that holds the segment."""
    translation = selectors.editor_translation_get(pk=pk)
    filter_name = request.GET.get("filter", "all") or "all"
    if filter_name not in selectors.FILTERS:
        messages.warning(
            request,
            _data_message(
                _("There is no filter “%(name)s”; showing all sentences."), name=filter_name
            ),
        )
        filter_name = "all"
    at = _int_param(request, "at")
    progress = selectors.translation_progress(translation_id=translation.pk)
    window = selectors.editor_window(
        translation=translation,
        size=settings.EDITOR_PAGE_SEGMENTS,
        matching=progress.counts[filter_name],
        page=_int_param(request, "page") or 1,
        filter_name=filter_name,
        at_segment=at,
    )
    urls = _row_urls()
    segments = [_present(s, translation, urls) for s in window.segments]
    article = translation.article
    context = {
        "translation": translation,
        "article": article,
        "paragraphs": selectors.paragraphs_of(segments),
        "progress": progress,
        "window": window,
        "filters": _filter_links(translation.pk, progress, filter_name),
        **_pager_links(translation.pk, window, at=at),
        "editable": article.status != Article.Status.APPROVED,
        "source_label": language_label(article.source_language),
        "target_label": language_label(translation.target_language),
        "oob": False,
    }
    return render(request, EDITOR, context)


@require_GET
@desk_member_required
def translation_next_flagged(request: HttpRequest, pk: int) -> HttpResponse:
    """Redirect to the next sentence needing attention after ``?after=<position>`` (from 0),
    in ``?filter=``, on whatever page holds it; round to the first one after the last."""
    translation = selectors.editor_translation_get(pk=pk)
    filter_name = request.GET.get("filter", "all")
    filter_name = filter_name if filter_name in selectors.FILTERS else "all"
    after = _int_param(request, "after")
    found = selectors.editor_next_flagged(
        translation=translation,
        after_order=-1 if after is None else after,
        filter_name=filter_name,
    )
    if found is None:
        messages.info(request, _("No sentence is flagged here: nothing left to look at."))
        return redirect(_page_url(translation.pk, filter_name=filter_name))
    return redirect(_editor_url(found, filter_name if filter_name != "all" else ""))


@require_GET
@desk_member_required
def segment_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The row as displayed (Esc, "Keep theirs")."""
    segment = selectors.editor_segment_get(pk=pk)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(_editor_url(segment))
    return render(request, f"{EDITOR}#row", _segment_context(segment))


@require_GET
@desk_member_required
def segment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The row with a textarea, and translation-memory suggestions for its sentence."""
    segment = selectors.editor_segment_get(pk=pk)
    translation = segment.translation
    if translation.article.status == Article.Status.APPROVED:
        return _fragment(request, "row", _segment_context(segment))
    suggestions = selectors.segment_suggestions(
        source=segment.source,
        source_language=translation.article.source_language,
        target_language=translation.target_language,
    )
    return _fragment(request, "edit", _segment_context(segment, suggestions=suggestions))


@require_POST
@desk_member_required
def segment_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save (action=save) or confirm (action=confirm) a person's text, as of its version."""
    segment = selectors.editor_segment_get(pk=pk)
    text = request.POST.get("text", "")
    action = request.POST.get("action", "save")
    version = _version(request)
    if version is None or action not in ("save", "confirm"):
        return HttpResponseBadRequest(_("A version number and action=save|confirm are required."))
    return _change(
        request,
        segment,
        lambda: editing.segment_save(
            segment_id=segment.pk,
            user=request.user,
            text=text,
            version=version,
            confirm=action == "confirm",
        ),
        text=text,
        version=version,
        action=action,
    )


def _change(
    request: HttpRequest,
    segment: Segment,
    change: Callable[[], Segment],
    *,
    text: str,
    version: int,
    action: str,
) -> HttpResponse:
    """Run an editing service: the saved row, the 409 conflict view, or the form with its error."""
    try:
        saved = change()
    except editing.SegmentConflict as conflict:
        return _conflict(request, conflict, text=text, action=action)
    except ServiceError as exc:
        context = _segment_context(
            segment,
            text=text,
            version=version,
            error=str(exc),
            ask_retranslate=isinstance(exc, editing.RetranslateConfirmed),
        )
        return _fragment(request, "edit", context)  # re-rendered with the error, like a form
    return _saved(request, saved)


@require_POST
@desk_member_required
def segment_retranslate(request: HttpRequest, pk: int) -> HttpResponse:
    """Translate the sentence again with the engine (only if still at the posted version)."""
    segment = selectors.editor_segment_get(pk=pk)
    version = _version(request)
    if version is None:
        return HttpResponseBadRequest(_("A version number is required."))
    text = request.POST.get("text", segment.target_text)
    return _change(
        request,
        segment,
        lambda: editing.segment_retranslate(
            segment_id=segment.pk,
            user=request.user,
            version=version,
            overwrite_confirmed=request.POST.get("overwrite") == "1",
        ),
        text=text,
        version=version,
        action="save",
    )


@require_POST
@desk_member_required
def segment_propagate(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a confirmed sentence's text on its identical copies in the translation."""
    segment = selectors.editor_segment_get(pk=pk)
    try:
        changed = editing.segment_propagate(segment_id=segment.pk, user=request.user)
    except editing.SegmentConflict:
        messages.error(
            request,
            _(
                "A copy of sentence %(number)s changed meanwhile; nothing was copied. "
                "Look at the copies and try again."
            )
            % {"number": segment.order + 1},
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "Sentence %(number)s's translation confirmed on %(count)s identical sentence.",
                "Sentence %(number)s's translation confirmed on %(count)s identical sentences.",
                changed,
            )
            % {"number": segment.order + 1, "count": changed},
        )
    return redirect(_editor_url(segment))


@require_POST
@desk_member_required
def translation_confirm_memory(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm every exact translation-memory match of the translation in one action."""
    translation = selectors.editor_translation_get(pk=pk)
    back = _page_url(translation.pk, filter_name="memory")
    try:
        result = editing.translation_confirm_memory_matches(
            translation_id=translation.pk, user=request.user
        )
    except editing.SegmentConflict:
        messages.error(
            request, _("A sentence changed meanwhile; nothing was confirmed. Try again.")
        )
        return redirect(back)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    confirmed, skipped = result["confirmed"], result["skipped"]
    if not confirmed and not skipped:
        messages.info(request, _("No unconfirmed exact memory match is left in this translation."))
    else:
        text = ngettext(
            "Confirmed %(count)s exact memory match.",
            "Confirmed %(count)s exact memory matches.",
            confirmed,
        ) % {"count": confirmed}
        if skipped:
            text += " " + ngettext(
                "%(count)s flagged match was left for you to check.",
                "%(count)s flagged matches were left for you to check.",
                skipped,
            ) % {"count": skipped}
        messages.success(request, text)
    return redirect(back)


def _replace_form(data: Any) -> dict[str, Any]:
    return {
        "find": editing.clean_text(data.get("find", "")),
        "replace": editing.clean_text(data.get("replace", "")),
        "ignore_case": data.get("ignore_case") == "1",
    }


def _chosen_versions(request: HttpRequest) -> dict[int, int] | None:
    """The sentences ticked in the preview, as ``segment id: version`` ("12:3")."""
    versions = {}
    for value in request.POST.getlist("segment"):
        pk, _, version = value.partition(":")
        if not (pk.isdigit() and version.isdigit()):
            return None
        versions[int(pk)] = int(version)
    return versions


@require_http_methods(["GET", "POST"])
@desk_member_required
def translation_replace(request: HttpRequest, pk: int) -> HttpResponse:
    """Find and replace across the translation: GET previews (which sentences change,
    before and after), POST applies it to the sentences ticked in the preview."""
    translation = selectors.editor_translation_get(pk=pk)
    article = translation.article
    form = _replace_form(request.POST if request.method == "POST" else request.GET)
    error, status = "", 200
    if request.method == "POST":
        versions = _chosen_versions(request)
        try:
            if versions is None:
                raise ServiceError(_("The form sent a sentence it cannot read; preview again."))
            changed = editing.translation_replace(
                translation_id=translation.pk, user=request.user, versions=versions, **form
            )
        except editing.SegmentConflict as conflict:
            error, status = (
                _("%(conflict)s Nothing was replaced: here is the preview as it is now.")
                % {"conflict": conflict},
                409,
            )
        except ServiceError as exc:
            error, status = str(exc), 400
        else:
            messages.success(
                request,
                _data_message(
                    ngettext(
                        "Replaced “%(find)s” with “%(replace)s” in %(count)s sentence.",
                        "Replaced “%(find)s” with “%(replace)s” in %(count)s sentences.",
                        changed,
                    ),
                    find=form["find"],
                    replace=form["replace"],
                    count=changed,
                ),
            )
            return redirect(_page_url(translation.pk, filter_name="changed"))
    if len(form["find"]) > selectors.SEARCH_MAX_CHARS:
        error = _("Search for at most %(count)s characters.") % {
            "count": selectors.SEARCH_MAX_CHARS
        }
        status = 400
        form["find"] = form["find"][: selectors.SEARCH_MAX_CHARS]
    preview = selectors.replace_preview(translation=translation, **form) if form["find"] else []
    context = {
        "translation": translation,
        "article": article,
        "editable": article.status != Article.Status.APPROVED,
        "preview": preview,
        "occurrences": sum(item.count for item in preview),
        "searched": bool(form["find"]),
        "error": error,
        **form,
    }
    return render(request, REPLACE, context, status=status)


@require_GET
@desk_member_required
def translation_concordance(request: HttpRequest, pk: int) -> HttpResponse:
    """Memory entries and glossary terms containing ``?q=`` (a word selected in the editor)."""
    translation = selectors.editor_translation_get(pk=pk)
    q = " ".join(request.GET.get("q", "").split())
    found = selectors.concordance(
        q=q,
        source_language=translation.article.source_language,
        target_language=translation.target_language,
    )
    context = {
        "translation": translation,
        "article": translation.article,
        "q": q[: selectors.SEARCH_MAX_CHARS],
        "found": found,
        "limit": selectors.CONCORDANCE_LIMIT,
        "too_long": len(q) > selectors.SEARCH_MAX_CHARS,
    }
    template = f"{CONCORDANCE}#panel" if request.htmx else CONCORDANCE  # type: ignore[attr-defined]
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@desk_member_required
def segment_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """A sentence's discussion: GET the thread, POST a comment (with @mentions)."""
    segment = selectors.editor_segment_get(pk=pk)
    text, error = "", ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            comments.segment_comment_add(segment_id=segment.pk, user=request.user, text=text)
        except ServiceError as exc:
            error = str(exc)  # shown in the form, like the editor's other fragments
            if not request.htmx:  # type: ignore[attr-defined]
                messages.error(
                    request,
                    _("Sentence %(number)s: %(error)s")
                    % {"number": segment.order + 1, "error": exc},
                )
                return redirect(_editor_url(segment))
        else:
            text = ""
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(
                    request,
                    _("Comment added to sentence %(number)s.") % {"number": segment.order + 1},
                )
                return redirect(_editor_url(segment))
    thread = comment_selectors.segment_comments(segment_id=segment.pk)
    context = _segment_context(
        segment,
        comments=thread,
        desk_usernames=comment_selectors.desk_usernames(),
        comment_text=text,
        error=error,
        # After a comment, the row's "Comments (n)" link is swapped out of band.
        comments_oob=request.method == "POST" and bool(request.htmx),  # type: ignore[attr-defined]
    )
    context["segment"].comment_count = len(thread)
    return _fragment(request, "comments", context)


@require_GET
@desk_member_required
def segment_history(request: HttpRequest, pk: int) -> HttpResponse:
    segment = selectors.editor_segment_get(pk=pk)
    revisions = list(selectors.segment_history(segment_id=segment.pk))
    # (``[None]`` only after a revision: a sentence may have none, "No earlier versions".)
    for newer, older in zip(revisions, [*revisions[1:], None][: len(revisions)], strict=True):
        # Newest first: each version against the one before it (the first has nothing to diff).
        newer.diff = word_diff(older.text, newer.text) if older else []  # type: ignore[attr-defined]
    return _fragment(request, "history", _segment_context(segment, revisions=revisions))


@require_POST
@desk_member_required
def segment_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss one open QA issue of a sentence with a reason (``key``: the issue's code and
    values as ``services.checks.dismissal_key`` writes them)."""
    segment = selectors.editor_segment_get(pk=pk)
    try:
        code, params = json.loads(request.POST.get("key", ""))
        if not isinstance(code, str) or not isinstance(params, dict):
            raise ValueError
    except (ValueError, TypeError):
        return HttpResponseBadRequest(_("Which issue? The form must send the issue's key."))
    try:
        saved = editing.segment_dismiss_issue(
            segment_id=segment.pk,
            user=request.user,
            code=code,
            params=params,
            reason=request.POST.get("reason", ""),
        )
    except ServiceError as exc:
        if not request.htmx:  # type: ignore[attr-defined]
            messages.error(
                request,
                _("Sentence %(number)s: %(error)s") % {"number": segment.order + 1, "error": exc},
            )
            return redirect(_editor_url(segment))
        context = _segment_context(segment)
        context["segment"].dismiss_error = str(exc)
        return render(request, f"{EDITOR}#row", context)
    return _saved(request, saved)


# --- Approval ------------------------------------------------------------------------------


def _approval_context(article: Article, **extra: Any) -> dict[str, Any]:
    return {
        "article": article,
        "violations": selectors.article_violations(article=article),
        "error": "",
        "reason": "",
        **extra,
    }


def _approval_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    template = f"{APPROVAL}#panel" if request.htmx else APPROVAL  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@desk_member_required
def article_approval(request: HttpRequest, pk: int) -> HttpResponse:
    """The approval panel: status, unresolved violations, and (editors) the approve form."""
    article = selectors.article_approval_get(pk=pk)
    return _approval_response(request, _approval_context(article))


@require_POST
@editor_required
def article_approve(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_approval_get(pk=pk)
    reason = request.POST.get("override_reason", "")
    try:
        workflow.article_approve(article=article, user=request.user, override_reason=reason)
    except ServiceError as exc:
        if not request.htmx:  # type: ignore[attr-defined]
            messages.error(request, str(exc))
            return redirect("editor:approval", pk=article.pk)
        return _approval_response(
            request, _approval_context(article, error=str(exc), reason=reason)
        )
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _data_message(_("“%(title)s” is approved."), title=article.title))
        return redirect("articles:detail", pk=article.pk)
    article = selectors.article_approval_get(pk=pk)
    return _approval_response(request, _approval_context(article))


@require_POST
@editor_required
def article_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_approval_get(pk=pk)
    try:
        workflow.article_send_back(article=article, user=request.user)
    except ServiceError as exc:
        if not request.htmx:  # type: ignore[attr-defined]
            messages.error(request, str(exc))
            return redirect("editor:approval", pk=article.pk)
        return _approval_response(request, _approval_context(article, error=str(exc)))
    if not request.htmx:  # type: ignore[attr-defined]
        messages.info(
            request,
            _data_message(
                _("“%(title)s” is back in review; it can be edited again."), title=article.title
            ),
        )
        return redirect("articles:detail", pk=article.pk)
    return _approval_response(request, _approval_context(article))
