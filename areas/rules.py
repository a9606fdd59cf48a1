"""Object-level permissions for areas: the predicate twin of Ward.objects.visible_to(user).

A test holds the two together: for every user and ward, the predicate answers yes exactly
when the queryset includes the ward.
"""

import rules


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated


@rules.predicate
def has_london_wide_view(user):
    return user.is_authenticated and user.has_london_wide_view


@rules.predicate
def is_sergeant_of_ward(user, ward):
    return user.is_authenticated and ward is not None and ward.sergeants.filter(pk=user.pk).exists()


rules.add_perm("areas.view_borough", is_signed_in)
rules.add_perm("areas.view_ward", has_london_wide_view | is_sergeant_of_ward)
