from django.apps import AppConfig


class MemoryConfig(AppConfig):
    name = "newsapp.memory"
    label = "memory"
    verbose_name = "Translation memory"
