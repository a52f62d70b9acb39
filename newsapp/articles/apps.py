from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsapp.articles"
    label = "articles"
    verbose_name = "Articles and translations"

    def ready(self) -> None:
        from newsapp.articles import checks  # noqa: F401 - registers the system checks
        from newsapp.articles.services import freshness
        from newsapp.core import events

        # Every glossary change re-checks the open translations in the background.
        events.subscribe("glossary.changed", freshness.translations_recheck_request)
