"""Term candidates after intake: find the names an article has that the glossary lacks, suggest
renderings for each target language, and record both in the glossary's candidates queue.

Runs in the background (``candidates_extract_task``, published after the article is saved).
Suggestions, each with its origin (docs/glossary.md, "Candidates"):

* **engine, the term alone**: the translation's engine on the bare term;
* **engine, in its sentence**: the engine on the first sentence that has the term; the
  rendering is found in that output by aligning it with the output for the same sentence
  with the term masked (the engine's placeholder), or by the alone rendering; when neither
  finds it, "in sentence: …" carries the whole output;
* **translation memory**: an entry for the term itself, or memory sentences that contain it;
* **confirmed translations**: for person and place names into Korean, the rendering people
  already used for the same name in confirmed sentences.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from glossary import korean
from glossary import selectors as glossary_selectors
from glossary.candidates import Candidate, candidate_key, extract
from glossary.matching import language_kind
from glossary.models import CandidateSuggestion, TermCandidate
from glossary.services import candidates as candidate_services
from glossary.services.candidates import Suggestion
from newsapp import queue
from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors.articles import article_reference
from newsapp.articles.selectors.candidates import confirmed_sentences
from newsapp.memory import selectors as memory
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, MTPermanentError, MTTransientError

logger = logging.getLogger(__name__)

Origin = CandidateSuggestion.Origin

#: Published by name: services never import tasks.
EXTRACT_TASK = "newsapp.articles.tasks.candidates_extract_task"
#: Kinds whose rendering people already chose is looked up in confirmed translations.
NAME_KINDS = frozenset({"person", "place"})
#: A rendering found by similarity must be at least this close to the engine's (0–1).
SIMILAR = 0.6
#: Memory sentences and confirmed sentences read per candidate.
EVIDENCE_LIMIT = 20
_EDGE = " \t\n\"'“”‘’«»「」『』()[]{},.;:!?。、"


@dataclass
class ExtractReport:
    found: int = 0
    recorded: int = 0
    suggestions: int = 0
    #: Reading what the glossary and the ignore list hold.
    known_ms: float = 0.0
    #: ``glossary.candidates.extract`` alone (the benchmark's goal: < 200 ms per 1,000 words).
    extract_ms: float = 0.0
    #: Writing candidates, occurrences and the scan.
    record_ms: float = 0.0
    #: Engine calls, memory and confirmed-translation look-ups, writing the suggestions.
    suggest_ms: float = 0.0
    #: Target languages whose engine could not be used, with the reason.
    skipped: dict[str, str] = field(default_factory=dict)


def candidates_enqueue(*, article_id: int) -> bool:
    """Publish the extraction for a new article (after commit). Never raises: intake must not
    fail because of it; without Redis the article page offers to look again."""
    try:
        return queue.publish(EXTRACT_TASK, article_id)
    except Exception:  # publish itself never raises; anything else must not reach intake
        logger.exception("Could not publish the candidates extraction for article %s", article_id)
        return False


def article_candidates_extract(*, article_id: int) -> ExtractReport | None:
    """Extract, suggest and record the candidates of one article. Idempotent: a second run
    refreshes the article's occurrences and adds only missing suggestions. None if the
    article is gone. Transient engine errors propagate (the task retries)."""
    article = Article.objects.filter(pk=article_id).prefetch_related("translations").first()
    source = article_reference(article_id)
    if article is None or source is None:
        return None
    report = ExtractReport()
    language = article.source_language
    started = time.perf_counter()
    known = glossary_selectors.glossary_texts(language=language)
    ignored = glossary_selectors.ignored_texts(language=language)
    report.known_ms = _since(started)
    started = time.perf_counter()
    found = extract(article.source_text, language, known=known, ignored=ignored)
    report.found = len(found)
    report.extract_ms = _since(started)
    started = time.perf_counter()
    recorded = candidate_services.candidates_record(source=source, language=language, found=found)
    report.recorded = len(recorded)
    report.record_ms = _since(started)
    started = time.perf_counter()
    by_key = {candidate_key(c.text): c for c in found}
    have = glossary_selectors.candidate_suggested_languages(ids=[c.pk for c in recorded])
    for translation in article.translations.all():
        target = translation.target_language
        todo = [c for c in recorded if target not in have.get(c.pk, set())]
        if not todo:
            continue
        suggestions = suggest(todo, by_key, language, translation, report)
        for candidate in todo:
            report.suggestions += candidate_services.candidate_suggestions_add(
                candidate_id=candidate.pk, suggestions=suggestions.get(candidate.pk, [])
            )
    report.suggest_ms = _since(started)
    return report


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def suggest(
    candidates: Sequence[TermCandidate],
    found: dict[str, Candidate],
    source: str,
    translation: Translation,
    report: ExtractReport,
) -> dict[int, list[Suggestion]]:
    """Suggestions for ``candidates`` in the translation's language, by candidate id."""
    target = translation.target_language
    out: dict[int, list[Suggestion]] = {c.pk: [] for c in candidates}
    alone: dict[int, str] = {}
    try:
        engine = registry.get_engine(translation.engine) if translation.engine else None
        if engine is None:
            engine = registry.engine_for_pair(source, target)
        alone = _engine_suggestions(engine, candidates, found, source, target, out)
    except MTTransientError:
        raise
    except MTPermanentError as exc:
        report.skipped[target] = str(exc)
        logger.info("Candidates: no engine suggestions into %s: %s", target, exc)
    for candidate in candidates:
        out[candidate.pk] += memory_suggestions(candidate, source, target, alone.get(candidate.pk))
        if candidate.kind in NAME_KINDS and language_kind(target) == "korean":
            out[candidate.pk] += confirmed_suggestions(
                candidate, source, target, alone.get(candidate.pk)
            )
    return out


