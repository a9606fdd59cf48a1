"""Who may read and who may change work plans: shared by the models' querysets.

Work plans are the unit's London-wide business. Unit staff and administrators keep them;
authority members read them (the committee scrutinises plans, it never edits them);
sergeants have no part in them. Nothing in a plan is personal data beyond staff names.
"""

from django.db import models

from core.roles import Role

READER_ROLES = frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER})
EDITOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF})


def is_reader(user) -> bool:
    return user.is_authenticated and user.has_role(*READER_ROLES)


def is_editor(user) -> bool:
    return user.is_authenticated and user.has_role(*EDITOR_ROLES)


class RoleScopedQuerySet(models.QuerySet):
    """Every work plan row is read by the reader roles and changed by the editor roles:
    there is no narrower scope (no wards), so the role decides."""

    def visible_to(self, user):
        return self if is_reader(user) else self.none()

    def editable_by(self, user):
        return self if is_editor(user) else self.none()
