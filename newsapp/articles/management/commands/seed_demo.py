"""Create demo accounts for local use (never in production: refuses when DEBUG is off, unless
`make run` marks a local desk with NEWSAPP_DEMO_USERS=1)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management.base import BaseCommand, CommandError

from newsapp.core.roles import EDITORS, TRANSLATORS

DEMO = (("translator", TRANSLATORS), ("editor", EDITORS))


class Command(BaseCommand):
    help = "Create or reset the demo users 'translator' and 'editor' with fresh passwords."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.DEMO_USERS):
            raise CommandError(
                "Demo users are for local use only (set DJANGO_DEBUG=1 or NEWSAPP_DEMO_USERS=1)."
            )
        for username, group_name in DEMO:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.is_staff = False  # the admin is for superusers only
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            if group_name == EDITORS:  # the demo editor may upload and remove language packs
                user.user_permissions.add(
                    Permission.objects.get(
                        content_type__app_label="articles", codename="manage_langpacks"
                    )
                )
            self.stdout.write(f"  {username:<11} {password}   ({group_name})")
