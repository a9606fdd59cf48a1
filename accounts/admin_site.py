"""The Django admin, open to the administrator role only (reference data, break-glass fixes).

Installed in place of ``django.contrib.admin`` so that ``admin.site`` is this site.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from core.roles import Role


class AdministratorsOnlyAdminSite(admin.AdminSite):
    site_header = "engage administration"
    site_title = "engage administration"

    def has_permission(self, request):
        user = request.user
        return user.is_authenticated and user.is_active and user.has_role(Role.ADMINISTRATOR)


class EngageAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.AdministratorsOnlyAdminSite"
