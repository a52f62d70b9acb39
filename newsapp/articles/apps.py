from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsapp.articles"
    label = "articles"
    verbose_name = "Articles and translations"

    def ready(self) -> None:
        from newsapp.articles import checks  # noqa: F401 - registers the system checks
