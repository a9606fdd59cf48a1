"""The four roles. Each is a Django group of the same name (created by a migration)."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    UNIT_STAFF = "unit staff", "Unit staff"
    AUTHORITY_MEMBER = "authority member", "Authority member"
    NEIGHBOURHOOD_SERGEANT = "neighbourhood sergeant", "Neighbourhood sergeant"


ALL_ROLES = frozenset(Role)

# Roles that see all of London rather than a sergeant's own wards.
LONDON_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER})