def _engine_suggestions(
    engine: MTEngine,
    candidates: Sequence[TermCandidate],
    found: dict[str, Candidate],
    source: str,
    target: str,
    out: dict[int, list[Suggestion]],
) -> dict[int, str]:
    """Three engine calls per target language: the terms, their sentences, the sentences with
    the term masked. Returns the alone renderings by candidate id."""
    texts = [c.text for c in candidates]
    alone_outputs = engine.translate_batch(texts, source, target)
    alone = {c.pk: clean(output) for c, output in zip(candidates, alone_outputs, strict=True)}
    placeholder = engine.placeholder_format.format(n=1)
    pairs: list[tuple[TermCandidate, str, str]] = []  # candidate, sentence, masked sentence
    for candidate in candidates:
        item = found.get(candidate.key)
        sentence = next(
            (s.strip() for s in (item.sentences if item else []) if candidate.text in s), ""
        )
        if sentence:
            pairs.append((candidate, sentence, sentence.replace(candidate.text, placeholder, 1)))
    sentences = list(dict.fromkeys(p[1] for p in pairs))
    masked = list(dict.fromkeys(p[2] for p in pairs))
    outputs = dict(zip(sentences, engine.translate_batch(sentences, source, target), strict=True))
    masked_out = dict(zip(masked, engine.translate_batch(masked, source, target), strict=True))
    for candidate in candidates:
        if alone[candidate.pk]:
            out[candidate.pk].append(
                Suggestion(target, alone[candidate.pk], Origin.ENGINE, engine=engine.name)
            )
    for candidate, sentence, masked_sentence in pairs:
        output = outputs[sentence]
        found_text = align(output, masked_out[masked_sentence], placeholder,
                           alone[candidate.pk], target)  # fmt: skip
        detail = f"in sentence: {output}"
        out[candidate.pk].append(
            Suggestion(target, found_text or "", Origin.SENTENCE, detail, engine.name)
        )
    return alone


def memory_suggestions(
    candidate: TermCandidate, source: str, target: str, alone: str | None
) -> list[Suggestion]:
    """What the memory says: an entry for the term itself, else memory sentences holding it
    whose translation contains the engine's rendering (or something close to it)."""
    exact = memory.exact_matches(sources=[candidate.text], source_language=source,
                                 target_language=target)  # fmt: skip
    if candidate.text in exact:
        text = clean(exact[candidate.text])
        return (
            [Suggestion(target, text, Origin.MEMORY, "memory entry for the term")] if text else []
        )
    if not alone:
        return []
    found: Counter[str] = Counter()
    example: dict[str, str] = {}
    entries = memory.entry_search(q=candidate.text, source_language=source,
                                  target_language=target)[:EVIDENCE_LIMIT]  # fmt: skip
    for entry in entries:
        if not _mentions(entry.source_text, candidate.text):
            continue
        rendering = locate(entry.target_text, alone, target)
        if rendering:
            found[rendering] += 1
            example.setdefault(rendering, entry.source_text)
    return [
        Suggestion(target, text, Origin.MEMORY,
                   f"{count} memory sentence{'s' * (count > 1)}, e.g. “{example[text]}”")
        for text, count in found.most_common(2)
    ]  # fmt: skip


