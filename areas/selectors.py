"""Reads for the areas pages, already scoped to the user."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q

from areas.models import Borough, CommandUnit, Ward


def command_units_with_boroughs(*, user):
    # Meta.ordering does not apply to a GROUP BY query, so order explicitly.
    boroughs = Borough.objects.visible_to(user).annotate(ward_count=Count("wards")).order_by("name")
    return CommandUnit.objects.prefetch_related(Prefetch("boroughs", queryset=boroughs))


def ward_list(*, user, borough=None, query=""):
    wards = Ward.objects.visible_to(user).select_related("borough__command_unit")
    if borough is not None:
        wards = wards.filter(borough=borough)
    if query:
        wards = wards.filter(Q(name__icontains=query) | Q(ons_code__iexact=query))
    return wards


def ward_detail_queryset(*, user):
    """Wards with their current sergeants (people who have left are deactivated, not deleted)."""
    sergeants = get_user_model().objects.filter(is_active=True)
    return (
        Ward.objects.visible_to(user)
        .select_related("borough__command_unit")
        .prefetch_related(Prefetch("sergeants", queryset=sergeants))
    )
