"""Who may use the work plan pages (see docs/permissions.md)."""

from core.access import Access
from workplans.models.scope import EDITOR_ROLES, READER_ROLES

# Read plans, items, reviews and exports: the committee scrutinises, the unit keeps.
READERS = Access(roles=READER_ROLES)
# Change plans, record progress, import, review: unit staff and administrators.
EDITORS = Access(roles=EDITOR_ROLES)
