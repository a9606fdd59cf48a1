"""RAG: derived from status and dates in one database expression, unless set by hand with
a reason (form, service and database all insist on the reason)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from workplans.choices import ItemStatus, Rag, Timing
from workplans.factories import PlanItemFactory
from workplans.models import PlanItem
from workplans.services.items import item_update

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def rag_of(item, today=TODAY):
    return PlanItem.objects.with_rag(today).get(pk=item.pk).rag


def dated(status, days_from_today):
    return PlanItemFactory(
        status=status, timing=Timing.DATE, due_on=TODAY + timedelta(days=days_from_today)
    )


@pytest.mark.parametrize(
    ("status", "days", "expected"),
    [
        (ItemStatus.ON_TRACK, 60, Rag.GREEN),
        (ItemStatus.ONGOING, 60, Rag.GREEN),
        (ItemStatus.NOT_STARTED, 60, Rag.GREEN),
        (ItemStatus.NOT_STARTED, 14, Rag.AMBER),
        (ItemStatus.NOT_STARTED, 15, Rag.GREEN),
        (ItemStatus.ON_TRACK, 3, Rag.GREEN),
        (ItemStatus.AT_RISK, 60, Rag.AMBER),
        (ItemStatus.OFF_TRACK, 60, Rag.RED),
        (ItemStatus.ON_TRACK, -1, Rag.RED),
        (ItemStatus.AT_RISK, -1, Rag.RED),
        (ItemStatus.ONGOING, -1, Rag.RED),
        (ItemStatus.COMPLETE, -30, Rag.GREEN),
        (ItemStatus.DROPPED, -30, Rag.NONE),
        (ItemStatus.DROPPED, 30, Rag.NONE),
    ],
)
def test_rag_is_derived_from_status_and_due_date(status, days, expected):
    assert rag_of(dated(status, days)) == expected


def test_undated_work_is_rated_by_its_status_alone():
    assert rag_of(PlanItemFactory(status=ItemStatus.NOT_STARTED)) == Rag.GREEN
    assert rag_of(PlanItemFactory(status=ItemStatus.AT_RISK)) == Rag.AMBER


def test_due_today_is_not_yet_overdue():
    item = dated(ItemStatus.ON_TRACK, 0)
    assert rag_of(item) == Rag.GREEN
    assert rag_of(item, today=TODAY + timedelta(days=1)) == Rag.RED


def test_the_due_soon_window_is_a_setting(settings):
    settings.WORKPLANS_DUE_SOON_DAYS = 30
    assert rag_of(dated(ItemStatus.NOT_STARTED, 20)) == Rag.AMBER


def test_a_rag_set_by_hand_wins_and_the_derived_one_is_still_known():
    item = dated(ItemStatus.ON_TRACK, -5)
    PlanItem.objects.filter(pk=item.pk).update(
        rag_override=Rag.AMBER, rag_override_reason="Agreed extension to the end of the month."
    )
    annotated = PlanItem.objects.with_rag().get(pk=item.pk)
    assert (annotated.rag, annotated.derived) == (Rag.AMBER, Rag.RED)


def test_the_service_refuses_a_rag_by_hand_without_a_reason(unit_staff):
    item = PlanItemFactory()
    with pytest.raises(ValidationError) as raised:
        item_update(
            item=item,
            acting_user=unit_staff,
            timing_text="",
            description=item.description,
            rag_override=Rag.RED,
            rag_override_reason=" ",
        )
    assert "rag_override_reason" in raised.value.error_dict
    item.refresh_from_db()
    assert item.rag_override == ""


def test_the_database_refuses_a_rag_by_hand_without_a_reason():
    item = PlanItemFactory()
    with pytest.raises(IntegrityError):
        PlanItem.objects.filter(pk=item.pk).update(rag_override=Rag.RED)


def test_clearing_the_rag_by_hand_clears_its_reason(unit_staff):
    item = PlanItemFactory(rag_override=Rag.RED, rag_override_reason="Budget withdrawn.")
    item_update(
        item=item,
        acting_user=unit_staff,
        timing_text="",
        description=item.description,
        rag_override="",
        rag_override_reason="Budget withdrawn.",
    )
    item.refresh_from_db()
    assert (item.rag_override, item.rag_override_reason) == ("", "")
