"""A sergeant's home: their wards' panels, next meetings, open priorities, overdue flags."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.factories import ConsultativeGroupFactory, WardPriorityFactory
from consultations.models import Event

pytestmark = pytest.mark.django_db
HOME = reverse("consultations:panel-home")


def meeting(panel, days):
    start = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        group=panel, title="Meeting", starts_at=start, ends_at=start + timedelta(hours=1)
    )


def test_sergeant_sees_only_their_wards_panels_with_next_meeting_and_priorities(
    client, sergeant, ward, other_ward
):
    mine = ConsultativeGroupFactory(ward=ward, name="My panel")
    ConsultativeGroupFactory(ward=other_ward, name="Their panel")
    meeting(mine, -10)
    upcoming = meeting(mine, 20)
    WardPriorityFactory(group=mine, description="Sheds")
    client.force_login(sergeant)
    page = client.get(HOME).content.decode()
    assert "My panel" in page and "Their panel" not in page
    assert f"{timezone.localtime(upcoming.starts_at):%-d %b %Y}" in page
    assert "Burglary" in page
    assert "Overdue" not in page


def test_overdue_meeting_and_priority_are_flagged(client, sergeant, ward, settings):
    settings.WARD_PANEL_OVERDUE_DAYS = 30
    panel = ConsultativeGroupFactory(ward=ward)
    meeting(panel, -40)
    WardPriorityFactory(
        group=panel,
        set_on=timezone.localdate() - timedelta(days=90),
        review_by=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(sergeant)
    page = client.get(HOME).content.decode()
    assert "no meeting in the last 30 days" in page
    assert "past its review date" in page


def test_unit_staff_see_all_panels(client, unit_staff, ward, other_ward):
    ConsultativeGroupFactory(ward=ward, name="Panel A")
    ConsultativeGroupFactory(ward=other_ward, name="Panel B")
    client.force_login(unit_staff)
    page = client.get(HOME).content.decode()
    assert "Panel A" in page and "Panel B" in page


def test_authority_member_403_and_anonymous_sent_to_sign_in(client, authority_member):
    assert "sign-in" in client.get(HOME).url
    client.force_login(authority_member)
    assert client.get(HOME).status_code == 403
