"""Thin views: parse, call a service or selector, render (the fragment for htmx).

Every view needs a desk member; reviewing needs an editor. The services check the editor
rule again, so a translator's approve request is refused (403) whatever the page showed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from glossary import io as glossary_io
from glossary import selectors, sources
from glossary.forms import (
    ApproveMixin,
    BulkReviewForm,
    CandidateAcceptForm,
    CandidateFilterForm,
    CandidateIdsForm,
    CandidateTermFormSet,
    CandidateVariantForm,
    ConceptForm,
    ExportForm,
    IgnoreForm,
    ImportForm,
    ReviewFilterForm,
    ReviewForm,
    SearchForm,
    TermEditForm,
    TermFormSet,
)
from glossary.models import ImportStatus, Term, TermCandidate
from glossary.services import candidates as candidate_services
from glossary.services import imports, review
from glossary.services import terms as term_services
from glossary.sources import SourceRef
from glossary.termdata import TERM_FIELDS
from glossary.texts import html_message, localize
from newsapp.core.errors import ServiceError
from newsapp.core.http import streaming_download
from newsapp.core.roles import desk_member_required, editor_required

QUEUE_PAGE_SIZE = 50
DEFAULT_LANGUAGES = ("en", "ko", "ja")


def _template(request: HttpRequest, page: str, partial: str) -> str:
    return f"{page}#{partial}" if request.htmx else page  # type: ignore[attr-defined]


# --- List and detail ----------------------------------------------------------------------


@require_GET
@desk_member_required
def concept_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, subjects=selectors.subjects())
    filters = form.filters() if form.is_bound else {}
    number = request.GET.get("page", "")
    page = selectors.concept_page(page=int(number) if number.isdigit() else 1, **filters)
    context = {"form": form, "page": page, "filtered": bool(filters)}
    return render(request, _template(request, "glossary/concept_list.html", "results"), context)


@require_GET
@desk_member_required
def concept_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concept = selectors.concept_get(pk=pk)
    context = {
        "concept": concept,
        "terms": concept.live_terms,  # type: ignore[attr-defined]
        "history": selectors.concept_history(concept=concept),
        "review_form": ReviewForm(),
    }
    return render(request, "glossary/concept_detail.html", context)


# --- Proposals ------------------------------------------------------------------------------


def _prefill(request: HttpRequest) -> tuple[str, str, SourceRef | None]:
    """?text=…&lang=…&source=<id> (GET) or the same hidden fields (POST)."""
    params = request.POST if request.method == "POST" else request.GET
    text = " ".join(params.get("text", "").split())[:200]
    lang = params.get("lang", "").strip()[:16]
    source = sources.resolve(params.get("source", ""))
    if source is not None and not lang:
        lang = source.language
    return text, lang, source


def _candidate_param(request: HttpRequest) -> TermCandidate | None:
    """The open candidate a proposal starts from (?candidate=<id>), if any."""
    params = request.POST if request.method == "POST" else request.GET
    value = params.get("candidate", "")
    return selectors.candidate_open(pk=int(value)) if value.isdigit() else None


def _candidate_initial(candidate: TermCandidate) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"language": t.language, "text": t.text, "term_type": t.term_type,
         "part_of_speech": t.part_of_speech}
        for t in selectors.candidate_proposal(candidate=candidate)
    ]  # fmt: skip
    used = {row["language"] for row in rows}
    spare = [{"language": code} for code in DEFAULT_LANGUAGES if code not in used]
    return (rows + spare[: max(0, 3 - len(rows))])[:10]  # at least the form's three rows


@desk_member_required
def concept_propose(request: HttpRequest) -> HttpResponse:
    text, lang, source = _prefill(request)
    candidate = _candidate_param(request)
    languages = [lang or "en", *(c for c in DEFAULT_LANGUAGES if c != (lang or "en"))][:3]
    initial: list[dict[str, Any]] = [{"language": code} for code in languages]
    initial[0]["text"] = text
    if candidate is not None:
        initial = _candidate_initial(candidate)
        text = text or candidate.text
    bound = request.method == "POST"
    concept_form = ConceptForm(request.POST if bound else None)
    formset = TermFormSet(request.POST if bound else None, prefix="terms", initial=initial)
    approve_form = ApproveMixin(request.POST if bound else None)
    if bound and concept_form.is_valid() and formset.is_valid() and approve_form.is_valid():
        proposed = [form.term_data() for form in formset if not form.is_blank()]
        about = {
            "definition": concept_form.cleaned_data["definition"],
            "subject": concept_form.cleaned_data["subject"],
            "external_url": concept_form.cleaned_data["external_url"],
            "source": source,
            "approve": approve_form.cleaned_data["approve"],
        }
        try:
            if candidate is not None:  # from the article's candidates panel
                concept = candidate_services.candidate_propose(
                    user=request.user, candidate=candidate, terms=proposed, **about
                )
            else:
                concept = term_services.concept_propose(user=request.user, terms=proposed, **about)
        except ServiceError as exc:
            concept_form.add_error(None, localize(exc, html=True))
        else:
            if approve_form.cleaned_data["approve"]:
                done = html_message(_("Concept added and approved: %(concept)s."), concept=concept)
            else:
                done = html_message(_("Concept proposed: %(concept)s."), concept=concept)
            messages.success(request, done)
            return redirect("glossary:concept", pk=concept.pk)
    context = {
        "concept_form": concept_form,
        "formset": formset,
        "approve_form": approve_form,
        "text": text,
        "lang": lang,
        "source": source,
        "candidate": candidate,
        "similar": selectors.similar_concepts(text=text) if text else [],
    }
    return render(request, "glossary/concept_propose.html", context)


@desk_member_required
def term_propose(request: HttpRequest, pk: int) -> HttpResponse:
    concept = selectors.concept_get(pk=pk)
    text, lang, source = _prefill(request)
    form = TermEditForm(
        request.POST if request.method == "POST" else None,
        initial={"language": lang or "en", "text": text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            term = term_services.term_propose(
                user=request.user, concept=concept, data=form.term_data(), source=source,
                approve=form.cleaned_data["approve"],
            )  # fmt: skip
        except ServiceError as exc:
            form.add_error(None, localize(exc, html=True))
        else:
            messages.success(
                request,
                html_message(
                    _("%(status)s: %(language)s “%(term)s”."),
                    status=SafeString(escape(term.get_status_display())),
                    language=term.language,
                    term=str(term),
                ),
            )
            return redirect("glossary:concept", pk=concept.pk)
    context = {"concept": concept, "form": form, "source": source, "term": None,
               "pending": None, "editing": False}  # fmt: skip
    return render(request, "glossary/term_form.html", context)


@desk_member_required
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_get(pk=pk)
    pending = None
    if term.revision_of_id is None and term.status == Term.Status.APPROVED:
        pending = selectors.term_pending_revision(term=term)
    editing = pending or term
    form = TermEditForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(editing, name) for name in TERM_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = term_services.term_update(
                user=request.user, term=editing, data=form.term_data(),
                approve=form.cleaned_data["approve"],
            )  # fmt: skip
        except ServiceError as exc:
            form.add_error(None, localize(exc, html=True))
        else:
            if result.is_revision:
                messages.info(request, _("Your change awaits an editor's review; the approved "
                                         "term stays in force until then."))  # fmt: skip
            else:
                messages.success(
                    request,
                    html_message(
                        _("Saved: %(language)s “%(term)s”."),
                        language=result.language,
                        term=str(result),
                    ),
                )
            return redirect("glossary:concept", pk=term.concept_id)
    original = term.revision_of or term
    context = {
        "concept": term.concept,
        "term": original,
        "pending": pending,
        "form": form,
        "editing": True,
        "source": None,
    }
    return render(request, "glossary/term_form.html", context)


@editor_required
def concept_edit(request: HttpRequest, pk: int) -> HttpResponse:
    concept = selectors.concept_get(pk=pk)
    form = ConceptForm(
        request.POST if request.method == "POST" else None,
        initial={"definition": concept.definition, "subject": concept.subject,
                 "external_url": concept.external_url},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            term_services.concept_update(user=request.user, concept=concept, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, localize(exc, html=True))
        else:
            messages.success(request, _("Concept saved."))
            return redirect("glossary:concept", pk=concept.pk)
    return render(request, "glossary/concept_form.html", {"concept": concept, "form": form})


# --- Review ---------------------------------------------------------------------------------


@require_GET
@editor_required
def review_queue(request: HttpRequest) -> HttpResponse:
    filters = ReviewFilterForm(request.GET or None, facets=selectors.review_queue_facets())
    narrowed: dict[str, Any] = {}
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        narrowed = {"language": data["language"], "subject": data["subject"],
                    "proposer": data["proposer"], "source_id": data["source"]}  # fmt: skip
    terms = selectors.review_queue(**narrowed)
    if filters.is_bound and not filters.is_valid():
        terms = terms.none()
    page = Paginator(terms, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    items = [_review_item(term) for term in page.object_list]
    filtering = any(key != "page" for key in request.GET)
    context = {"page": page, "items": items, "review_form": ReviewForm(), "filters": filters,
               "filtering": filtering, "here": request.get_full_path()}  # fmt: skip
    return render(request, "glossary/review_queue.html", context)


@require_POST
@editor_required
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or reject the selected proposals, or a whole concept's, with one comment."""
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    else:
        data = form.cleaned_data
        ids = list(data["term"])
        if data["concept"]:
            ids += selectors.review_concept_proposals(concept_id=data["concept"])
        try:
            count = review.terms_review_bulk(
                user=request.user, term_ids=ids, decision=data["decision"],
                comment=data["comment"],
            )  # fmt: skip
        except ServiceError as exc:
            messages.error(request, localize(exc, html=True))
        else:
            if data["decision"] == "approve":
                text = ngettext(
                    "Approved %(count)s proposal.", "Approved %(count)s proposals.", count
                )
            else:
                text = ngettext(
                    "Rejected %(count)s proposal.", "Rejected %(count)s proposals.", count
                )
            messages.success(request, text % {"count": count})
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("glossary:review")


