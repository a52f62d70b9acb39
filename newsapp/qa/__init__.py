"""Fact checks for translations: numbers (Korean myriad scales included), dates, weekdays, and
text checks, as a pure function. Imports nothing from Django or the project; see docs/qa.md."""

from .checks import check_segment
from .issues import MESSAGES, QAIssue, Severity, render
from .langdata import available_languages

__all__ = ["MESSAGES", "QAIssue", "Severity", "available_languages", "check_segment", "render"]
