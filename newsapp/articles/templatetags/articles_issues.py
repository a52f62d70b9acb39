"""Stored issues and messages in the reader's language, for templates:
``{% load articles_issues %}``, then ``{{ issue|issue_message }}`` (a QA issue or a glossary
term check), ``{{ segment.term_checks|term_reasons }}`` (a list),
``{{ translation.error|stored_error }}`` or ``{{ upload.message|stored_error }}``,
``{{ line.reason|intake_reason }}`` (see ``newsapp.articles.issue_text``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from newsapp.articles import issue_text

register = template.Library()


@register.filter
def issue_message(issue: Mapping[str, Any]) -> str:
    return issue_text.issue_message(issue)


@register.filter
def term_reasons(term_checks: Mapping[str, Any] | None) -> list[str]:
    return issue_text.term_reasons(term_checks, html=True)


@register.filter
def stored_error(text: str) -> str:
    return issue_text.stored_error(text or "")


@register.filter
def intake_reason(code: str) -> str:
    return issue_text.intake_reason(code)