def _review_item(
    term: Term, *, pk: int | None = None, outcome: str = "", error: str = ""
) -> dict[str, Any]:
    changes = selectors.revision_changes(term=term) if term.revision_of_id else {}
    return {
        "pk": pk or term.pk,  # an approved or rejected change is deleted: keep its id
        "term": term,
        "changes": changes,
        "others": getattr(term.concept, "live_terms", []),
        "outcome": outcome,
        "error": error,
    }


@require_POST
@editor_required
def term_review(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_get(pk=pk)
    form = ReviewForm(request.POST)
    outcome = error = ""
    if not form.is_valid():
        error = _("Choose approve or reject.")
    else:
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        action = review.term_approve if decision == "approve" else review.term_reject
        try:
            action(user=request.user, term=term, comment=comment)
        except ServiceError as exc:
            error = localize(exc, html=True)
        else:
            outcome = "approved" if decision == "approve" else "rejected"
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "item": _review_item(term, pk=pk, outcome=outcome, error=error),
            "here": request.headers.get("HX-Current-URL", "") or reverse("glossary:review"),
        }
        return render(request, "glossary/review_queue.html#review-item", context)
    if error:
        messages.error(request, error)
    else:
        done = (
            _("Approved: %(language)s “%(term)s”.")
            if outcome == "approved"
            else _("Rejected: %(language)s “%(term)s”.")
        )
        messages.success(request, html_message(done, language=term.language, term=term.text))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("glossary:review")


