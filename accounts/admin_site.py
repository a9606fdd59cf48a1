"""The Django admin, open to the administrator role only (reference data, break-glass fixes).

Installed in place of ``django.contrib.admin`` so that ``admin.site`` is this site. When a
second factor is required, the session must have entered a code (``SecondFactorMiddleware``
already sends it to do so; this is the admin's own check of the same rule).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from core.roles import Role


class AdministratorsOnlyAdminSite(admin.AdminSite):
    site_header = "engage administration"
    site_title = "engage administration"

    def has_permission(self, request):
        # Imported here: this module is an INSTALLED_APPS entry, read before models load.
        from accounts.second_factor import second_factor_required

        user = request.user
        return (
            user.is_authenticated
            and user.is_active
            and user.has_role(Role.ADMINISTRATOR)
            and (user.is_verified() or not second_factor_required(user))
        )


class EngageAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.AdministratorsOnlyAdminSite"
