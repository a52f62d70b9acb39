from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "newsapp.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from newsapp.notifications import services

        services.subscribe_all()