# --- Import and export -------------------------------------------------------------------


@desk_member_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.import_batch_create(
                user=request.user, filename=upload.name,
                data=upload.read(glossary_io.MAX_UPLOAD_BYTES + 1),
                approve=form.cleaned_data["approve"],
            )  # fmt: skip
        except (ServiceError, glossary_io.GlossaryFormatError) as exc:
            form.add_error("file", localize(exc, html=True))
        else:
            return redirect("glossary:import_preview", batch_id=batch.pk)
    context = {"form": form, "export_form": ExportForm()}
    return render(request, "glossary/import.html", context)


@desk_member_required
def import_preview(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """The stored plan, paged (never re-planned); htmx polls the progress of a large file."""
    batch = selectors.import_batch_get(batch_id=batch_id, user=request.user)
    if request.method == "POST":
        if batch.applied_at is None:
            try:
                result = imports.import_batch_apply(
                    user=request.user, batch=batch, digest=request.POST.get("digest", "")
                )
            except ServiceError as exc:
                messages.error(request, localize(exc, html=True))
                return redirect("glossary:import_preview", batch_id=batch.pk)
            if result is None:
                messages.info(request, _("Importing in the background; this page shows the "
                                         "outcome when it is done."))  # fmt: skip
                return redirect("glossary:import_preview", batch_id=batch.pk)
            counts = {
                "created": result.created,
                "updated": result.updated,
                "added": result.terms_added,
                "changed": result.terms_changed,
            }
            if batch.approve:
                done = _(
                    "Imported: %(created)s concepts created, %(updated)s updated, %(added)s terms "
                    "added, %(changed)s changed, all approved."
                )
            else:
                done = _(
                    "Imported: %(created)s concepts created, %(updated)s updated, %(added)s terms "
                    "added, %(changed)s changed, waiting for review."
                )
            messages.success(request, done % counts)
            return redirect("glossary:list")
        return redirect("glossary:import_preview", batch_id=batch.pk)
    busy = batch.status in (ImportStatus.PLANNING, ImportStatus.APPLYING)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "glossary/import_preview.html#progress", {"batch": batch})
        if not busy:
            response["HX-Refresh"] = "true"
        return response
    show = request.GET.get("show", "")
    show = show if show in IMPORT_ACTIONS else ""
    page = None
    sections: dict[str, list[Any]] = {action: [] for action in IMPORT_ACTIONS}
    if not busy:
        page = selectors.import_plan_page(batch=batch, action=show, page=request.GET.get("page", 1))
        for row in page.object_list:
            sections[row.action].append(row)
    context = {
        "batch": batch,
        "busy": busy,
        "show": show,
        "actions": IMPORT_ACTIONS,
        "page": page,
        "sections": sections,
        "has_changes": bool(batch.counts.get("create") or batch.counts.get("update")),
    }
    return render(request, "glossary/import_preview.html", context)


