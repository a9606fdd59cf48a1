"""Object-level permissions for the stakeholder database.

``stakeholders.see_contact`` says the same as Contact.objects.visible_to(user); a test
holds them together. Equality monitoring answers need the unit staff role *and* the
Django permission ``stakeholders.view_equalityprofile`` (or ``change_...`` to edit),
given to named people on top of their role.
"""

import rules

from core.roles import Role


@rules.predicate
def is_unit_staff_or_administrator(user):
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR, Role.UNIT_STAFF)


@rules.predicate
def is_sergeant_for_contact(user, contact):
    return (
        user.is_authenticated
        and contact is not None
        and user.has_role(Role.NEIGHBOURHOOD_SERGEANT)
        and contact.erased_at is None
        and contact.home_ward_id is not None
        and user.wards.filter(pk=contact.home_ward_id).exists()
    )


@rules.predicate
def is_unit_staff(user):
    return user.is_authenticated and user.has_role(Role.UNIT_STAFF)


@rules.predicate
def holds_equality_view_permission(user):
    return user.has_perm("stakeholders.view_equalityprofile")


@rules.predicate
def holds_equality_change_permission(user):
    return user.has_perm("stakeholders.change_equalityprofile")


rules.add_perm("stakeholders.see_contact", is_unit_staff_or_administrator | is_sergeant_for_contact)
rules.add_perm("stakeholders.manage_contacts", is_unit_staff_or_administrator)
rules.add_perm("stakeholders.see_equality_data", is_unit_staff & holds_equality_view_permission)
rules.add_perm(
    "stakeholders.edit_equality_data",
    is_unit_staff & holds_equality_change_permission,
)
