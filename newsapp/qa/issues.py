"""QA issues and the one table of their codes, default severities and English messages.

Messages are rendered from ``MESSAGES[code]`` with the issue's ``params``, so a translated
table (one template per code) can render the same issue in another language later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]
Span = tuple[int, int]


class Template(NamedTuple):
    severity: Severity
    text: str


#: Every code this package raises: its usual severity and its English message template.
#: Codes are stable (stored with segments); see docs/qa.md for each one's meaning and example.
MESSAGES: dict[str, Template] = {
    "number-missing": Template(
        "error", "source says {source_text} ({source_value}); the target does not have it"
    ),
    "number-added": Template(
        "warning", "target says {target_text} ({target_value}); the source does not have it"
    ),
    "number-changed": Template(
        "error",
        "source says {source_text} ({source_value}); target says {target_text} ({target_value})",
    ),
    "number-format": Template(
        "warning",
        "target writes {target_text}, which reads as {target_value} in {target_language}; "
        "the source says {source_value}",
    ),
    "unit-mismatch": Template(
        "error",
        "source says {source_text} ({source_unit}); target says {target_text} ({target_unit})",
    ),
    "code-changed": Template(
        "error",
        "source says {source_text}; target says {target_text}: names and codes are kept exactly",
    ),
    "date-mismatch": Template(
        "error",
        "source says {source_text} ({source_date}); target says {target_text} ({target_date})",
    ),
    "date-missing": Template(
        "warning", "source says {source_text} ({source_date}); the target has no such date"
    ),
    "date-added": Template(
        "warning", "target says {target_text} ({target_date}); the source has no such date"
    ),
    "weekday-mismatch": Template(
        "error",
        "source says {source_text} ({source_weekday}); "
        "target says {target_text} ({target_weekday})",
    ),
    "weekday-missing": Template(
        "warning",
        "source says {source_text} ({source_weekday}); the target names no weekday or date",
    ),
    "weekday-added": Template(
        "warning",
        "target says {target_text} ({target_weekday}); the source names no weekday or date",
    ),
    "untranslated": Template("error", "the target looks untranslated: {target_excerpt}"),
    "empty": Template("error", "the target is empty"),
    "truncated": Template(
        "error", "the engine stopped at its length limit: the end of the sentence may be missing"
    ),
    "unbalanced-brackets": Template(
        "warning", "the target has an unmatched {bracket}; the source's brackets are balanced"
    ),
    "unbalanced-quotes": Template(
        "warning",
        "the target has an odd number of quotation marks ({count}); the source's are balanced",
    ),
    "doubled-word": Template("warning", "“{word}” is written twice in a row"),
}


def render(code: str, params: dict[str, str]) -> str:
    """The English message for a code and its params."""
    return MESSAGES[code].text.format(**params)


@dataclass(frozen=True)
class QAIssue:
    """One problem found in a translated sentence."""

    code: str
    severity: Severity
    message: str
    params: dict[str, str] = field(default_factory=dict, hash=False)
    source_span: Span | None = None
    target_span: Span | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form, for storing with a segment."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "params": dict(self.params),
            "source_span": list(self.source_span) if self.source_span else None,
            "target_span": list(self.target_span) if self.target_span else None,
        }


def make(
    code: str,
    params: dict[str, str] | None = None,
    *,
    severity: Severity | None = None,
    source_span: Span | None = None,
    target_span: Span | None = None,
) -> QAIssue:
    """An issue with its message rendered from the table (severity defaults to the code's)."""
    values = params or {}
    return QAIssue(
        code=code,
        severity=severity or MESSAGES[code].severity,
        message=render(code, values),
        params=values,
        source_span=source_span,
        target_span=target_span,
    )
