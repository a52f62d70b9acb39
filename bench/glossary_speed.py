"""Glossary speed: Aho-Corasick matcher vs one regex per term, and the glossary list page,
on a generated 100,000-concept glossary (English and Korean terms).

Prints, in one run:

1. the automaton build time for the English terms (and the Korean ones);
2. the time to find the terms in a 5,000-word English article (median), and in a
   5,000-word Korean article (terms with particles, run together or followed by 인/적);
3. the naive baseline: one compiled regex per term, run over the same article. To keep its
   runtime bounded it is timed on a 10,000-term sample and scaled linearly to the full
   term count (the output says so);
4. the ratio of the two;
5. the glossary list page with the 100,000 concepts in a temporary SQLite database, through
   Django's test client: ms per request and queries per request, for a few typical URLs.

Goals: build ≤ 3 s, match ≤ 20 ms, ≥ 50× faster than the naive baseline, list < 100 ms.

Run: .venv/bin/python bench/glossary_speed.py [--concepts 100000] [--skip-db]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import median_seconds  # noqa: E402

SEED = 20261128
ARTICLE_WORDS = 5000
REGEX_SAMPLE = 10_000

_SYLLABLES = (
    "ka ko ki ma mo mi na no ni ra ro ri sa so si ta to ti va vo vi la lo li ba bo bi da do di "
    "ga go gi ha ho hi ja jo ji pa po pi za zo zi kan ton mer sel dar vin bor lin gar mon"
)
SYLLABLES = tuple(_SYLLABLES.split(" "))
INSTITUTIONS = (
    "Ministry", "Council", "Committee", "Agency", "Institute", "Bank", "Commission", "Office",
    "Party", "Army", "Navy", "Court", "Assembly", "Forum", "Bureau", "Authority", "Union",
)  # fmt: skip
TOPICS = (
    "Defense", "Foreign Affairs", "Unification", "Trade", "Energy", "Finance", "Security",
    "Justice", "Health", "Maritime Affairs", "Labor", "Science", "Culture", "Agriculture",
)  # fmt: skip
TITLES = ("Minister", "Deputy Minister", "Spokesperson", "Secretary", "Chairman", "Director")
NOUNS = (
    "sanction", "missile", "treaty", "policy", "summit", "election", "tariff", "warship",
    "satellite", "embargo", "ceasefire", "resolution", "delegation", "inspection",
)  # fmt: skip
REAL = [
    ("UN Security Council", "유엔 안전보장이사회"), ("Security Council", "안보리"),
    ("North Korea", "북한"), ("South Korea", "한국"), ("Pyongyang", "평양"), ("Seoul", "서울"),
    ("Pentagon", "국방부"), ("John Kirby", "존 커비"), ("United States", "미국"),
    ("Joe Biden", "조 바이든"), ("Kim Jong Un", "김정은"), ("Yonhap", "연합뉴스"),
    ("ICBM", "대륙간탄도미사일"), ("IAEA", "국제원자력기구"), ("NATO", "나토"),
]  # fmt: skip
_FILLER = (
    "the of and to in a that said on for with was as it by at from has have had not be this "
    "but which were been their would its also they after over more officials government "
    "week year talks report statement meeting president country region military nuclear "
    "launch test program told reporters according during while some other new since last "
    "could against pressure support allies leaders agreement border forces economic"
)
FILLER = tuple(_FILLER.split(" "))
_KO_FILLER = (
    "정부는 이날 발표했다 관계자는 밝혔다 회담에서 지난주 대표단이 미사일 발사를 규탄했다 "
    "외교부 당국자는 기자들에게 말했다 협상이 계속될 것이라고 전했다 군사 훈련을 중단하라고 "
    "요구했다 경제 제재를 강화하기로 합의했다 성명에서 우려를 표명했다 국제사회의 지지를 "
    "얻기 위해 노력하고 있다 양측은 추가 협의를 하기로 했다 전문가들은 분석했다 보도에 따르면"
)
KO_FILLER = tuple(_KO_FILLER.split(" "))
# What follows a Korean term in the generated article: particles, a suffix chain, nothing,
# or a derivational suffix (인/적) that makes it a different word.
KO_TAILS = ("", "은", "는", "이", "가", "을", "를", "에서", "의", "과", "와", "으로", "로",
            "측은", "에서는", "인", "적")  # fmt: skip


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _hangul(rng: random.Random, length: int) -> str:
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(length))


def generate(count: int, rng: random.Random) -> list[tuple[list[tuple[str, str, str, bool]], str]]:
    """Concepts as ([(language, text, usage, case_sensitive)], subject); English unique."""
    seen: set[str] = set()
    concepts: list[tuple[list[tuple[str, str, str, bool]], str]] = []

    def add(terms: list[tuple[str, str, str, bool]], subject: str) -> None:
        # Approved preferred terms are unique per language (a database constraint).
        keys = {f"{lang}:{text.casefold()}" for lang, text, usage, _ in terms
                if usage == "preferred"}  # fmt: skip
        if not keys & seen:
            seen.update(keys)
            concepts.append((terms, subject))

    for en, ko in REAL:
        add([("en", en, "preferred", en.isupper()), ("ko", ko, "preferred", False)], "news")
    for noun in NOUNS:
        add([("en", noun, "preferred", False), ("ko", _hangul(rng, 2), "preferred", False)],
            "general")  # fmt: skip
    while len(concepts) < count:
        kind = rng.random()
        if kind < 0.40:  # people: "Firstname Lastname"
            en = f"{_word(rng, 2)} {_word(rng, rng.randint(2, 3))}"
            subject, case = "people", True
        elif kind < 0.65:  # institutions: "Ministry of Defense of Kalomi", "Kalomi Bank"
            place = _word(rng, rng.randint(2, 3))
            if rng.random() < 0.5:
                en = f"{rng.choice(INSTITUTIONS)} of {rng.choice(TOPICS)} of {place}"
            else:
                en = f"{place} {rng.choice(INSTITUTIONS)}"
            subject, case = "institutions", False
        elif kind < 0.80:  # places
            en = _word(rng, rng.randint(2, 4))
            subject, case = "places", False
        elif kind < 0.92:  # acronyms
            en = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") for _ in range(rng.randint(3, 5)))
            subject, case = "acronyms", True
        else:  # titles
            en = f"{_word(rng, 2)} {rng.choice(TITLES)}"
            subject, case = "titles", False
        terms = [("en", en, "preferred", case), ("ko", _hangul(rng, rng.randint(2, 6)),
                                                   "preferred", False)]  # fmt: skip
        if rng.random() < 0.1:
            terms.append(("en", en + " " + rng.choice(("Office", "Group", "Area")), "admitted",
                          case))  # fmt: skip
        if rng.random() < 0.05:
            terms.append(("ko", _hangul(rng, 3), "forbidden", False))
        add(terms, subject)
    return concepts


def article(rng: random.Random, en_terms: list[str], words: int) -> str:
    """About ``words`` words: filler text with a glossary term every ~25 words."""
    out: list[str] = []
    count = 0
    while count < words:
        sentence: list[str] = []
        for _ in range(rng.randint(12, 25)):
            if rng.random() < 0.04:
                term = rng.choice(en_terms) if rng.random() < 0.7 else rng.choice(REAL)[0]
                if term[0].islower() and rng.random() < 0.5:
                    term += "s"
                sentence.append(term + ("'s" if rng.random() < 0.1 else ""))
            else:
                sentence.append(rng.choice(FILLER))
        count += sum(len(piece.split()) for piece in sentence)
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def korean_article(rng: random.Random, ko_terms: list[str], words: int) -> str:
    """About ``words`` Korean words with a glossary term (and a particle) every ~25 words."""
    out: list[str] = []
    for index in range(words):
        if rng.random() < 0.04:
            term = rng.choice(ko_terms) if rng.random() < 0.7 else rng.choice(REAL)[1]
            if " " in term and rng.random() < 0.5:
                term = term.replace(" ", "")
            out.append(term + rng.choice(KO_TAILS))
        else:
            out.append(rng.choice(KO_FILLER))
        if index % 18 == 17:
            out[-1] += "\n\n" if index % 90 == 89 else "."  # paragraphs of five sentences
    return " ".join(out)


def naive_regexes(terms: list[tuple[str, bool]]) -> list[re.Pattern[str]]:
    return [
        re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", 0 if case else re.IGNORECASE)
        for text, case in terms
    ]


def matcher_section(concepts: list, runs: int) -> None:
    from glossary.matching import IndexTerm, LanguageMatcher

    rng = random.Random(SEED + 1)
    terms: dict[str, list[IndexTerm]] = {"en": [], "ko": []}
    term_id = 0
    for concept_id, (spec, _subject) in enumerate(concepts, start=1):
        for language, text, usage, case in spec:
            term_id += 1
            terms[language].append(IndexTerm(term_id, concept_id, language, text, case, usage))
    en_texts = [t.text for t in terms["en"]]
    text = article(rng, en_texts, ARTICLE_WORDS)
    print(f"Glossary: {len(concepts):,} concepts, {len(terms['en']):,} en terms, "
          f"{len(terms['ko']):,} ko terms. Article: {len(text.split()):,} words, "
          f"{len(text):,} characters. CPU cores: {os.cpu_count()}.")  # fmt: skip

    start = time.perf_counter()
    matcher = LanguageMatcher("en", terms["en"])
    build_en = time.perf_counter() - start
    start = time.perf_counter()
    ko_matcher = LanguageMatcher("ko", terms["ko"])
    build_ko = time.perf_counter() - start
    print(f"Build: en automaton {build_en:.2f} s (goal ≤ 3 s); ko automaton {build_ko:.2f} s.")

    found = matcher.find(text)
    match_s = median_seconds(lambda: matcher.find(text), runs)
    print(f"Match (Aho-Corasick + boundary/inflection rules): {match_s * 1000:.1f} ms "
          f"(median of {runs}; goal ≤ 20 ms), {len(found)} terms found.")  # fmt: skip

    ko_text = korean_article(rng, [t.text for t in terms["ko"]], ARTICLE_WORDS)
    ko_found = ko_matcher.find(ko_text)
    ko_s = median_seconds(lambda: ko_matcher.find(ko_text), runs)
    print(f"Match, Korean article ({len(ko_text.split()):,} words, particles, 인/적): "
          f"{ko_s * 1000:.1f} ms (median of {runs}), {len(ko_found)} terms found.")  # fmt: skip

    sample = rng.sample([(t.text, t.case_sensitive) for t in terms["en"]], REGEX_SAMPLE)
    start = time.perf_counter()
    regexes = naive_regexes(sample)
    compile_s = time.perf_counter() - start

    def run_regexes() -> int:
        return sum(1 for rx in regexes for _ in rx.finditer(text))

    regex_s = median_seconds(run_regexes, max(1, runs // 3))
    scale = len(terms["en"]) / REGEX_SAMPLE
    naive_s = regex_s * scale
    print(f"Naive baseline: one compiled regex per term, timed on a {REGEX_SAMPLE:,}-term "
          f"sample ({regex_s * 1000:.0f} ms; compiling took {compile_s:.2f} s) and scaled "
          f"linearly ×{scale:.2f} to {len(terms['en']):,} terms: "
          f"{naive_s * 1000:.0f} ms.")  # fmt: skip
    print(
        f"Ratio: Aho-Corasick is {naive_s / match_s:.0f}× faster than the naive baseline "
        "(goal ≥ 50×)."
    )


def _bulk_glossary(concepts: list) -> None:
    from django.db import transaction
    from django.utils import timezone

    from glossary.models import Concept, Term

    now = timezone.now()
    batch = 5000
    with transaction.atomic():
        for start in range(0, len(concepts), batch):
            chunk = concepts[start : start + batch]
            created = Concept.objects.bulk_create(
                [Concept(subject=subject, label=spec[0][1], definition=f"Generated {subject}")
                 for spec, subject in chunk]
            )  # fmt: skip
            Term.objects.bulk_create(
                [
                    Term(concept_id=concept.pk, language=language, text=text, usage=usage,
                         case_sensitive=case, status="approved", proposed_at=now,
                         reviewed_at=now).fill_keys()
                    for concept, (spec, _s) in zip(created, chunk, strict=True)
                    for language, text, usage, case in spec
                ],
                batch_size=batch,
            )  # fmt: skip


def _pages() -> Iterator[tuple[str, dict[str, str]]]:
    yield "first page", {}
    yield "page 2,000 (deep offset)", {"page": "2000"}
    yield "filter status=proposed (none here)", {"status": "proposed"}
    yield "search q=korea (any language)", {"q": "korea"}
    yield "search q=평양", {"q": "평양"}
    yield "filter language=ko, usage=forbidden", {"language": "ko", "usage": "forbidden"}
    yield "filter subject=people, status=approved", {"subject": "people", "status": "approved"}
    yield "search with no result", {"q": "zzzzqx"}


def list_page_section(concepts: list, runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="glossary-bench-"))
    os.environ.update(DJANGO_SETTINGS_MODULE="newsapp.settings", DJANGO_DEBUG="1",
                      NEWSAPP_VAR_DIR=str(folder / "var"))  # fmt: skip
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    _bulk_glossary(concepts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nList page: {len(concepts):,} concepts bulk-created in a temporary SQLite database "
          f"in {time.perf_counter() - start:.1f} s ({folder}).")  # fmt: skip
    editor = User.objects.create_user("bench-editor", password="x")  # noqa: S106
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    for label, params in _pages():
        response = client.get("/glossary/", params)
        assert response.status_code == 200, (label, response.status_code)
        reset_queries()  # DEBUG keeps at most 9,000 queries; the bulk load filled the log
        with CaptureQueriesContext(connection) as queries:
            client.get("/glossary/", params)
        seconds = median_seconds(lambda p=params: client.get("/glossary/", p), runs)  # type: ignore[misc]
        print(f"  {label:<42} {seconds * 1000:6.1f} ms/request, {len(queries)} queries")
    print("  (goal < 100 ms; the query count does not depend on the number of concepts)")

    from glossary import selectors

    start = time.perf_counter()
    selectors.find_terms("warm-up", "en")
    load = time.perf_counter() - start
    print(f"\nfind_terms cold start from the database (load {len(concepts):,} concepts' en "
          f"terms + build): {load:.2f} s; later calls reuse it until the glossary version "
          "changes.")  # fmt: skip
    from glossary import selectors

    start = time.perf_counter()
    rules = selectors.approved_terms_by_concept("en", "ko")
    print(f"approved_terms_by_concept('en', 'ko') cold start: {time.perf_counter() - start:.2f} s "
          f"({len(rules):,} concepts); cached per glossary version.")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--skip-db", action="store_true", help="skip the list-page section")
    args = parser.parse_args()
    concepts = generate(args.concepts, random.Random(SEED))
    matcher_section(concepts, args.runs)
    if not args.skip_db:
        list_page_section(concepts, args.runs)


if __name__ == "__main__":
    main()
