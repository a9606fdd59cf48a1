"""Make sure the four role groups exist, and the administrator group holds its permissions.

This runs after every ``migrate`` (and after the test database is flushed), because
Django creates model permissions only after migrations run, so a data migration could
not grant them. Administrators use these permissions in the Django admin (reference
data: users, groups, areas; a user's second factor, to remove a lost phone; sign-in
lockouts, to end one early); the other roles work only through engage's own pages.
"""

from django.contrib.auth.models import Group, Permission

from core.roles import Role

ADMINISTERED_APPS = ("accounts", "areas", "auth", "otp_totp", "otp_static", "axes")


def ensure_role_groups(sender, **kwargs):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    Group.objects.get(name=Role.ADMINISTRATOR.value).permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS)
    )
