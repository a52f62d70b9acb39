"""Term candidates from incoming copy: the names and terms an article has that the glossary lacks.

Pure Python, no Django. ``extract(text, language, known=..., ignored=...)`` returns the
``Candidate``s in order of first mention: English by rules over sentencex sentences, Korean
with kiwipiepy's proper nouns (loaded once per process). The rules are in docs/candidates.md.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sentencex import segment

from glossary import korean

if TYPE_CHECKING:
    from kiwipiepy import Kiwi  # type: ignore[import-untyped]  # kiwipiepy ships no types

__all__ = ["KINDS", "Candidate", "Kind", "TermFilter", "candidate_key", "extract"]

Kind = Literal["person", "organisation", "place", "title", "acronym", "other"]
KINDS: tuple[Kind, ...] = ("person", "organisation", "place", "title", "acronym", "other")

#: What the glossary has (any status, any variant) or editors dismissed: term texts, matched
#: case-insensitively, or a predicate.
TermFilter = Collection[str] | Callable[[str], bool] | None


@dataclass
class Candidate:
    """A name or term found in the copy."""

    text: str
    kind: Kind
    count: int = 0
    #: The sentences where it occurs, in order, each once.
    sentences: list[str] = field(default_factory=list)
    #: An acronym's long form (GSOMIA → General Security of Military Information Agreement).
    expansion: str | None = None
    #: A long form's acronym.
    acronym: str | None = None
    #: How it was written together with a title: ("Press Secretary", "John Kirby").
    parts: tuple[str, ...] = ()
    #: Shorter mentions counted with it ("Kirby" after "John Kirby").
    short_forms: list[str] = field(default_factory=list)
    #: Offset of the first mention in the text.
    first: int = 0


def extract(
    text: str, language: str, *, known: TermFilter = None, ignored: TermFilter = None
) -> list[Candidate]:
    """Candidates in ``text`` (written in ``language``) that are neither known nor ignored."""
    base = language.split("-", 1)[0].split("_", 1)[0].lower()
    if base == "ko":
        found = _korean(text)
    elif base == "en":
        found = _english(text)
    else:
        return []
    excluded = _Exclusion(known, ignored)
    result = [
        c
        for c in found
        if not excluded(c.text)
        and not (c.acronym and excluded(c.acronym))  # a known acronym's long form
        and not (c.kind != "acronym" and " " not in c.text and excluded.derived(c.text))
    ]
    kept = {c.text for c in result}
    for candidate in result:  # links to an excluded partner stay: they help the editor
        if candidate.short_forms:
            candidate.short_forms = [s for s in candidate.short_forms if s not in kept]
    return sorted(result, key=lambda c: c.first)


# --------------------------------------------------------------------------- shared


def _key(text: str) -> str:
    """Comparison key: case-folded, dots after single letters dropped (U.N. = UN)."""
    return re.sub(r"(?<![A-Za-z])([A-Za-z])\.", r"\1", text).casefold().strip()


def candidate_key(text: str) -> str:
    """How candidates, the glossary and the ignore list are compared: case-folded, spaces
    collapsed, dots after single letters dropped (U.N. = UN, N. Korea = N Korea)."""
    return _key(" ".join(text.split()))


class _Exclusion:
    def __init__(self, *filters: TermFilter) -> None:
        self._keys: set[str] = set()
        self._predicates: list[Callable[[str], bool]] = []
        for item in filters:
            if item is None:
                continue
            if callable(item):
                self._predicates.append(item)
            else:
                self._keys.update(_key(text) for text in item)

    def __call__(self, text: str) -> bool:
        if _key(text) in self._keys:
            return True
        return any(predicate(text) for predicate in self._predicates)

    def derived(self, word: str) -> bool:
        """A plural or demonym of a known name: Koreas, Koreans, Korean (for Korea)."""
        return any(
            word.endswith(suffix) and len(word) > len(suffix) + 2 and self(word[: -len(suffix)])
            for suffix in ("ns", "n", "s", "ans", "an", "ese", "ians", "ian")
        )


@dataclass
class _Mention:
    text: str
    kind: Kind
    start: int
    sentence: int
    at_start: bool = False  # only evidence: a capital at the start of a sentence
    person_hint: bool = False
    place_hint: bool = False
    parts: tuple[str, ...] = ()
    #: Text that may stand for it later on its own (Kirby for John Kirby, Khanun for Typhoon
    #: Khanun); "" if none.
    short: str = ""


def _sentence_spans(language: str, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in segment(language, text):
        start = text.find(piece, pos) if not text.startswith(piece, pos) else pos
        if start < 0:  # sentencex changed the text: fall back to one sentence
            return [(0, len(text))]
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return spans


def _collect(mentions: Iterable[_Mention], sentences: list[str]) -> list[Candidate]:
    """Group mentions by text; merge short forms into the longer mention they stand for."""
    ordered = sorted(mentions, key=lambda m: m.start)
    groups: dict[str, list[_Mention]] = {}
    for mention in ordered:
        groups.setdefault(mention.text, []).append(mention)
    # A short form merges into the candidate it stands for when exactly one does.
    shorts: dict[str, set[str]] = {}
    for text, group in groups.items():
        for mention in group:
            if mention.short and mention.short != text:
                shorts.setdefault(mention.short, set()).add(text)
    merged: dict[str, str] = {}
    ambiguous: set[str] = set()
    for short, owners in shorts.items():
        if short in groups and len(owners) == 1:
            merged[short] = next(iter(owners))
        elif short in groups and all(m.kind != "acronym" for m in groups[short]):
            ambiguous.add(short)  # "Kim" after Kim Seung-kyum and Kim Yo-jong: no candidate
    for short in ambiguous:
        del groups[short]
    candidates: dict[str, Candidate] = {}
    for text, group in groups.items():
        owner = merged.get(text)
        if owner is not None:
            continue
        candidates[text] = Candidate(text=text, kind=_vote(group), first=group[0].start)
    for text, group in groups.items():
        target = candidates[merged.get(text, text)]
        if text != target.text and text not in target.short_forms:
            target.short_forms.append(text)
        if text != target.text and target.kind == "other" and _vote(group) == "person":
            target.kind = "person"
        for mention in group:
            target.count += 1
            sentence = sentences[mention.sentence]
            if sentence not in target.sentences:
                target.sentences.append(sentence)
            if mention.parts and not target.parts:
                target.parts = mention.parts
            target.first = min(target.first, mention.start)
    for candidate in candidates.values():
        candidate.sentences.sort(key=sentences.index)
    return list(candidates.values())


def _vote(group: list[_Mention]) -> Kind:
    kinds = [m.kind for m in group]
    for kind in ("acronym", "title", "organisation"):
        if kind in kinds:
            return kind
    if any(m.person_hint for m in group) or "person" in kinds:
        return "person"
    if any(m.place_hint for m in group) or "place" in kinds:
        return "place"
    return "other"


# --------------------------------------------------------------------------- English


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")  # fmt: skip
_MONTHS = _words(
    """january february march april may june july august september october november december
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec."""
)
# Words that open sentences and never start a name on their own.
_STOP = _words(
    """a an the and but or nor so yet for if as at by in of on to up with without within into
    onto from after before during since until while when where whereas although though
    because it its he she they we i you his her their our my your this that these those
    there here meanwhile however also still even only some many most all both each several
    other another no not former then now later earlier last next separately instead further
    such asked speaking according under over about among between against despite unlike like
    what which who whom whose how why once twice more less few any every either neither one
    two three four five six seven eight nine ten first second third today tonight yesterday
    tomorrow mr mrs ms dr let please yes thanks thank"""
)
_PLURAL_POSSESSIVES = frozenset({"people", "workers", "women", "children", "veterans"})
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "southeast"})
_CONNECTORS_NAME = frozenset({"bin", "al", "de", "da", "van", "von", "der", "du", "la", "le"})
_ABBREVIATIONS = _words(
    """co corp inc ltd plc gen brig lt col maj adm sgt capt cmdr rep sen gov dr mr mrs ms prof
    rev st mt no jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.u"""
)
_CORPORATE = frozenset(
    {"co.", "corp.", "inc.", "ltd.", "plc", "llc", "ag", "gmbh", "co", "corp", "inc", "ltd"}
)
_RANKS = _words(
    """gen. brig. lt. col. maj. adm. sgt. capt. cmdr. rep. sen. gov. dr. mr. mrs. ms. prof.
    rev. general admiral lieutenant colonel major sergeant"""
)
_TITLE_HEADS = _words(
    """minister secretary president chairman chairwoman chairperson chair spokesman spokeswoman
    spokesperson director governor ambassador envoy commissioner mayor senator
    representative adviser advisor commander chief premier chancellor king queen prince
    princess pope leader secretary-general ceo prosecutor judge justice speaker lawmaker
    coach captain defender midfielder striker forward goalkeeper manager head"""
)
_TITLE_MODIFIERS = _words(
    """press deputy vice defense defence foreign prime chief executive senior national security
    unification trade finance interior cabinet assistant under acting first economy economic
    justice health labor labour environment education industry energy transport
    transportation agriculture culture science land maritime veterans home intelligence
    budget treasury state commerce"""
)
# A single generic title is no candidate (every glossary has it); these make it specific.
_GENERIC_TITLES = _TITLE_HEADS
_INSTITUTIONS = _words(
    """ministry department agency administration office bureau council committee commission
    institute institution center centre foundation association federation union league
    organization organisation corporation company group bank exchange court assembly
    parliament congress party army navy force forces corps command headquarters service
    services authority board academy university college school secretariat forum network
    alliance coalition chamber society fund trust securities electronics motor motors
    industries energy solution solutions holdings airlines airline times news post daily
    club fc team steelers hotspur partners capital investment insurance pharmaceutical
    chemical steel telecom communications media broadcasting system systems"""
)
_DOCUMENTS = _words(
    """agreement act treaty accord convention declaration pact principles initiative plan
    program programme strategy framework law protocol charter resolution statement"""
)
_PLACES = _words(
    """island islands province county city district state sea ocean strait gulf bay river lake
    mountain mountains mount peninsula stadium arena park airport port harbor harbour
    station square street road bridge valley coast region village town prefecture base
    underpass complex"""
)
_DESCRIPTORS = frozenset({"typhoon", "hurricane", "cyclone", "storm", "operation", "mount"})
_DEMONYMS = _words(
    """american korean korean-american japanese chinese russian ukrainian german french british
    english indonesian australian thai iranian asian european african arab israeli
    palestinian indian pakistani vietnamese filipino taiwanese mongolian canadian mexican
    brazilian italian spanish dutch swiss swedish norwegian finnish polish turkish egyptian
    qatari jordanian syrian iraqi afghan lebanese northeast southeast western eastern
    northern southern south north"""
)
_PERSON_VERBS = _words(
    """said says told added stated noted warned urged argued wrote asked called insisted
    explained replied denied confirmed announced"""
)
_PERSON_BEFORE = _words(
    """said told according spokesman spokeswoman spokesperson minister secretary coach captain
    goalkeeper defender midfielder striker forward analyst doctor leader chairman president
    director governor ambassador envoy lawmaker"""
)
_PLACE_BEFORE = frozenset({"in", "near", "at", "from", "to", "into", "across", "outside", "off"})
_COINAGE_TRIGGERS = frozenset(
    {"so-called", "dubbed", "called", "named", "codenamed", "code-named", "nicknamed", "termed"}
)
_KOREAN_SURNAMES = _words(
    """kim lee yi rhee park pak choi choe jung chung jeong kang cho jo yoon yun jang chang lim
    im han oh shin sin seo suh kwon hwang ahn an song jeon chun hong ko go moon mun yang son
    bae baek paek heo hur yoo yu ryu nam noh roh ha kwak sung seong cha joo ju woo wu koo ku
    min na ji jin um eom won ri wang"""
)
_ROMAN = re.compile(r"^(?:II|III|IV|VI|VII|VIII|IX|XI|XII)$")
_MODEL = re.compile(r"^[A-Z][A-Za-z]*-?\d+[A-Za-z]*$|^[A-Z]+\d+[A-Z]*$")
_ROMANISED_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")  # Jong-un, Jae-yong
_DATELINE = re.compile(  # "SEOUL, July 12 (Yonhap) -- "
    r"^\s*(?P<city>[A-Z][A-Z.'’ -]+?),(?:\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2},?)?"
    r"\s+\([^)\n]*\)\s*(?:--|—|–|-)\s*"
)
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|[^\W_](?:[\w&'’-]*[^\W_])?(?:['’]s\b|['’](?=\s))?"  # words, C&T, B-52H, Korea's
    r"|\S"
)


@dataclass
class _Token:
    text: str
    start: int
    end: int
    word: bool  # letters or digits
    cap: bool  # counts as a name word (capital, acronym, model)
    possessive: bool = False
    written: str = ""  # as written, "'s" included

    def __post_init__(self) -> None:
        self.written = self.written or self.text

    @property
    def low(self) -> str:
        return self.text.casefold()


def _tokens(sentence: str, offset: int) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        raw = match.group()
        start, end = match.start() + offset, match.end() + offset
        possessive = False
        if raw[-2:] in ("'s", "’s") and len(raw) > 2 and raw[-3].isalpha():
            raw, end, possessive = raw[:-2], end - 2, True
        elif raw[-1:] in ("'", "’") and len(raw) > 1 and raw[-2] == "s":
            raw, end, possessive = raw[:-1], end - 1, True
        word = raw[0].isalnum()
        # "Co." and "Gen.": keep the abbreviation's dot on the word.
        after = match.end()
        dotted = word and after < len(sentence) and sentence[after] == "." and not possessive
        if dotted and (raw.casefold() in _ABBREVIATIONS or (len(raw) == 1 and raw.isupper())):
            raw, end = raw + ".", end + 1
        cap = word and (raw[0].isupper() or bool(_MODEL.match(raw)))
        if tokens and raw == "." and tokens[-1].text.endswith("."):
            continue  # the dot already taken by an abbreviation
        tokens.append(_Token(raw, start, end, word, cap, possessive, match.group()))
    return tokens


def _is_acronym(token: str) -> bool:
    letters = token.replace(".", "").replace("&", "").replace("-", "")
    return (
        len(letters) >= 2
        and letters.isalnum()
        and letters.upper() == letters
        and any(c.isalpha() for c in letters)
        and not _ROMAN.match(token)
    )


def _is_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 2


class _EnglishSentence:
    """Name sequences in one sentence."""

    def __init__(self, tokens: list[_Token], lowered: set[str]) -> None:
        self.tokens = tokens
        self.lowered = lowered  # words seen in lower case anywhere in the text

    def name_word(self, index: int) -> bool:
        token = self.tokens[index]
        if not token.cap:
            return False
        low = token.low
        if low.rstrip(".") in _WEEKDAYS or low in _MONTHS or low.rstrip(".") in _MONTHS:
            return False
        if "-" in low and any(p in _MONTHS or p in _WEEKDAYS for p in low.split("-")):
            return False  # October-December
        return not (token.text == "I" or (index > 0 and self.tokens[index - 1].text == "$"))

    def sequences(self) -> Iterator[list[_Token]]:
        tokens = self.tokens
        index = 0
        while index < len(tokens):
            if not self.name_word(index):
                index += 1
                continue
            run = [tokens[index]]
            index += 1
            while index < len(tokens):
                if run[-1].possessive and run[-1].low not in _PLURAL_POSSESSIVES:
                    break  # "South Korea's military"; but "Korean People's Army"
                if run[-1].low in _CORPORATE:
                    break  # "Cheil Industries Inc. Prosecutors"
                step = self._continue(run, index)
                if not step:
                    break
                run += tokens[index : index + step]
                index += step
            yield run

    def _continue(self, run: list[_Token], index: int) -> int:
        """How many tokens at ``index`` continue the name ``run`` (0: it ends)."""
        tokens = self.tokens
        token = tokens[index]
        if self.name_word(index):
            model = "-" in token.text and any(c.isdigit() for c in token.text)
            if model and run[-1].low in _INSTITUTIONS:
                return 0  # "U.S. Air Force RC-135": the model is a name of its own
            return 1
        if _is_number(token.text) and run[-1].text.isalpha() and run[-1].low not in _STOP:
            following = tokens[index + 1].text if index + 1 < len(tokens) else ""
            quantity = following in (",", ".", "-", "%") or following.isdigit()
            if not quantity and following.casefold() not in ("percent", "minute", "minutes"):
                return 1  # Falcon 9, K League 1
        low = token.low
        nxt = index + 1
        has_next = nxt < len(tokens) and self.name_word(nxt)
        institutional = self._institutional(run)
        if low in ("&",) and has_next:
            return 1
        if low in _CONNECTORS_NAME and has_next:
            return 1
        if low in ("of", "for") and nxt < len(tokens):
            if tokens[nxt].low == "the" and nxt + 1 < len(tokens) and self.name_word(nxt + 1):
                return 2 if self._heads_of(run) else 0
            if has_next and (self._heads_of(run) or institutional or self._doc_ahead(nxt)):
                return 1
        if low in ("and", "by") and has_next and (institutional or self._institution_ahead(nxt)):
            return 1
        if (
            low == "hynix"
            or (not token.cap and token.word and low.isalpha() and self._corporate_ahead(nxt))
        ) and run[-1].text.isupper():
            return 1  # SK hynix Inc.
        if low == "," and institutional and self._comma_list(index):
            return 1
        return 0

    def _heads_of(self, run: list[_Token]) -> bool:
        last = run[-1].low.rstrip(".")
        return last in _INSTITUTIONS or last in _TITLE_HEADS or last in _PLACES or last in {
            "republic", "kingdom", "chiefs", "victims", "war", "battle", "museum", "order",
        }  # fmt: skip

    def _institutional(self, run: list[_Token]) -> bool:
        words = [t.low for t in run]
        return (
            any(w in ("of", "for") for w in words)
            and words[0].rstrip(".")
            in (_INSTITUTIONS | _DOCUMENTS | {"foundation", "asan", "world", "central"})
        ) or (
            any(w in ("of", "for") for w in words)
            and any(w.rstrip(".") in _INSTITUTIONS for w in words)
        )

    def _ahead(self, index: int) -> list[_Token]:
        run: list[_Token] = []
        while index < len(self.tokens) and self.name_word(index):
            run.append(self.tokens[index])
            index += 1
        return run

    def _doc_ahead(self, index: int) -> bool:
        run = self._ahead(index)
        return bool(run) and run[-1].low in _DOCUMENTS

    def _institution_ahead(self, index: int) -> bool:
        """The capitalised words at ``index`` end an institution or a document ("... Act")."""
        run = self._ahead(index)
        heads = (_INSTITUTIONS - {"securities", "electronics"}) | _DOCUMENTS
        return bool(run) and run[-1].low in heads

    def _corporate_ahead(self, index: int) -> bool:
        return index < len(self.tokens) and self.tokens[index].low in _CORPORATE

    def _comma_list(self, index: int) -> bool:
        """ ", Industry and Energy": capitalised words, then "and" and a capitalised word."""
        tokens = self.tokens
        position = index + 1
        seen_word = False
        while position < len(tokens):
            low = tokens[position].low
            if self.name_word(position):
                seen_word = True
            elif low == "," and seen_word:
                seen_word = False
            elif low == "and" and seen_word:
                return position + 1 < len(tokens) and self.name_word(position + 1)
            else:
                return False
            position += 1
        return False


def _strip_dateline(text: str) -> tuple[str, str | None]:
    match = _DATELINE.match(text)
    if not match:
        return text, None
    city = match.group("city").strip()
    blank = " " * match.end()
    return blank + text[match.end() :], city.title()


def _english(text: str) -> list[Candidate]:
    analysed, city = _strip_dateline(text)
    spans = _sentence_spans("en", analysed)
    sentences = [text[a:b].strip() for a, b in spans]
    lowered = {w.casefold() for w in re.findall(r"\b[a-z][a-z'-]*\b", analysed)}
    mentions: list[_Mention] = []
    if city:
        mentions.append(_Mention(city, "place", 0, 0))
    for number, (a, b) in enumerate(spans):
        tokens = _tokens(analysed[a:b], a)
        sentence = _EnglishSentence(tokens, lowered)
        first_word = next((i for i, t in enumerate(tokens) if t.word), None)
        for run in sentence.sequences():
            position = tokens.index(run[0])
            at_start = first_word is not None and position <= first_word
            if position and tokens[position - 1].low in _CORPORATE:
                at_start = True  # "... Inc. Prosecutors": a sentence sentencex kept joined
            mentions += _analyse_run(run, tokens, position, at_start, number, lowered)
        mentions += _coinages(tokens, number)
        mentions += _lowercase_expansions(tokens, number)
    mentions = _filter_starts(mentions)
    candidates = _collect(mentions, sentences)
    _link_acronyms(candidates, mentions)
    return candidates


def _analyse_run(
    run: list[_Token],
    tokens: list[_Token],
    position: int,
    at_start: bool,
    sentence: int,
    lowered: set[str],
) -> list[_Mention]:
    """Mentions from one name sequence: strip, split off titles and demonyms, classify."""
    words = list(run)
    # Leading sentence words ("The Pentagon", "But Kirby") and demonyms before a title
    # ("Chinese Foreign Minister Wang Yi", "South Korean President Yoon").
    while words:
        low = words[0].low
        stop = at_start and (low in _STOP or (low in lowered and len(words) > 1))
        demonym = _demonym_prefix(words)
        if stop or demonym:
            words = words[demonym or 1 :]
            at_start = False
            continue
        break
    lows = [w.low for w in words]
    if all(w in _DEMONYMS or w in _COMPASS for w in lows):
        return []  # "South Korean", "Japanese", "the North"
    while words and (words[-1].low in ("of", "for", "and", "&", "the", "by") or not words[-1].word):
        words.pop()
    if not words:
        return []
    before = tokens[position - 1].low if position > 0 else ""
    after_index = tokens.index(run[-1]) + 1
    after = tokens[after_index].low if after_index < len(tokens) else ""
    parts = _split_title(words)
    if parts is not None:
        prefix, title, name = parts
        found: list[_Mention] = []
        if prefix:  # "Pentagon Press Secretary": what leads a title names an organisation
            for mention in _analyse_run(prefix, tokens, position, False, sentence, lowered):
                if mention.kind == "other" and not mention.place_hint:
                    mention.kind = "organisation"
                found.append(mention)
        title_text = _join([t for t in title if t.low not in _RANKS])
        title_words = title_text.split()
        specific = len(title_words) > 1 or (
            title_words and title_words[0].casefold() not in _GENERIC_TITLES
        )
        name_text = _join(name)
        if specific:
            found.append(_Mention(title_text, "title", title[0].start, sentence))
        if name:
            person = _person(name_text, name, sentence, hint=True, after=after)
            person.parts = (title_text, name_text) if specific else ()
            found.append(person)
        return found
    while len(words) > 1 and words[-1].low in _CORPORATE:
        words.pop()  # Samsung Electronics Co. → Samsung Electronics
        at_start = False  # a company suffix is evidence enough: "Naver Corp., the ..."
    words = _without_year(words)
    if not words:
        return []
    text = _join(words)
    if len(words) == 1:
        token = words[0]
        if token.low in _STOP or token.low.rstrip(".") in _ABBREVIATIONS:
            return []
        if _is_acronym(token.text) and not any(c.isdigit() for c in token.text):
            return [_Mention(text, "acronym", token.start, sentence)]
    return [_classify(words, text, sentence, at_start, before, after, run, lowered)]


def _without_year(words: list[_Token]) -> list[_Token]:
    """ "Computex 2024" → "Computex": the name an editor adds is without the year."""
    if len(words) > 1 and re.fullmatch(r"(?:19|20)\d\d", words[-1].text):
        return words[:-1]
    return words


def _demonym_prefix(words: list[_Token]) -> int:
    """How many leading words are a demonym (South Korean, Chinese) before a title."""
    for size in (2, 1):
        if len(words) > size:
            lows = [w.low for w in words[:size]]
            title = words[size].low in _TITLE_HEADS or words[size].low in _TITLE_MODIFIERS
            if title and all(w in _DEMONYMS for w in lows) and lows[-1] not in _COMPASS:
                return size
    return 0


def _split_title(words: list[_Token]) -> tuple[list[_Token], list[_Token], list[_Token]] | None:
    """(prefix, title, name) when the sequence holds a title before a name, else None."""
    heads = [i for i, t in enumerate(words) if t.low in _TITLE_HEADS or t.low in _RANKS]
    if not heads:
        return None
    last = heads[-1]
    # "Secretary of Defense Lloyd Austin", "Secretary of State Antony Blinken"
    end = last + 1
    if end + 1 < len(words) and words[end].low == "of" and words[end + 1].cap:
        end += 2
    name = words[end:]
    if name and (name[0].low in ("of", "for", "and") or name[-1].low in _INSTITUTIONS):
        return None  # "Chairman of the Board", "President Hotel": not a title and a name
    if not name and len(words) == last + 1 and words[last].low in _RANKS:
        return None
    if not name and words[0].low not in _TITLE_MODIFIERS | _TITLE_HEADS:
        return None  # a title alone must start the sequence ("Interior Minister")
    start = last
    while start > 0 and (
        words[start - 1].low in _TITLE_MODIFIERS
        or words[start - 1].low in _TITLE_HEADS
        or words[start - 1].low in _RANKS
    ):
        start -= 1
    if name and not all(t.cap or t.low in _CONNECTORS_NAME for t in name):
        return None
    return words[:start], words[start:end], name


def _join(tokens: list[_Token]) -> str:
    """The tokens as written; a possessive inside keeps its "'s" (Korean People's Army)."""
    out = ""
    for index, token in enumerate(tokens):
        if index and token.start > tokens[index - 1].end + (
            len(tokens[index - 1].written) - len(tokens[index - 1].text)
        ):
            out += " "
        out += token.written if index < len(tokens) - 1 else token.text
    return out


def _person(
    text: str, words: list[_Token], sentence: int, *, hint: bool, after: str = ""
) -> _Mention:
    short = ""
    plain = [w for w in words if w.low not in _CONNECTORS_NAME]
    if len(plain) >= 2:
        first = plain[0].low
        korean = first in _KOREAN_SURNAMES and (
            len(plain) == 3 or any(_ROMANISED_GIVEN.match(w.text) for w in plain[1:])
            or len(plain) == 2
        )  # fmt: skip
        short = plain[0].text if korean else plain[-1].text
    return _Mention(
        text, "person", words[0].start, sentence,
        person_hint=hint or after in _PERSON_VERBS, short=short,
    )  # fmt: skip


def _classify(
    words: list[_Token],
    text: str,
    sentence: int,
    at_start: bool,
    before: str,
    after: str,
    run: list[_Token],
    lowered: set[str],
) -> _Mention:
    lows = [w.low.rstrip(".") for w in words]
    start = words[0].start
    has_digit = any(c.isdigit() for c in text)
    head = lows[: lows.index("of")] if "of" in lows else lows
    if any(w.low in _CORPORATE for w in run) or head[-1] in _INSTITUTIONS:
        return _Mention(text, "organisation", start, sentence, at_start=at_start)
    if lows[0] in _DESCRIPTORS and len(words) > 1:
        rest = _join(words[1:])
        kind: Kind = "place" if lows[0] == "mount" else "other"
        return _Mention(text, kind, start, sentence, at_start=at_start, short=rest)
    if lows[-1] in _PLACES:
        return _Mention(text, "place", start, sentence, at_start=at_start)
    if has_digit or lows[-1] in _DOCUMENTS:
        return _Mention(text, "other", start, sentence, at_start=at_start)
    plain = all(w.text[:1].isupper() and (w.text[1:].islower() or "-" in w.text) for w in words)
    given = any(_ROMANISED_GIVEN.match(w.text) for w in words[1:])
    korean_name = plain and lows[0] in _KOREAN_SURNAMES and 2 <= len(words) <= 3
    if (
        plain
        and len(words) >= 2
        and (given or korean_name or before in _PERSON_BEFORE or after in _PERSON_VERBS)
    ):
        mention = _person(text, words, sentence, hint=True, after=after)
        mention.at_start = at_start
        return mention
    mention = _Mention(text, "other", start, sentence, at_start=at_start)
    if plain and len(words) >= 2:
        mention.short = _person(text, words, sentence, hint=False).short
    if len(words) == 1 and (before in _PERSON_BEFORE or after in _PERSON_VERBS):
        mention.person_hint = True
    if before in _PLACE_BEFORE and not mention.person_hint:
        mention.place_hint = True
    return mention


def _filter_starts(mentions: list[_Mention]) -> list[_Mention]:
    """Drop one-word sequences whose only evidence is a capital at the start of a sentence."""
    seen_inside = {m.text for m in mentions if not m.at_start}
    shorts = {m.short for m in mentions if m.short}
    kept = []
    for mention in mentions:
        if mention.at_start and " " not in mention.text and mention.kind != "acronym":
            shaped = bool(_MODEL.match(mention.text)) or "-" in mention.text
            if mention.text not in seen_inside and mention.text not in shorts and not shaped:
                continue
        kept.append(mention)
    return kept


def _coinages(tokens: list[_Token], sentence: int) -> list[_Mention]:
    """Quoted coinages after "so-called", "dubbed" ...: 'a so-called "fortress economy"'."""
    found: list[_Mention] = []
    quotes = {'"': '"', "“": "”", "‘": "’", "'": "'"}
    for index, token in enumerate(tokens):
        if token.text not in quotes or index == 0:
            continue
        trigger = tokens[index - 1].low
        trigger2 = " ".join(t.low for t in tokens[max(0, index - 2) : index])
        if trigger not in _COINAGE_TRIGGERS and trigger2 != "known as":
            continue
        closer = quotes[token.text]
        inner: list[_Token] = []
        for inside in tokens[index + 1 : index + 7]:
            if inside.text == closer:
                break
            inner.append(inside)
        else:
            continue
        if 1 <= len(inner) <= 4 and all(t.word for t in inner) and not all(t.cap for t in inner):
            found.append(_Mention(_join(inner), "other", inner[0].start, sentence))
    return found


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Whether ``words`` spell ``acronym``: each gives a prefix (connectors may give none)."""
    letters = re.sub(r"[^a-z0-9]", "", acronym.casefold())
    parts: list[tuple[str, bool]] = []
    for word in words:
        for piece in re.split(r"[-&]", word.casefold()):
            if piece:
                optional = piece in ("of", "for", "and", "the", "by", "&")
                parts.append((piece, optional))
    if not parts or not letters or parts[0][0][0] != letters[0]:
        return False

    @functools.cache
    def fits(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(letters)
        piece, optional = parts[j]
        if optional and fits(i, j + 1):
            return True
        for size in range(1, len(piece) + 1):
            if i + size > len(letters) or letters[i : i + size] != piece[:size]:
                break
            if fits(i + size, j + 1):
                return True
        return False

    return fits(0, 0)


def _lowercase_expansions(tokens: list[_Token], sentence: int) -> list[_Mention]:
    """ "dynamic random access memory (DRAM)": the words before a parenthesised acronym."""
    found: list[_Mention] = []
    for index in range(2, len(tokens) - 2):
        acronym = tokens[index + 1]
        if tokens[index].text != "(" or tokens[index + 2].text != ")":
            continue
        if not _is_acronym(acronym.text) or tokens[index - 1].cap:
            continue
        for size in range(1, min(len(acronym.text) + 2, index) + 1):
            words = tokens[index - size : index]
            if not all(t.word and not t.cap for t in words):
                break
            if _initials_match(acronym.text, [t.text for t in words]):
                mention = _Mention(_join(words), "other", words[0].start, sentence)
                mention.short = ""
                found.append(mention)
                break
    return found


def _link_acronyms(candidates: list[Candidate], mentions: list[_Mention]) -> None:
    by_text = {c.text: c for c in candidates}
    acronyms = [c for c in candidates if c.kind == "acronym"]
    longs = [c for c in candidates if c.kind != "acronym" and " " in c.text]
    for acronym in acronyms:
        # Written "(ACR)" right after its long form, or spelled by a long form in the text.
        partner = _parenthesised_partner(acronym, mentions, by_text)
        if partner is None:
            spelled = [c for c in longs if _initials_match(acronym.text, c.text.split())]
            partner = spelled[0] if len(spelled) == 1 else None
        if partner is not None:
            acronym.expansion = partner.text
            partner.acronym = acronym.text


def _parenthesised_partner(
    acronym: Candidate, mentions: list[_Mention], by_text: dict[str, Candidate]
) -> Candidate | None:
    ordered = sorted(mentions, key=lambda m: m.start)
    for index, mention in enumerate(ordered):
        if mention.text != acronym.text or index == 0:
            continue
        previous = ordered[index - 1]
        gap = mention.start - (previous.start + len(previous.text))
        if previous.sentence == mention.sentence and 0 < gap <= 3 and previous.text in by_text:
            partner = by_text[previous.text]
            if partner.kind != "acronym":
                return partner
    return None


# --------------------------------------------------------------------------- Korean

_KIWI_LOCK = threading.Lock()
_KOREAN_DATELINE = re.compile(r"^\s*\([^)\n]*=[^)\n]*\)\s*(?:[가-힣]{2,4}\s+기자\s*=\s*)?")
_KOREAN_MODEL = re.compile(r"[가-힣A-Za-z]+-\d+[가-힣A-Za-z]*")
_KOREAN_QUOTE = re.compile(r"[‘'](?P<inner>[^‘’'\n]{1,20})[’']")
_KOREAN_TITLES = (
    "대통령", "장관", "의장", "대변인", "위원장", "총리", "조정관", "부부장", "연구위원", "회장",
    "대표", "의원", "감독", "선수", "사령관", "차관", "국장", "대사", "교수", "위원", "부장",
    "사무총장", "주석", "국무장관", "국방장관", "관방장관", "비서관", "실장", "청장", "처장",
)  # fmt: skip
_KOREAN_ORGS = (
    "당", "부", "청", "처", "원", "회", "회의", "기구", "본부", "통신", "공사", "은행", "그룹",
    "전자", "위원회", "연구원", "실", "관", "군", "대학교", "협회", "재단", "연합", "사",
)  # fmt: skip
_KOREAN_PLACES = ("시", "도", "섬", "항", "만", "해", "산", "강", "반도", "해협")
_NOUNS = frozenset({"NNP", "NNG", "NNB", "SL", "SN", "SH"})


@functools.cache
def _kiwi() -> Kiwi:
    from kiwipiepy import Kiwi  # a 0.8 s load: only when a Korean text comes

    return Kiwi()


def _tokenize_korean(text: str) -> list[tuple[str, str, int, int]]:
    kiwi = _kiwi()
    with _KIWI_LOCK:  # one analyser per process; tokenize is not documented as thread-safe
        tokens = kiwi.tokenize(text)
    return [(t.form, t.tag, t.start, t.start + t.len) for t in tokens]


def _korean(text: str) -> list[Candidate]:
    match = _KOREAN_DATELINE.match(text)
    analysed = " " * match.end() + text[match.end() :] if match else text
    spans = _sentence_spans("ko", analysed)
    sentences = [text[a:b].strip() for a, b in spans]
    starts = [a for a, _ in spans]

    def sentence_of(pos: int) -> int:
        index = 0
        while index + 1 < len(starts) and starts[index + 1] <= pos:
            index += 1
        return index

    tokens = _tokenize_korean(analysed)
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    units = _korean_units(analysed, tokens)
    joined_to_next = _korean_given_names(analysed, units)
    for number, unit in enumerate(units):
        first_tag = unit[0][1]
        if first_tag not in ("NNP", "SL") and number - 1 not in joined_to_next:
            continue
        end_index = 1
        while end_index < len(unit):
            form, tag, _s, _e = unit[end_index]
            prev_tag = unit[end_index - 1][1]
            if first_tag == "SL" and tag in ("NNG", "NNB"):
                break  # "DS부문장": the acronym, not the post
            if (
                tag in _NOUNS
                or (tag == "SO" and form == "-")
                or (tag == "XSN" and prev_tag in ("SN", "SL"))
            ):
                end_index += 1
            else:
                break
        while end_index > 1 and unit[end_index - 1][1] == "SO":
            end_index -= 1
        start, end = unit[0][2], unit[end_index - 1][3]
        if number - 1 in joined_to_next:  # 팻 라이더: the given name before
            start = units[number - 1][0][2]
        elif number in joined_to_next:
            continue
        surface = analysed[start:end]
        if len(surface) < 2 or surface.isdigit():
            continue
        kind = _korean_kind(surface, first_tag, units, number)
        short = surface.split()[-1] if " " in surface else ""
        mentions.append(_Mention(surface, kind, start, sentence_of(start), short=short))
        taken.append((start, end))
    for pattern in (_KOREAN_MODEL, _KOREAN_QUOTE):
        for found in pattern.finditer(analysed):
            inner = found.groupdict().get("inner")
            start = found.start("inner") if inner else found.start()
            surface = (inner or found.group()).strip()
            surface = re.sub(r"\s+(?:19|20)\d\d$", "", surface)  # '컴퓨텍스 2024'
            if len(surface) < 2 or len(surface.split()) > 3:
                continue
            end = start + len(surface)
            taken = [(a, b) for a, b in taken if not (a >= start and b <= end)]
            mentions = [m for m in mentions if not (start <= m.start < end)]
            mentions.append(_Mention(surface, "other", start, sentence_of(start)))
    mentions += _korean_expansions(analysed, tokens, sentence_of)
    _strip_korean_particles(mentions)
    candidates = _collect(mentions, sentences)
    _link_korean_acronyms(candidates, analysed)
    return candidates


# One-syllable proper nouns that abbreviate a country (미 공군), not given names.
_COUNTRY_ABBREVIATIONS = frozenset("미중일북남한러영프독러인")


def _korean_given_names(text: str, units: list[list[tuple[str, str, int, int]]]) -> set[int]:
    """Units that are a one-syllable given name written before a surname (존 커비, 팻 라이더)."""
    found: set[int] = set()
    for index, unit in enumerate(units[:-1]):
        form, tag, _start, end = unit[0]
        following = units[index + 1]
        next_word = "".join(f for f, t, _s, _e in following if t.startswith("N"))
        if (
            len(unit) == 1
            and tag == "NNP"
            and len(form) == 1
            and form not in _COUNTRY_ABBREVIATIONS
            and text[end : following[0][2]] == " "
            and following[0][1] in ("NNP", "NNG")
            and not next_word.endswith(_KOREAN_TITLES)
        ):
            found.add(index)
    return found


def _strip_korean_particles(mentions: list[_Mention]) -> None:
    """ "엔비디아에" (kiwipiepy kept the particle) → "엔비디아" when that is mentioned too."""
    texts = {m.text for m in mentions}
    particles = sorted(korean.PARTICLES, key=len, reverse=True)
    for mention in mentions:
        for particle in particles:
            stem = mention.text[: -len(particle)]
            if mention.text.endswith(particle) and len(stem) >= 2 and stem in texts:
                mention.text = stem
                break


def _korean_units(
    text: str, tokens: list[tuple[str, str, int, int]]
) -> list[list[tuple[str, str, int, int]]]:
    """Runs of tokens not separated by whitespace or punctuation (a "-" may join them)."""
    units: list[list[tuple[str, str, int, int]]] = []
    current: list[tuple[str, str, int, int]] = []
    for token in tokens:
        form, tag, start, _end = token
        punctuation = tag.startswith("S") and tag not in ("SL", "SN", "SH", "SO")
        joined = bool(current) and current[-1][3] == start and not text[start - 1].isspace()
        if punctuation or (tag == "SO" and form != "-"):
            if current:
                units.append(current)
            current = []
            continue
        if current and not joined:
            units.append(current)
            current = []
        current.append(token)
    if current:
        units.append(current)
    return units


def _korean_kind(
    surface: str, tag: str, units: list[list[tuple[str, str, int, int]]], index: int
) -> Kind:
    if tag == "SL":
        letters = surface.replace("-", "")
        if letters.isalpha() and letters.isupper():
            return "acronym"
        return "other"
    if " " in surface:
        return "person"  # kiwipiepy keeps foreign names together: 존 커비
    if surface.endswith(_KOREAN_ORGS) and len(surface) >= 3:
        return "organisation"
    for unit in units[index + 1 : index + 5]:
        word = "".join(form for form, tag, _s, _e in unit if tag.startswith("N"))
        if word.endswith(_KOREAN_TITLES) and 2 <= len(surface) <= 4:
            return "person"
    if surface.endswith(_KOREAN_PLACES):
        return "place"
    return "other"


def _korean_expansions(
    text: str, tokens: list[tuple[str, str, int, int]], sentence_of: Callable[[int], int]
) -> list[_Mention]:
    """ "국가안전보장회의(NSC)": the word written right before a parenthesised acronym."""
    found: list[_Mention] = []
    for index in range(1, len(tokens) - 1):
        form, tag, start, _end = tokens[index]
        if tag != "SSO" or form != "(" or tokens[index + 1][1] != "SL":
            continue
        word_start = start
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        surface = text[word_start:start]
        if len(surface) >= 2 and all("가" <= ch <= "힣" for ch in surface):
            kinds: Kind = "organisation" if surface.endswith(_KOREAN_ORGS) else "other"
            found.append(_Mention(surface, kinds, word_start, sentence_of(word_start)))
    return found


def _link_korean_acronyms(candidates: list[Candidate], text: str) -> None:
    by_text = {c.text: c for c in candidates}
    for match in re.finditer(r"([가-힣]{2,})\(([A-Z][A-Z0-9-]+)[)·]", text):
        long_form, acronym = match.group(1), match.group(2)
        if long_form in by_text and acronym in by_text:
            by_text[acronym].expansion = long_form
            by_text[long_form].acronym = acronym