#: Filters of the preview's table, with their labels.
IMPORT_ACTIONS = {"create": gettext_lazy("to create"), "update": gettext_lazy("to update"),
                  "unchanged": gettext_lazy("unchanged"),
                  "refuse": gettext_lazy("refused")}  # fmt: skip


@require_GET
@desk_member_required
def export(request: HttpRequest) -> HttpResponseBase:
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose CSV or TBX, and languages from the list."))
        return redirect("glossary:import")
    fmt, languages = form.cleaned_data["format"], form.cleaned_data["lang"]
    content_type = "text/csv" if fmt == "csv" else "application/x-tbx+xml"
    suffix = "-" + "-".join(languages) if languages else ""
    return streaming_download(
        glossary_io.export(fmt, languages=languages),
        content_type=f"{content_type}; charset=utf-8",
        filename=f"glossary{suffix}-{timezone.now():%Y%m%d}.{fmt}",
    )


# --- Term candidates (docs/glossary.md, "Candidates") ------------------------------------


def _candidate_item(
    candidate: TermCandidate,
    *,
    formset: Any = None,
    accept_form: CandidateAcceptForm | None = None,
    outcome: str = "",
    error: str = "",
) -> dict[str, Any]:
    """What one queue entry shows: the candidate, its editable terms, and any outcome."""
    if formset is None:
        proposal = selectors.candidate_proposal(candidate=candidate)
        formset = CandidateTermFormSet(
            prefix=f"c{candidate.pk}",
            initial=[{"language": t.language, "text": t.text, "term_type": t.term_type,
                      "part_of_speech": t.part_of_speech} for t in proposal],
        )  # fmt: skip
    if accept_form is None:
        title = candidate.parts[0] if len(candidate.parts) > 1 else ""
        accept_form = CandidateAcceptForm(prefix=f"c{candidate.pk}", initial={"definition": title})
    return {"candidate": candidate, "formset": formset, "accept_form": accept_form,
            "outcome": outcome, "error": error}  # fmt: skip


