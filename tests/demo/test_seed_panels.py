"""The demo ward panels (seed_demo's part) and the panels at London scale (seed_scale's)."""

from collections import Counter
from io import StringIO

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from areas.factories import WardFactory
from consultations.choices import GroupKind
from consultations.models import (
    ConsultativeGroup,
    Event,
    GroupMembership,
    HeadCount,
    PanelAction,
    PriorityUpdate,
    WardPriority,
)
from demo.panels import seed_panels
from demo.panels_scale import seed_panels_at_scale
from demo.seed import seed
from stakeholders.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo_database():
    """seed_demo's data without the panel business (removed if seed() already adds it)."""
    seed(stdout=StringIO())
    WardPriority.objects.all().delete()


def last_meeting(panel):
    return (
        Event.objects.filter(group=panel, cancelled=False, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )


def test_demo_panels_have_a_year_of_meetings_priorities_and_actions(demo_database):
    out = StringIO()
    seed_panels(stdout=out)
    assert "Ward panels:" in out.getvalue()
    now = timezone.now()
    year_ago = now - timezone.timedelta(days=366)
    panels = ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL)
    assert panels.exists()
    for panel in panels:
        past = Event.objects.filter(group=panel, starts_at__lt=now, starts_at__gte=year_ago)
        assert 4 <= past.count() <= 8
        assert Event.objects.filter(group=panel, starts_at__gte=now, cancelled=False).exists()
        for meeting in past:
            assert meeting.attendances.exists()
            assert HeadCount.objects.filter(event=meeting, community__isnull=True).count() == 1
        assert 1 <= WardPriority.objects.filter(group=panel).open().count() <= 3
    assert WardPriority.objects.filter(closed_on__isnull=False).exclude(outcome="").exists()
    assert not WardPriority.objects.filter(closed_on__isnull=False, outcome="").exists()
    assert PriorityUpdate.objects.exclude(outcome="").exists()
    assert PanelAction.objects.exists()
    assert GroupMembership.objects.filter(wants_reminders=True).exists()
    assert GroupMembership.objects.filter(wants_reminders=False).exists()


def test_the_demo_sergeant_has_an_overdue_priority_and_a_panel_that_has_not_met(
    demo_database, settings
):
    seed_panels(stdout=StringIO())
    sergeant = User.objects.get(email="sergeant@engage.example")
    today = timezone.localdate()
    panels = ConsultativeGroup.objects.filter(
        kind=GroupKind.WARD_PANEL, ward__in=sergeant.wards.all()
    )
    assert panels.count() == 2
    assert WardPriority.objects.filter(
        group__in=panels, closed_on__isnull=True, review_by__lt=today
    ).exists()
    limit = timezone.now() - timezone.timedelta(days=settings.WARD_PANEL_OVERDUE_DAYS)
    not_met = [panel for panel in panels if last_meeting(panel).starts_at < limit]
    assert len(not_met) == 1


def test_demo_panels_are_seeded_once(demo_database):
    seed_panels(stdout=StringIO())
    counts = (WardPriority.objects.count(), PriorityUpdate.objects.count(), Event.objects.count())
    out = StringIO()
    seed_panels(stdout=out)
    assert "left as they are" in out.getvalue()
    after = (WardPriority.objects.count(), PriorityUpdate.objects.count(), Event.objects.count())
    assert after == counts


def test_no_ward_panels_means_nothing_is_added():
    seed_panels(stdout=StringIO())
    assert not WardPriority.objects.exists()
    assert not Event.objects.exists()


@pytest.fixture
def scale_wards():
    wards = WardFactory.create_batch(4)
    for ward in wards:
        ContactFactory.create_batch(3, home_ward=ward, home_borough=ward.borough)
    return wards


def test_scale_gives_every_ward_one_panel_with_two_years_of_meetings(scale_wards):
    with transaction.atomic():
        counts = seed_panels_at_scale(stdout=StringIO(), seed=7)
    panels = ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL)
    assert counts["panels"] == 4
    assert sorted(panels.values_list("ward_id", flat=True)) == sorted(w.pk for w in scale_wards)
    now = timezone.now()
    for panel in panels:
        past = Event.objects.filter(group=panel, starts_at__lt=now).count()
        assert 11 <= past <= 13
        assert Event.objects.filter(group=panel, starts_at__gte=now).exists()
        assert panel.memberships.exists()
        assert HeadCount.objects.filter(event__group=panel).count() == past
        assert WardPriority.objects.filter(group=panel).open().count() <= 3
    assert not WardPriority.objects.filter(closed_on__isnull=False, outcome="").exists()
    assert WardPriority.objects.filter(closed_on__isnull=False).exists()
    assert PriorityUpdate.objects.exists()


def test_scale_leaves_wards_that_have_a_panel_alone(scale_wards):
    with transaction.atomic():
        seed_panels_at_scale(stdout=StringIO())
    with transaction.atomic():
        counts = seed_panels_at_scale(stdout=StringIO())
    assert counts["panels"] == 0
    per_ward = Counter(
        ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL).values_list(
            "ward_id", flat=True
        )
    )
    assert set(per_ward.values()) == {1}


def test_scale_never_has_more_than_three_open_priorities_at_any_meeting(scale_wards):
    with transaction.atomic():
        seed_panels_at_scale(stdout=StringIO(), seed=3)
    for panel in ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL):
        for meeting in Event.objects.filter(group=panel, starts_at__lt=timezone.now()):
            day = meeting.starts_at.date()
            open_then = WardPriority.objects.filter(group=panel, set_on__lte=day).exclude(
                closed_on__lte=day
            )
            assert open_then.count() <= 3
