"""factory_boy factories for the glossary models.

They write rows directly (bypassing the services, as factories do), so each created term
bumps the glossary version: the matcher and selector caches see factory data at once.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from glossary.models import Concept, Term
from glossary.services.version import glossary_version_bump


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    subject = "diplomacy"
    definition = factory.Sequence(lambda n: f"Concept number {n}")
    label = factory.Sequence(lambda n: f"concept {n:05d}")


class TermFactory(factory.django.DjangoModelFactory):
    """An approved preferred English term (override status/usage/language as needed)."""

    class Meta:
        model = Term

    concept = factory.SubFactory(ConceptFactory)
    language = "en"
    text = factory.Sequence(lambda n: f"term {n}")
    usage = Term.Usage.PREFERRED
    status = Term.Status.APPROVED
    proposed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Term], *args: Any, **kwargs: Any) -> Term:
        term = super()._create(model_class, *args, **kwargs)
        if term.revision_of_id is None and term.concept.label.startswith("concept "):
            Concept.objects.filter(pk=term.concept_id).update(label=term.text)
            term.concept.label = term.text
        glossary_version_bump()
        return term


def concept_with_terms(
    *terms: tuple[str, str] | tuple[str, str, str],
    status: str = Term.Status.APPROVED,
    **concept: Any,
) -> Concept:
    """A concept with (language, text[, usage]) terms, e.g. ("en", "Pyongyang"), ("ko", "평양")."""
    created = ConceptFactory(**concept)
    for spec in terms:
        language, text = spec[0], spec[1]
        usage = spec[2] if len(spec) > 2 else Term.Usage.PREFERRED
        TermFactory(concept=created, language=language, text=text, usage=usage, status=status)
    created.refresh_from_db()
    return created
