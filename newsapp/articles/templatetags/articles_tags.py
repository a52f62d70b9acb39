from django import template

from newsapp.core.languages import label as language_label

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """ "ko" → "Korean (ko)"."""
    return language_label(code)
