"""Who may use the consultation pages (see docs/permissions.md)."""

from core.access import Access
from core.roles import ALL_ROLES, Role

# Read consultations, groups, events and the calendar: none of it is personal data.
READERS = Access(roles=ALL_ROLES)
# Plan and change: a sergeant only within their wards (each model's editable_by(user)).
PLANNERS = Access(
    roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.NEIGHBOURHOOD_SERGEANT})
)
# Invite from stakeholder audiences, read responses with names: the unit.
STAFF = Access(roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF}))
