from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "newsapp.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from newsapp.ops import signals  # noqa: F401  (connects the beat start-up sweep)
