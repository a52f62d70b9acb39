"""The admin site for superusers only: staff accounts without superuser rights (the demo
editors once were) get the admin's login page, as anonymous visitors do, and its login form
refuses them. (Imported while apps load: nothing here may import models or forms.)"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


class DeskAdminSite(admin.AdminSite):
    site_header = _("Newsdesk administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    @method_decorator(never_cache)
    @login_not_required
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from newsapp.ops.adminforms import SuperuserAuthenticationForm

        self.login_form = SuperuserAuthenticationForm
        return super().login(request, extra_context)


class DeskAdminConfig(AdminConfig):
    default_site = "newsapp.ops.adminsite.DeskAdminSite"
