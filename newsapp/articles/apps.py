from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "newsapp.articles"
    label = "articles"
    verbose_name = _("Articles and translations")

    def ready(self) -> None:
        from newsapp.articles import checks  # noqa: F401 - registers the system checks
        from newsapp.articles.services import freshness
        from newsapp.core import events

        # Every glossary change re-checks the open translations in the background.
        events.subscribe("glossary.changed", freshness.translations_recheck_request)
