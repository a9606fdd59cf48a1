"""The demo consultations (seed_demo's part) and the London-scale load (seed_scale's)."""

from io import StringIO

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from areas.factories import WardFactory
from consultations.choices import ConsultationStatus, GroupKind, InvitationStatus, ResourceKind
from consultations.models import (
    Attendance,
    Consultation,
    ConsultativeGroup,
    Event,
    Finding,
    GroupMembership,
    HeadCount,
    Invitation,
    Response,
    ToolkitResource,
)
from consultations.services.toolkit import FINISHED_STATUSES
from demo.consultations import seed_consultations
from demo.consultations_scale import seed_consultations_at_scale
from demo.seed import seed
from stakeholders.factories import ContactFactory
from stakeholders.models import OutreachRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo_database():
    """The demo users, wards and stakeholders, as seed_demo makes them (consultations are
    seeded separately here, so the test does not depend on seed() calling it)."""
    seed(stdout=StringIO())
    Consultation.objects.all().delete()
    ConsultativeGroup.objects.all().delete()
    ToolkitResource.objects.all().delete()
    OutreachRecord.objects.all().delete()


def test_demo_consultations_cover_every_status_group_kind_and_invitation_state(demo_database):
    out = StringIO()
    seed_consultations(stdout=out)
    assert "Consultations:" in out.getvalue()
    statuses = set(Consultation.objects.values_list("status", flat=True))
    assert statuses == set(ConsultationStatus.values)
    assert all(c.can_influence and c.why for c in Consultation.objects.all())
    assert all("(demo)" in title for title in Consultation.objects.values_list("title", flat=True))
    kinds = set(ConsultativeGroup.objects.values_list("kind", flat=True))
    assert {
        GroupKind.WARD_PANEL,
        GroupKind.BOROUGH_GROUP,
        GroupKind.IAG,
        GroupKind.YOUTH_PANEL,
    } <= kinds
    assert GroupMembership.objects.count() >= 5 * ConsultativeGroup.objects.count()
    assert ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL).count() == (
        ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL)
        .values("ward")
        .distinct()
        .count()
    )
    assert Event.objects.filter(published=True).exists()
    assert Event.objects.filter(published=False).exists()
    assert set(Invitation.objects.values_list("status", flat=True)) == set(InvitationStatus.values)
    sent = Invitation.objects.exclude(
        status__in=[InvitationStatus.QUEUED, InvitationStatus.FAILED]
    ).count()
    assert OutreachRecord.objects.count() == sent  # the fatigue cap counts them
    assert Attendance.objects.filter(walk_in=True).exists()
    assert Attendance.objects.filter(walk_in=False).exists()
    assert HeadCount.objects.filter(community__isnull=True).exists()
    assert HeadCount.objects.filter(community__isnull=False).exists()
    assert Response.objects.filter(offline=True).exists()
    assert Response.objects.filter(offline=False).exists()
    assert Finding.objects.filter(responses__isnull=False).exists()
    marked = Consultation.objects.filter(is_good_practice=True)
    assert marked.count() == 2
    assert all(c.status in FINISHED_STATUSES for c in marked)
    assert ToolkitResource.objects.filter(kind=ResourceKind.GUIDANCE).count() == 6
    assert ToolkitResource.objects.filter(kind=ResourceKind.TEMPLATE).exclude(file="").count() == 1
    assert (
        ToolkitResource.objects.filter(
            kind=ResourceKind.CASE_STUDY, consultation__is_good_practice=True
        ).count()
        == 2
    )


def test_demo_consultations_are_seeded_once(demo_database):
    seed_consultations(stdout=StringIO())
    counts = (Consultation.objects.count(), Event.objects.count(), Invitation.objects.count())
    out = StringIO()
    seed_consultations(stdout=out)
    assert "left as they are" in out.getvalue()
    assert (
        Consultation.objects.count(),
        Event.objects.count(),
        Invitation.objects.count(),
    ) == counts


def test_demo_consultations_are_the_same_every_time(demo_database):
    def snapshot():
        return (
            list(Consultation.objects.order_by("pk").values_list("title", "status")),
            Invitation.objects.count(),
            Attendance.objects.count(),
        )

    with transaction.atomic():
        seed_consultations(stdout=StringIO())
        first = snapshot()
        transaction.set_rollback(True)
    seed_consultations(stdout=StringIO())
    second = snapshot()
    assert first == second


@pytest.fixture
def scale_database(unit_staff, borough):
    wards = WardFactory.create_batch(4, borough=borough)
    for number in range(60):
        ContactFactory(home_ward=wards[number % 4], home_borough=borough)


def test_scale_load_makes_the_numbers_asked_for(scale_database):
    out = StringIO()
    with transaction.atomic():
        counts = seed_consultations_at_scale(events=200, invitations=2000, stdout=out)
    assert Event.objects.count() == 200 == counts["events"]
    assert Invitation.objects.count() == 2000 == counts["invitations"]
    assert Attendance.objects.count() == counts["attendances"]
    assert 1000 <= counts["attendances"] <= 2000  # about as many, on past events only
    assert Consultation.objects.count() == counts["consultations"] >= 1
    assert ConsultativeGroup.objects.count() == counts["groups"] >= 1
    assert "invitations" in out.getvalue()
    assert set(Invitation.objects.values_list("status", flat=True)) == set(InvitationStatus.values)
    sent = Invitation.objects.exclude(
        status__in=[InvitationStatus.QUEUED, InvitationStatus.FAILED]
    ).count()
    assert OutreachRecord.objects.count() == sent


def test_scale_load_invites_each_contact_once_per_event(scale_database):
    with transaction.atomic():
        seed_consultations_at_scale(events=200, invitations=2000, stdout=StringIO())
    doubled = Invitation.objects.values("event", "contact").annotate(n=Count("pk")).filter(n__gt=1)
    assert not doubled.exists()
    doubled = Attendance.objects.values("event", "contact").annotate(n=Count("pk")).filter(n__gt=1)
    assert not doubled.exists()
    # Every event belongs to a consultation or a group, and events span three years.
    assert not Event.objects.filter(consultation__isnull=True, group__isnull=True).exists()
    first = Event.objects.order_by("starts_at").first().starts_at
    last = Event.objects.order_by("starts_at").last().starts_at
    assert (last - first).days > 700
    # Attendance only at events that have happened.
    assert not Attendance.objects.filter(event__starts_at__gt=timezone.now()).exists()


def test_scale_load_writes_no_history_rows(scale_database):
    history = Consultation.history.rel.related_model if hasattr(Consultation, "history") else None
    with transaction.atomic():
        seed_consultations_at_scale(events=60, invitations=300, stdout=StringIO())
    assert Consultation.objects.exists()
    if history is not None:
        assert not history.objects.exists()
