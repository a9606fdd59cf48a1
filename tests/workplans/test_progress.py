"""Progress updates: a dated note by the lead, optionally moving status and percent; the
item shows its last update and its age, and its RAG follows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from workplans.choices import ItemStatus, Rag, Timing
from workplans.factories import PlanItemFactory
from workplans.models import PlanItem, ProgressUpdate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def progress_url(item):
    return reverse("workplans:progress-create", kwargs={"pk": item.pk})


def test_the_lead_records_progress_and_the_rag_follows(client, unit_staff):
    item = PlanItemFactory(
        lead=unit_staff,
        status=ItemStatus.NOT_STARTED,
        timing=Timing.DATE,
        due_on=TODAY + timedelta(days=7),
    )
    assert PlanItem.objects.with_rag().get(pk=item.pk).rag == Rag.AMBER
    client.force_login(unit_staff)
    response = client.post(
        progress_url(item),
        {
            "written_on": TODAY.isoformat(),
            "note": "Calendar drafted with the boroughs",
            "new_status": ItemStatus.ON_TRACK,
            "new_percent": "40",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.percent_complete, item.last_progress_on) == (
        ItemStatus.ON_TRACK,
        40,
        TODAY,
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Calendar drafted with the boroughs" in page and "Green" in page
    assert "Last update" in page and "today." in page


def test_a_note_alone_changes_neither_status_nor_percent(client, unit_staff):
    item = PlanItemFactory(status=ItemStatus.AT_RISK, percent_complete=30)
    client.force_login(unit_staff)
    client.post(progress_url(item), {"written_on": TODAY.isoformat(), "note": "Waiting on HR"})
    item.refresh_from_db()
    assert (item.status, item.percent_complete) == (ItemStatus.AT_RISK, 30)
    assert ProgressUpdate.objects.get().note == "Waiting on HR"


def test_complete_means_100_percent(client, unit_staff):
    item = PlanItemFactory(percent_complete=70)
    client.force_login(unit_staff)
    client.post(
        progress_url(item),
        {
            "written_on": TODAY.isoformat(),
            "note": "Done",
            "new_status": ItemStatus.COMPLETE,
        },
    )
    item.refresh_from_db()
    assert (item.status, item.percent_complete) == (ItemStatus.COMPLETE, 100)
    refused = client.post(
        progress_url(PlanItemFactory()),
        {
            "written_on": TODAY.isoformat(),
            "note": "Done",
            "new_status": ItemStatus.COMPLETE,
            "new_percent": "80",
        },
    )
    assert refused.status_code == 400
    assert "Complete work is 100% done" in refused.content.decode()


def test_an_older_update_does_not_make_the_last_update_older(client, unit_staff):
    item = PlanItemFactory(last_progress_on=TODAY)
    client.force_login(unit_staff)
    client.post(
        progress_url(item),
        {
            "written_on": (TODAY - timedelta(days=20)).isoformat(),
            "note": "Backfilled note",
        },
    )
    item.refresh_from_db()
    assert item.last_progress_on == TODAY


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": ""}, "This field is required."),
        ({"note": "x", "new_percent": "101"}, "less than or equal to 100"),
        ({"note": "x", "written_on": (TODAY + timedelta(days=1)).isoformat()}, "not a future date"),
        ({"note": "x", "written_on": "31/02/2026"}, "Enter a valid date."),
    ],
)
def test_bad_updates_are_refused_next_to_the_field(client, unit_staff, data, message):
    item = PlanItemFactory(status=ItemStatus.ON_TRACK)
    client.force_login(unit_staff)
    response = client.post(progress_url(item), {"written_on": TODAY.isoformat(), **data})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "Nothing has been saved yet" in page
    assert not ProgressUpdate.objects.exists()
    item.refresh_from_db()
    assert item.last_progress_on is None


def test_authority_member_and_sergeant_cannot_record_progress(client, authority_member, sergeant):
    item = PlanItemFactory()
    for user in (authority_member, sergeant):
        client.force_login(user)
        response = client.post(progress_url(item), {"written_on": TODAY.isoformat(), "note": "x"})
        assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()
