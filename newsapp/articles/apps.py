from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsapp.articles"
    label = "articles"
    verbose_name = "Articles and translations"
