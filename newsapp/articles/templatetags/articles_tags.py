from django import template

from newsapp.articles.forms import language_label

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """ "ko" → "Korean (ko)"."""
    return language_label(code)
