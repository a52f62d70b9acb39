from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from newsapp.accounts.services import preferences_of, session_store


@receiver(user_logged_in)
def preferences_into_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_store(request.session, preferences_of(user))
