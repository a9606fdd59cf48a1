"""Who may read and change which consultation records: shared by the models' querysets.

The read rule for sergeants (docs/security.md, "What a sergeant reads of other wards"): a
neighbourhood sergeant reads what covers one of their own wards (all of London, a borough
that holds one of their wards, or their wards themselves), and nothing of other wards.
London-wide roles read everything; a user with no role reads nothing.
"""

from django.db import models

from core.roles import LONDON_WIDE_ROLES, Role


def is_planner(user) -> bool:
    """Unit staff and administrators plan anything, anywhere in London."""
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR, Role.UNIT_STAFF)


def is_sergeant(user) -> bool:
    return user.is_authenticated and user.has_role(Role.NEIGHBOURHOOD_SERGEANT)


def reads_all_of_london(user) -> bool:
    """Administrators, unit staff and authority members read every ward's records."""
    return user.is_authenticated and user.has_role(*LONDON_WIDE_ROLES)


def own_ward_ids(user):
    return user.wards.values("pk")


def own_borough_ids(user):
    return user.wards.values("borough_id")


def covering_sergeants_wards(model, user) -> models.Q:
    """Rows of a model with ``pan_london``, ``boroughs`` and ``wards`` (a consultation) that
    cover at least one of the user's wards: all of London, a borough that holds one of
    their wards, or one of their wards."""
    owner = model._meta.get_field("wards").m2m_field_name()
    borough_owner = model._meta.get_field("boroughs").m2m_field_name()
    in_own_wards = model.wards.through.objects.filter(ward__in=own_ward_ids(user))
    in_own_boroughs = model.boroughs.through.objects.filter(borough__in=own_borough_ids(user))
    return (
        models.Q(pan_london=True)
        | models.Q(pk__in=in_own_wards.values(owner))
        | models.Q(pk__in=in_own_boroughs.values(borough_owner))
    )


def within_sergeants_wards(queryset: models.QuerySet, user) -> models.QuerySet:
    """Rows of a model with ``pan_london``, ``boroughs`` and ``wards`` whose scope is wards
    only, every one of them the user's own: what a sergeant may change."""
    through = queryset.model.wards.through
    owner = queryset.model._meta.get_field("wards").m2m_field_name()
    own = own_ward_ids(user)
    inside = through.objects.filter(ward__in=own).values(owner)
    outside = through.objects.exclude(ward__in=own).values(owner)
    return (
        queryset.filter(pan_london=False, pk__in=inside)
        .exclude(pk__in=outside)
        .exclude(boroughs__isnull=False)
    )