def confirmed_suggestions(
    candidate: TermCandidate, source: str, target: str, alone: str | None
) -> list[Suggestion]:
    """The rendering already used for the same name in confirmed translations."""
    if not alone:
        return []
    found: Counter[str] = Counter()
    titles: dict[str, list[str]] = {}
    for sentence, translated, title in confirmed_sentences(
        text=candidate.text, source_language=source, target_language=target, limit=EVIDENCE_LIMIT
    ):
        if not _mentions(sentence, candidate.text):
            continue
        rendering = locate(translated, alone, target)
        if rendering:
            found[rendering] += 1
            titles.setdefault(rendering, [])
            if title not in titles[rendering]:
                titles[rendering].append(title)
    return [
        Suggestion(target, text, Origin.CONFIRMED,
                   f"used in {count} confirmed sentence{'s' * (count > 1)} "
                   f"({', '.join(titles[text][:3])})")
        for text, count in found.most_common(2)
    ]  # fmt: skip


# --- Finding a rendering in a translated sentence (pure) ---------------------------------------


def clean(text: str) -> str:
    """An engine's output for a bare term, without the sentence punctuation it may add."""
    return " ".join(text.split()).strip(_EDGE)


def _mentions(sentence: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", sentence, re.IGNORECASE) is not None


def strip_particles(text: str) -> str:
    """A Korean word without the particles attached to it (커비는 → 커비, 평양에서는 → 평양,
    한국은행은 → 한국은행); a chain that starts with a suffix (북한측은) keeps the suffix."""
    text = text.strip(_EDGE)
    for cut in range(1, len(text)):
        if not ("\uac00" <= text[cut - 1] <= "\ud7a3" or text[cut - 1].isalnum()):
            continue
        rest = text[cut:]
        if any(rest.startswith(suffix) for suffix in korean.SUFFIXES):
            continue  # 한국은행은 is 한국은행 + 은, not 한국은 + 행 (a suffix) + 은
        if korean.particle_after(text, cut) == rest:
            return text[:cut]
    return text


def align(output: str, masked_output: str, placeholder: str, alone: str, target: str) -> str | None:
    """The rendering of a term in ``output`` (the sentence translated as is), or None.

    1. the engine's rendering of the term alone, written as a word in ``output``;
    2. alignment with ``masked_output`` (the same sentence with the term as ``placeholder``):
       what ``output`` has between the text the two share before and after the placeholder;
    3. the words of ``output`` closest to the alone rendering (similarity ≥ ``SIMILAR``).
    """
    korean_target = language_kind(target) == "korean"
    if alone:
        spans = _find(output, alone, korean_target)
        if spans:
            start, end = spans[0]
            return output[start:end]
    if masked_output.count(placeholder) == 1:
        before, after = masked_output.split(placeholder)
        head = _shared(output, before)
        tail = _shared(output[::-1], after[::-1])
        tail = min(tail, len(output) - head)
        region = output[head : len(output) - tail]
        region = strip_particles(region) if korean_target else region.strip(_EDGE)
        if region and len(region) <= max(60, 3 * len(alone)) and not _has_marks(region):
            return region
    return locate(output, alone, target) if alone else None


def _shared(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` share at their start."""
    size = min(len(one), len(other))
    return next((i for i in range(size) if one[i] != other[i]), size)


def _has_marks(text: str) -> bool:
    return any(mark in text for mark in "⟦⟧[]")


def _find(text: str, term: str, korean_target: bool) -> list[tuple[int, int]]:
    if korean_target:
        return korean.find_term(text, term)
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def _letters(text: str) -> str:
    """Casefolded, Hangul split into jamo: 커비 and 커어비 come out close."""
    return unicodedata.normalize("NFD", text.casefold())


def locate(text: str, reference: str, target: str) -> str | None:
    """The rendering of ``reference`` in ``text``: as written (Korean: particles stripped),
    else the run of one to three words most similar to it, if similar enough."""
    korean_target = language_kind(target) == "korean"
    spans = _find(text, reference, korean_target)
    if spans:
        start, end = spans[0]
        return text[start:end]
    words = text.split()
    size = len(reference.split())
    goal = _letters(reference)
    best, score = None, SIMILAR
    for n in range(max(1, size - 1), size + 2):
        for i in range(len(words) - n + 1):
            piece = " ".join(words[i : i + n])
            piece = strip_particles(piece) if korean_target else piece.strip(_EDGE)
            if not piece:
                continue
            ratio = SequenceMatcher(None, _letters(piece), goal).ratio()
            if ratio > score:
                best, score = piece, ratio
    return best