@require_GET
@editor_required
def candidate_queue(request: HttpRequest) -> HttpResponse:
    form = CandidateFilterForm(request.GET or None)
    filters = form.filters()
    number = request.GET.get("page", "")
    page = selectors.candidate_page(page=int(number) if number.isdigit() else 1, **filters)
    context = {
        "form": form,
        "page": page,
        "items": [_candidate_item(candidate) for candidate in page.candidates],
        "status": filters["status"],
        "source_id": filters["source_id"],
    }
    template = _template(request, "glossary/candidate_queue.html", "candidate-results")
    return render(request, template, context)


def _item_response(
    request: HttpRequest, item: dict[str, Any], *, message: str = ""
) -> HttpResponseBase:
    """The entry again (htmx), or back to the queue with a message."""
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "glossary/candidate_queue.html#candidate-item", {"item": item})
    if item["error"]:
        messages.error(request, item["error"])
    elif message:
        messages.success(request, message)
    return redirect("glossary:candidates")


@require_POST
@editor_required
def candidate_accept(request: HttpRequest, pk: int) -> HttpResponseBase:
    candidate = selectors.candidate_get(pk=pk)
    formset = CandidateTermFormSet(request.POST, prefix=f"c{pk}")
    accept_form = CandidateAcceptForm(request.POST, prefix=f"c{pk}")
    item = _candidate_item(candidate, formset=formset, accept_form=accept_form)
    if not (formset.is_valid() and accept_form.is_valid()):
        item["error"] = _("Check the terms: each needs a language and a term type.")
        return _item_response(request, item)
    terms = [form.term_data() for form in formset if form.cleaned_data.get("text")]
    try:
        concept = candidate_services.candidate_accept(
            user=request.user, candidate=candidate, terms=terms,
            definition=accept_form.cleaned_data["definition"],
        )  # fmt: skip
    except ServiceError as exc:
        item["error"] = localize(exc, html=True)
        return _item_response(request, item)
    item.update(outcome="accepted", concept=concept)
    message = html_message(
        _("Accepted: “%(text)s” → %(concept)s."), text=candidate.text, concept=str(concept)
    )
    return _item_response(request, item, message=message)


@editor_required
def candidate_variant(request: HttpRequest, pk: int) -> HttpResponseBase:
    candidate = selectors.candidate_get(pk=pk)
    likely = selectors.variant_concepts(candidate=candidate)
    form = CandidateVariantForm(request.POST if request.method == "POST" else None, likely=likely)
    error = ""
    if request.method == "POST" and form.is_valid():
        found = selectors.concepts_by_reference(reference=form.reference())
        if len(found) != 1:
            names = ", ".join(f"#{c.pk} {c}" for c in found)
            error = (html_message(_("Several concepts have that term (%(names)s): give its "
                                    "number."), names=names)
                     if found else _("No concept has that number or term."))  # fmt: skip
        else:
            try:
                term = candidate_services.candidate_accept_variant(
                    user=request.user, candidate=candidate, concept=found[0],
                    term_type=form.cleaned_data["term_type"], renderings=form.renderings(),
                )  # fmt: skip
            except ServiceError as exc:
                error = localize(exc, html=True)
            else:
                item = _candidate_item(candidate)
                item.update(outcome="variant", concept=found[0], term=term)
                kind = term.get_term_type_display().lower()
                message = html_message(
                    _("Added “%(text)s” to %(concept)s as a %(kind)s."),
                    text=term.text, concept=str(found[0]), kind=SafeString(escape(kind)),
                )  # fmt: skip
                return _item_response(request, item, message=message)
    context = {"candidate": candidate, "form": form, "error": error, "likely": likely}
    template = _template(request, "glossary/candidate_variant.html", "variant-form")
    response = render(request, template, context)
    if request.htmx and request.method == "POST":  # type: ignore[attr-defined]
        # A refused form goes back into its own slot, not over the queue entry.
        response["HX-Retarget"] = f"#variant-{candidate.pk}"
        response["HX-Reswap"] = "innerHTML"
    return response


