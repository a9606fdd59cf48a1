"""Administrators read the audit trail by default; they may give the permission to named
unit staff in the Django admin (a user's "user permissions").

Run after audit's own ``post_migrate``: Django creates an app's permissions in that app's
``post_migrate``, which comes after accounts' (where the role groups are made).
"""

from django.contrib.auth.models import Group, Permission

from core.roles import Role

AUDIT_PERMISSION = "view_auditentry"


def grant_audit_permission(sender, **kwargs):
    group, _ = Group.objects.get_or_create(name=Role.ADMINISTRATOR.value)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="audit", codename=AUDIT_PERMISSION)
    )
