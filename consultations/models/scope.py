"""Who may change which consultations: shared by the models' querysets."""

from django.db import models

from core.roles import Role


def is_planner(user) -> bool:
    """Unit staff and administrators plan anything, anywhere in London."""
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR, Role.UNIT_STAFF)


def is_sergeant(user) -> bool:
    return user.is_authenticated and user.has_role(Role.NEIGHBOURHOOD_SERGEANT)


def within_sergeants_wards(queryset: models.QuerySet, user) -> models.QuerySet:
    """Rows of a model with ``pan_london``, ``boroughs`` and ``wards`` whose scope is wards
    only, every one of them the user's own: what a sergeant may change."""
    through = queryset.model.wards.through
    owner = queryset.model._meta.get_field("wards").m2m_field_name()
    own = user.wards.values("pk")
    inside = through.objects.filter(ward__in=own).values(owner)
    outside = through.objects.exclude(ward__in=own).values(owner)
    return (
        queryset.filter(pan_london=False, pk__in=inside)
        .exclude(pk__in=outside)
        .exclude(boroughs__isnull=False)
    )