@require_POST
@editor_required
def candidate_dismiss(request: HttpRequest, pk: int) -> HttpResponseBase:
    candidate = selectors.candidate_get(pk=pk)
    try:
        candidate_services.candidate_dismiss(user=request.user, candidate=candidate)
    except ServiceError as exc:
        return _item_response(request, _candidate_item(candidate, error=localize(exc, html=True)))
    item = _candidate_item(candidate, outcome="dismissed")
    message = html_message(_("Dismissed: “%(text)s” (ignore list)."), text=candidate.text)
    return _item_response(request, item, message=message)


@require_POST
@editor_required
def candidates_bulk_accept(request: HttpRequest) -> HttpResponseBase:
    form = CandidateIdsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick at least one candidate to accept."))
        return redirect("glossary:candidates")
    chosen = selectors.candidates_by_ids(ids=form.cleaned_data["ids"])
    result = candidate_services.candidates_bulk_accept(user=request.user, candidates=chosen)
    if result.accepted:
        names = ", ".join(f"“{c.text}”" for c in result.accepted)
        messages.success(
            request,
            html_message(
                _("Accepted %(count)s: %(names)s."), count=len(result.accepted), names=names
            ),
        )
    for candidate, why in result.refused:
        messages.error(
            request,
            html_message(
                _("Not accepted: “%(text)s”: %(why)s"),
                text=candidate.text,
                why=SafeString(localize(why, html=True)),
            ),
        )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("glossary:candidates")


@editor_required
def ignored_list(request: HttpRequest) -> HttpResponse:
    form = IgnoreForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ignored = candidate_services.ignored_add(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, localize(exc, html=True))
        else:
            messages.success(
                request,
                html_message(
                    _("“%(text)s” (%(language)s) will not be proposed."),
                    text=ignored.text,
                    language=ignored.language,
                ),
            )
            return redirect("glossary:ignored")
    q = request.GET.get("q", "")[:200]
    page = Paginator(selectors.ignored_list(q=q), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "glossary/ignored_list.html", {"form": form, "page": page, "q": q})


@require_POST
@editor_required
def ignored_remove(request: HttpRequest, pk: int) -> HttpResponseBase:
    ignored = selectors.ignored_get(pk=pk)
    reopened = candidate_services.ignored_remove(user=request.user, ignored=ignored)
    if reopened:
        done = _("“%(text)s” is off the ignore list. It is back in the candidates queue.")
    else:
        done = _("“%(text)s” is off the ignore list.")
    messages.success(request, html_message(done, text=ignored.text))
    return redirect("glossary:ignored")


@require_GET
@desk_member_required
def candidates_for_source(request: HttpRequest, source_id: int) -> HttpResponse:
    """The panel on an article: its candidates, for translators to propose (htmx fragment;
    a page of its own without htmx)."""
    found = selectors.candidates_for_source(source_id=source_id)
    source = sources.resolve(source_id)
    context = {"found": found, "source": source, "source_id": source_id}
    template = _template(request, "glossary/candidates_source.html", "candidates-panel")
    return render(request, template, context)
