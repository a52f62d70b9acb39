"""Compare what two sides of a translation say: numbers as multisets of values, then dates and
weekdays. Order does not matter; a number written another but equal way matches.

When unsure, say less: spelled-out numbers that go missing are warnings, a repeated number
written once is a warning, a rounded or converted value is a warning, and words like "a" or
한 only ever absorb a number, never raise an issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .formatting import plain
from .issues import QAIssue, Severity, make
from .mentions import DateMention, NumberMention, Strength, WeekdayMention

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: With "about" or 약, a value this close (relative) is a rounding: a warning, not an error.
_APPROXIMATE = Decimal("0.05")
#: A value that is the other rounded to its written precision, and this close, is no issue
#: (45조7천405억 원 as 45.74 trillion won); further off it is a warning (123만 as 1.2 million).
_SILENT_ROUNDING = Decimal("0.001")


def _rounds_to(exact: Decimal, shown: Decimal) -> bool:
    """Whether ``shown`` is ``exact`` rounded at the precision ``shown`` is written with:
    to decimals (3.47 → 3.5), or to hundreds and more for large values (28,490 → 28,500).
    Small whole numbers are counts, never roundings (11 is not 10)."""
    exponent = shown.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or 0 <= exponent < 2 or (exponent >= 2 and shown < 1000):
        return False
    return abs(exact - shown) * 2 <= Decimal(10) ** exponent


def rounding(a: Decimal, b: Decimal) -> Decimal | None:
    """The relative difference when one value is the other rounded, else None."""
    if a == b or not (_rounds_to(a, b) or _rounds_to(b, a)):
        return None
    return abs(a - b) / max(abs(a), abs(b))


@dataclass
class Side:
    text: str
    numbers: Sequence[NumberMention]
    dates: Sequence[DateMention]
    weekdays: Sequence[WeekdayMention]
    used: list[bool] = field(default_factory=list)
    dates_used: list[bool] = field(default_factory=list)
    weekdays_used: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.used = [False] * len(self.numbers)
        self.dates_used = [False] * len(self.dates)
        self.weekdays_used = [False] * len(self.weekdays)

    def position(self, mention: NumberMention | DateMention | WeekdayMention) -> float:
        """Where a mention starts, as a share of the text (to pair the nearest ones)."""
        return mention.span[0] / max(len(self.text), 1)

    def free(self, minimum: Strength = Strength.OPTIONAL) -> list[int]:
        return [i for i, n in enumerate(self.numbers) if not self.used[i] and n.strength >= minimum]


def _is_year(mention: NumberMention) -> bool:
    return mention.kind == "year" or (
        mention.unit is None
        and mention.scale is None
        and mention.value == mention.value.to_integral_value()
        and 1900 <= mention.value <= 2100
    )


class NumberComparison:
    def __init__(
        self,
        source: Side,
        target: Side,
        unit_categories: dict[str, str],
        target_language: str = "the target language",
    ) -> None:
        self.s = source
        self.target_language = target_language
        self.t = target
        self.categories = unit_categories
        self.issues: list[QAIssue] = []

    # --- scoring ---------------------------------------------------------------------------

    def _unit_rank(self, a: NumberMention, b: NumberMention) -> int:
        if a.unit == b.unit:
            return 0
        if a.unit is None or b.unit is None:
            return 1
        return 2

    def _compatible(self, a: NumberMention, b: NumberMention) -> bool:
        """Whether two unmatched numbers are plausibly the same fact, written differently."""
        if (a.kind == "time") != (b.kind == "time"):
            return False
        if _is_year(a) != _is_year(b):
            return False
        if a.unit and b.unit:
            return self.categories.get(a.unit) == self.categories.get(b.unit)
        return True

    def _best(
        self, mention: NumberMention, side: Side, pool: list[int], *, equal: bool
    ) -> int | None:
        """The index in ``pool`` (on ``side``) that best matches ``mention``."""
        best: tuple[int, int, int, float] | None = None
        found = None
        here = self.s.position(mention) if side is self.t else self.t.position(mention)
        for j in pool:
            other = side.numbers[j]
            if side.used[j]:
                continue
            if equal and not (mention.readings & other.readings):
                continue
            if not equal and not self._compatible(mention, other):
                continue
            close = not equal and rounding(mention.value, other.value) is not None
            key = (
                0 if equal or close else 1,
                self._unit_rank(mention, other),
                0 if mention.kind == other.kind else 1,
                abs(side.position(other) - here),
            )
            if best is None or key < best:
                best, found = key, j
        return found

    # --- steps -----------------------------------------------------------------------------

    def _codes(self) -> None:
        s, t = self.s, self.t
        codes = [j for j, n in enumerate(t.numbers) if n.kind == "code"]
        for exact in (True, False):
            for i, mention in enumerate(s.numbers):
                if s.used[i] or mention.kind != "code":
                    continue
                for j in codes:
                    other = t.numbers[j]
                    if t.used[j]:
                        continue
                    same = (
                        other.code_key == mention.code_key
                        if exact
                        else other.code_digits == mention.code_digits
                    )
                    if not same:
                        continue
                    s.used[i] = t.used[j] = True
                    keys = (mention.code_key or "", other.code_key or "")
                    if not exact and all(k.isascii() for k in keys):
                        self.issues.append(
                            self._pair("code-changed", mention, other, severity="warning")
                        )
                    break

    def _equal_values(self) -> None:
        s, t = self.s, self.t
        pool = t.free(Strength.WORDS)
        for i in s.free(Strength.WORDS):
            j = self._best(s.numbers[i], t, pool, equal=True)
            if j is None:
                continue
            s.used[i] = t.used[j] = True
            a, b = s.numbers[i], t.numbers[j]
            if b.alt_reading in a.readings and b.value not in a.readings:
                # Spanish "6,000" matched 6,000 only through the Americas' convention.
                self.issues.append(
                    make(
                        "number-format",
                        {
                            "target_text": b.text,
                            "target_value": plain(b.value),
                            "target_language": self.target_language,
                            "source_value": plain(a.value),
                        },
                        source_span=a.span,
                        target_span=b.span,
                    )
                )
            if a.unit and b.unit and a.unit != b.unit:
                both_money = {self.categories.get(a.unit), self.categories.get(b.unit)} == {
                    "currency"
                }
                self.issues.append(
                    make(
                        "unit-mismatch",
                        {
                            "source_text": a.text,
                            "source_unit": a.unit,
                            "target_text": b.text,
                            "target_unit": b.unit,
                        },
                        severity="error" if both_money else "warning",
                        source_span=a.span,
                        target_span=b.span,
                    )
                )

    def _optional(self) -> None:
        for strong, weak in ((self.s, self.t), (self.t, self.s)):
            pool = [j for j in weak.free() if weak.numbers[j].strength == Strength.OPTIONAL]
            for i in strong.free(Strength.WORDS):
                j = self._best(strong.numbers[i], weak, pool, equal=True)
                if j is not None:
                    strong.used[i] = weak.used[j] = True

    def _day_dates(self) -> None:
        """A number against a day written as a date on the other side: "three days ago" and
        3일 전 (a day alone reads as a date in Korean)."""
        for numbers, dates in ((self.s, self.t), (self.t, self.s)):
            for i in numbers.free(Strength.WORDS):
                value = numbers.numbers[i].value
                for k, date in enumerate(dates.dates):
                    if dates.dates_used[k] or date.month or date.year or date.day != value:
                        continue
                    numbers.used[i] = dates.dates_used[k] = True
                    break

    def _pair(
        self, code: str, a: NumberMention, b: NumberMention, *, severity: Severity | None = None
    ) -> QAIssue:
        return make(
            code,
            {
                "source_text": a.text,
                "source_value": plain(a.value),
                "target_text": b.text,
                "target_value": plain(b.value),
            },
            severity=severity,
            source_span=a.span,
            target_span=b.span,
        )

    def _changed(self, a: NumberMention, b: NumberMention) -> QAIssue | None:
        if a.kind == "code" and b.kind == "code":
            return self._pair("code-changed", a, b)
        severity: Severity = "error"
        rounded = rounding(a.value, b.value)
        if rounded is not None:
            if rounded <= _SILENT_ROUNDING:
                return None
            severity = "warning"
        high = max(abs(a.value), abs(b.value))
        if (a.approx or b.approx) and abs(a.value - b.value) <= high * _APPROXIMATE:
            severity = "warning"  # "about 1.23 million" as 약 120만
        if a.unit and b.unit and a.unit != b.unit:
            severity = "warning"  # a conversion: 620 miles as 1,000 km
        return self._pair("number-changed", a, b, severity=severity)

    def _leftovers(self) -> None:
        s, t = self.s, self.t
        pool = t.free(Strength.WORDS)
        for i in s.free(Strength.WORDS):
            a = s.numbers[i]
            j = self._best(a, t, pool, equal=False)
            if j is None:
                continue
            s.used[i] = t.used[j] = True
            changed = self._changed(a, t.numbers[j])
            if changed is not None:
                self.issues.append(changed)
        target_values = {r for n in t.numbers for r in n.readings}
        for i in s.free(Strength.WORDS):
            a = s.numbers[i]
            # A repeated number written once, or a zero (190-0 as 전원 찬성), is a warning.
            repeated = bool(a.readings & target_values)
            sure = a.strength == Strength.DIGITS and not repeated and a.value != 0
            severity: Severity = "error" if sure else "warning"
            self.issues.append(
                make(
                    "number-missing",
                    {"source_text": a.text, "source_value": plain(a.value)},
                    severity=severity,
                    source_span=a.span,
                )
            )
        for j in t.free(Strength.WORDS):
            b = t.numbers[j]
            self.issues.append(
                make(
                    "number-added",
                    {"target_text": b.text, "target_value": plain(b.value)},
                    target_span=b.span,
                )
            )

    def run(self) -> list[QAIssue]:
        self._codes()
        self._equal_values()
        self._optional()
        self._day_dates()
        self._leftovers()
        return self.issues


def _shares(a: DateMention, b: DateMention) -> bool:
    return any(
        x is not None and y is not None
        for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    )


def _agrees(a: DateMention, b: DateMention) -> bool:
    return all(
        x is None or y is None or x == y
        for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    )


def _conflicts(a: DateMention, b: DateMention) -> int:
    return sum(
        x is not None and y is not None and x != y
        for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    )


def match_dates(source: Side, target: Side) -> None:
    """Mark equal dates, then dates that agree on every field both give (Nov. 28 and 28일)."""
    for exact in (True, False):
        for i, a in enumerate(source.dates):
            if source.dates_used[i]:
                continue
            for j, b in enumerate(target.dates):
                if target.dates_used[j]:
                    continue
                same = (
                    (a.year, a.month, a.day) == (b.year, b.month, b.day)
                    if exact
                    else _agrees(a, b) and bool((a.month and b.month) or (a.day and b.day))
                )
                if same:
                    source.dates_used[i] = target.dates_used[j] = True
                    break


def report_dates(
    source: Side, target: Side
) -> tuple[list[QAIssue], list[DateMention], list[DateMention]]:
    """Issues for dates left unmatched, and the dates found to disagree on each side."""
    issues: list[QAIssue] = []
    wrong_s: list[DateMention] = []
    wrong_t: list[DateMention] = []
    # Pair the dates that disagree, closest first: fewest fields in conflict, most in
    # agreement, then nearest.
    candidates = []
    for i, a in enumerate(source.dates):
        for j, b in enumerate(target.dates):
            if source.dates_used[i] or target.dates_used[j]:
                continue
            if _shares(a, b) and not _agrees(a, b):
                distance = abs(target.position(b) - source.position(a))
                agreeing = sum(
                    x is not None and x == y
                    for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day))
                )
                candidates.append((_conflicts(a, b), -agreeing, distance, i, j))
    for *_, i, j in sorted(candidates):
        if source.dates_used[i] or target.dates_used[j]:
            continue
        a, b = source.dates[i], target.dates[j]
        source.dates_used[i] = target.dates_used[j] = True
        wrong_s.append(a)
        wrong_t.append(b)
        issues.append(
            make(
                "date-mismatch",
                {
                    "source_text": a.text,
                    "source_date": a.describe(),
                    "target_text": b.text,
                    "target_date": b.describe(),
                },
                source_span=a.span,
                target_span=b.span,
            )
        )
    # A weekday on one side and a date on the other is news style (Monday → 27일).
    if not target.weekdays:
        for i, a in enumerate(source.dates):
            if not source.dates_used[i]:
                issues.append(
                    make(
                        "date-missing",
                        {"source_text": a.text, "source_date": a.describe()},
                        source_span=a.span,
                    )
                )
    if not source.weekdays:
        for j, b in enumerate(target.dates):
            if not target.dates_used[j]:
                issues.append(
                    make(
                        "date-added",
                        {"target_text": b.text, "target_date": b.describe()},
                        target_span=b.span,
                    )
                )
    return issues, wrong_s, wrong_t


def compare_weekdays(source: Side, target: Side) -> list[QAIssue]:
    for i, a in enumerate(source.weekdays):
        for j, b in enumerate(target.weekdays):
            if not target.weekdays_used[j] and a.weekday == b.weekday:
                source.weekdays_used[i] = target.weekdays_used[j] = True
                break
    left_s = [w for i, w in enumerate(source.weekdays) if not source.weekdays_used[i]]
    left_t = [w for j, w in enumerate(target.weekdays) if not target.weekdays_used[j]]
    issues = []
    pairs = []
    free_t = list(left_t)
    for a in left_s:
        if not free_t:
            break
        b = min(free_t, key=lambda b: abs(target.position(b) - source.position(a)))
        free_t.remove(b)
        pairs.append((a, b))
    for a, b in pairs:
        issues.append(
            make(
                "weekday-mismatch",
                {
                    "source_text": a.text,
                    "source_weekday": WEEKDAY_NAMES[a.weekday],
                    "target_text": b.text,
                    "target_weekday": WEEKDAY_NAMES[b.weekday],
                },
                source_span=a.span,
                target_span=b.span,
            )
        )
    paired_s = {id(a) for a, _ in pairs}
    if not target.dates:
        for a in (a for a in left_s if id(a) not in paired_s):
            issues.append(
                make(
                    "weekday-missing",
                    {"source_text": a.text, "source_weekday": WEEKDAY_NAMES[a.weekday]},
                    source_span=a.span,
                )
            )
    if not source.dates:
        for b in free_t:
            issues.append(
                make(
                    "weekday-added",
                    {"target_text": b.text, "target_weekday": WEEKDAY_NAMES[b.weekday]},
                    target_span=b.span,
                )
            )
    return issues


def _inside(span: tuple[int, int] | None, dates: list[DateMention]) -> bool:
    return span is not None and any(d.span[0] <= span[0] and span[1] <= d.span[1] for d in dates)


def compare(
    source: Side, target: Side, unit_categories: dict[str, str], target_language: str
) -> list[QAIssue]:
    """Every number, date and weekday issue between the two sides."""
    match_dates(source, target)
    number_issues = NumberComparison(source, target, unit_categories, target_language).run()
    date_issues, wrong_s, wrong_t = report_dates(source, target)
    if wrong_s:
        # The year of a wrong date is reported once, as the date.
        number_issues = [
            issue
            for issue in number_issues
            if not (_inside(issue.source_span, wrong_s) or _inside(issue.target_span, wrong_t))
        ]
    return number_issues + date_issues + compare_weekdays(source, target)
