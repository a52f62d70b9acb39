from django import template

from newsapp.core.languages import label as language_label
from newsapp.core.languages import name as language_plain_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """ "ko" → "Korean (ko)"."""
    return language_label(code)


@register.filter
def language_only(code: str) -> str:
    """ "ko" → "Korean" ("한국어" on a Korean page): where a code would be noise (titles)."""
    return language_plain_name(code)
