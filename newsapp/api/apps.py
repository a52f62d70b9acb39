from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "newsapp.api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        from newsapp.api import schema  # noqa: F401 - registers the OpenAPI extensions
        from newsapp.api.services import webhooks

        webhooks.subscribe_all()
