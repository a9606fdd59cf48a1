"""Keep the administrator group holding the Django permissions of the reference data.

Model permissions are created after migrations run, so they are granted here, on every
``migrate``, rather than in a data migration. Administrators use them in the Django admin
(reference data: users, groups, areas); the other roles work only through engage's pages.
"""

from django.contrib.auth.models import Group, Permission

from accounts.roles import Role

ADMINISTERED_APPS = ("accounts", "areas", "auth")


def grant_administrator_permissions(sender, **kwargs):
    group, _ = Group.objects.get_or_create(name=Role.ADMINISTRATOR.value)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS)
    )
