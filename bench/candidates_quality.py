"""Term candidates: recall of the names an editor would add, precision of the candidates, speed.

Reads the wire stories in tests/glossary/candidate_stories/ (one ``<name>.txt`` each, with
``<name>.json``: its language and the names an editor would add to the glossary; "a|b" means
either spelling counts) and ``known.json`` (what the glossary already has: never candidates).

Prints, in one run:

1. per story and overall: recall (names found / names listed), precision (candidates that are
   listed names / all candidates) and how often the kind agrees with the list;
2. with ``--verbose``, the names missed and the candidates not listed;
3. extraction time per 1,000-word article (median), English and Korean; the Korean figure
   is with kiwipiepy loaded, and its first load is printed on its own line;
4. the whole background job on a 1,000-word English article with a Spanish translation
   through Apertium (the real engine installed here), in a throw-away database holding
   ``--glossary`` terms: reading the glossary, extraction, recording, and suggestions (engine
   calls apart from memory and confirmed-translation look-ups). ``--no-suggest`` skips it.

Goals: recall ≥ 85%, precision ≥ 60%, under 200 ms per 1,000-word article.

Run: .venv/bin/python bench/candidates_quality.py [--verbose] [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import median_seconds  # noqa: E402
from glossary import candidates  # noqa: E402

STORIES = ROOT / "tests" / "glossary" / "candidate_stories"


@dataclass
class Score:
    listed: int = 0
    found: int = 0
    proposed: int = 0
    correct: int = 0
    kinds_agree: int = 0

    def add(self, other: Score) -> None:
        for name in ("listed", "found", "proposed", "correct", "kinds_agree"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.listed if self.listed else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 0.0


def _key(text: str) -> str:
    return candidates._key(text)


def load_stories(folder: Path = STORIES) -> list[tuple[str, str, dict]]:
    """(name, text, spec) for each story, in name order."""
    return [
        (path.stem, path.with_suffix(".txt").read_text(encoding="utf-8"),
         json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.json"))
        if path.stem != "known"
    ]  # fmt: skip


def known_terms(folder: Path = STORIES) -> dict[str, list[str]]:
    path = folder / "known.json"
    if not path.exists():
        path = folder.parent / "known.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if isinstance(value, list)}


def score(
    found: list[candidates.Candidate], names: list[list[str]]
) -> tuple[Score, list[str], list[str]]:
    """The score, the listed names missed, and the candidates not listed."""
    wanted = [([_key(alt) for alt in text.split("|")], kind, text) for text, kind in names]
    result = Score(listed=len(wanted), proposed=len(found))
    by_key = {_key(c.text): c for c in found}
    missed = []
    for alternatives, kind, text in wanted:
        hit = next((by_key[alt] for alt in alternatives if alt in by_key), None)
        if hit is None:
            missed.append(text)
            continue
        result.found += 1
        result.kinds_agree += hit.kind == kind
    listed = {alt for alternatives, _kind, _text in wanted for alt in alternatives}
    extra = [f"{c.text} ({c.kind})" for c in found if _key(c.text) not in listed]
    result.correct = len(found) - len(extra)
    return result, missed, extra


def _article(words: int, texts: list[str]) -> str:
    """About ``words`` words taken from the stories, whole paragraphs."""
    paragraphs = [p for text in texts for p in text.split("\n\n")]
    out: list[str] = []
    count = 0
    while count < words:
        paragraph = paragraphs[len(out) % len(paragraphs)]
        out.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--folder", type=Path, default=STORIES)
    parser.add_argument("--glossary", type=int, default=20_000,
                        help="terms in the glossary for the background-job figures")  # fmt: skip
    parser.add_argument("--no-suggest", action="store_true")
    args = parser.parse_args()

    known = known_terms(args.folder)
    first_load = time.perf_counter()
    candidates._kiwi()
    first_load = time.perf_counter() - first_load

    total = Score()
    print(f"{'story':<20} {'lang':<4} {'listed':>6} {'found':>6} {'cands':>6} "
          f"{'recall':>7} {'precision':>9} {'kind ok':>8}")  # fmt: skip
    texts: dict[str, list[str]] = {}
    for name, text, spec in load_stories(args.folder):
        language = spec["language"]
        texts.setdefault(language, []).append(text)
        found = candidates.extract(text, language, known=known.get(language, []))
        result, missed, extra = score(found, spec["names"])
        total.add(result)
        kind_share = result.kinds_agree / result.found if result.found else 0.0
        print(f"{name:<20} {language:<4} {result.listed:>6} {result.found:>6} "
              f"{result.proposed:>6} {result.recall:>7.0%} {result.precision:>9.0%} "
              f"{kind_share:>8.0%}")  # fmt: skip
        if args.verbose:
            print(f"    missed: {', '.join(missed) or '-'}")
            print(f"    not listed: {', '.join(extra) or '-'}")
    kind_share = total.kinds_agree / total.found if total.found else 0.0
    print(f"{'overall':<20} {'':<4} {total.listed:>6} {total.found:>6} {total.proposed:>6} "
          f"{total.recall:>7.0%} {total.precision:>9.0%} {kind_share:>8.0%}  "
          "(goals: recall ≥ 85%, precision ≥ 60%)")  # fmt: skip

    print(f"\nkiwipiepy first load (once per process): {first_load * 1000:.0f} ms")
    for language, label in (("en", "English"), ("ko", "Korean")):
        if language not in texts:
            continue
        article = _article(1000, texts[language])
        words = len(article.split())
        seconds = median_seconds(
            lambda article=article, language=language: candidates.extract(
                article, language, known=known.get(language, [])
            ),
            args.runs,
        )
        per_thousand = seconds * 1000 / words * 1000
        print(f"{label}: {words:,}-word article in {seconds * 1000:.0f} ms, "
              f"{per_thousand:.0f} ms per 1,000 words (median of {args.runs}; goal < 200 ms"
              f"{'; kiwipiepy already loaded' if language == 'ko' else ''}).")  # fmt: skip
    if not args.no_suggest and "en" in texts:
        background_job(_article(1000, texts["en"]), known.get("en", []), args)


def background_job(article_text: str, known: list[str], args: argparse.Namespace) -> None:
    """The extraction task's parts, timed on one article (median of ``args.runs``)."""
    import shutil
    import statistics

    if shutil.which("apertium") is None:
        print("\nbackground job: skipped (apertium is not installed)")
        return
    from bench.common import isolate

    isolate()
    from django.contrib.auth.models import User

    from glossary.models import CandidateScan, Concept, Term, TermCandidate
    from newsapp.articles.models import Article, Translation
    from newsapp.articles.services import candidates as job
    from newsapp.mt import registry

    user = User.objects.create(username="bench")
    concepts = Concept.objects.bulk_create(Concept(label=f"c{i}") for i in range(args.glossary))
    words = [*known, *(f"Glossary Term {i}" for i in range(args.glossary - len(known)))]
    Term.objects.bulk_create(
        Term(concept=concept, language="en", text=text, status="approved",
             proposed_at=concept.created_at).fill_keys()
        for concept, text in zip(concepts, words, strict=False)
    )  # fmt: skip
    article = Article.objects.create(title="Bench", source_text=article_text,
                                     source_language="en", author=user)  # fmt: skip
    Translation.objects.create(article=article, target_language="es", engine="apertium")
    engine = registry.get_engine("apertium")
    spent: list[float] = []
    original = type(engine).translate_batch

    def timed(self: object, *a: object, **k: object) -> list[str]:
        started = time.perf_counter()
        try:
            return original(self, *a, **k)  # type: ignore[arg-type]
        finally:
            spent.append(time.perf_counter() - started)

    type(engine).translate_batch = timed  # type: ignore[method-assign]
    rows = []
    for _ in range(args.runs):
        TermCandidate.objects.all().delete()
        CandidateScan.objects.all().delete()
        spent.clear()
        started = time.perf_counter()
        report = job.article_candidates_extract(article_id=article.pk)
        total = (time.perf_counter() - started) * 1000
        assert report is not None
        rows.append((report, total, sum(spent) * 1000, len(spent)))
    type(engine).translate_batch = original  # type: ignore[method-assign]
    median = lambda values: statistics.median(values)  # noqa: E731
    report = rows[0][0]
    engine_ms = median([r[2] for r in rows])
    suggest_ms = median([r[0].suggest_ms for r in rows])
    print(f"\nbackground job, {len(article_text.split()):,}-word English article → es "
          f"(Apertium), glossary of {args.glossary:,} terms, median of {args.runs}:")  # fmt: skip
    print(f"  {report.found} candidates, {report.suggestions} suggestions")
    for label, value in (
        ("reading the glossary and the ignore list", median([r[0].known_ms for r in rows])),
        ("extraction", median([r[0].extract_ms for r in rows])),
        ("recording candidates and occurrences", median([r[0].record_ms for r in rows])),
        ("suggestions", suggest_ms),
        (f"  of which engine calls ({rows[0][3]} batches)", engine_ms),
        ("  of which memory, confirmed look-ups, writing", suggest_ms - engine_ms),
        ("whole job", median([r[1] for r in rows])),
    ):
        print(f"  {label:<46} {value:>8.0f} ms")


if __name__ == "__main__":
    main()
