"""Who may use the stakeholder pages (see docs/permissions.md).

Authority members are on none of these: the committee never sees personal contact
details, and never exports them.
"""

from core.access import Access
from core.roles import Role

# Keep the database: add, edit, merge, import, export, build audiences, erase.
STAFF = Access(roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF}))
# Read contacts and organisations (a sergeant: the contacts in their wards only).
READERS = Access(
    roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.NEIGHBOURHOOD_SERGEANT})
)
# Equality monitoring: unit staff, and only those holding the extra permission.
UNIT_STAFF = Access(roles=frozenset({Role.UNIT_STAFF}))
