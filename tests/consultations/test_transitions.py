"""A consultation's status moves only along ALLOWED_TRANSITIONS, each step with its checks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.choices import ConsultationStatus, Method
from consultations.factories import ConsultationFactory
from consultations.models import Consultation
from consultations.services.consultations import (
    consultation_archive,
    consultation_close,
    consultation_open,
    consultation_plan,
    consultation_publish_feedback,
    consultation_return_to_draft,
    consultation_update,
)

pytestmark = pytest.mark.django_db

Status = ConsultationStatus


@pytest.fixture
def ready(ward):
    """A draft with everything planning and opening need."""
    return ConsultationFactory(
        wards=[ward],
        methods=[Method.SURVEY],
        opens_on=dt.date(2031, 3, 1),
        closes_on=dt.date(2031, 3, 31),
        feedback_promised_by=dt.date(2031, 5, 1),
    )


def test_draft_cannot_open_and_the_refusal_says_why(ready, unit_staff):
    with pytest.raises(ValidationError) as refused:
        consultation_open(consultation=ready, acting_user=unit_staff)
    assert refused.value.messages == [
        "A consultation cannot go from Draft to Open: from Draft it can only go to Planned."
    ]
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_valid_transitions_work_in_order(ready, unit_staff):
    steps = [
        (consultation_plan, Status.PLANNED),
        (consultation_open, Status.OPEN),
        (consultation_close, Status.CLOSED),
        (consultation_publish_feedback, Status.FEEDBACK_PUBLISHED),
        (consultation_archive, Status.ARCHIVED),
    ]
    for service, status in steps:
        service(consultation=ready, acting_user=unit_staff)
        ready.refresh_from_db()
        assert ready.status == status


def test_archived_is_the_end(ready, unit_staff):
    ready.status = Status.ARCHIVED
    ready.save()
    with pytest.raises(ValidationError, match="Archived is the end of its life"):
        consultation_return_to_draft(consultation=ready, acting_user=unit_staff)
    with pytest.raises(ValidationError, match="archived consultation cannot be changed"):
        consultation_update(consultation=ready, acting_user=unit_staff, title="New")


def test_planned_returns_to_draft(ready, unit_staff):
    consultation_plan(consultation=ready, acting_user=unit_staff)
    consultation_return_to_draft(consultation=ready, acting_user=unit_staff)
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_planning_needs_the_dates_and_a_scope(unit_staff):
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError) as refused:
        consultation_plan(consultation=consultation, acting_user=unit_staff)
    assert refused.value.messages == [
        "Before it is planned, say when it opens, when it closes, when feedback is promised by.",
        "Before it is planned, say where: all of London, boroughs or wards.",
    ]
    consultation.refresh_from_db()
    assert consultation.status == Status.DRAFT


def test_opening_needs_a_method(ready, unit_staff):
    ready.methods = []
    ready.save()
    consultation_plan(consultation=ready, acting_user=unit_staff)
    with pytest.raises(ValidationError, match="choose at least one method"):
        consultation_open(consultation=ready, acting_user=unit_staff)
    ready.refresh_from_db()
    assert ready.status == Status.PLANNED


def test_closing_needs_it_open(ready, unit_staff):
    with pytest.raises(ValidationError, match="cannot go from Draft to Closed"):
        consultation_close(consultation=ready, acting_user=unit_staff)


def test_feedback_needs_it_closed(ready, unit_staff):
    consultation_plan(consultation=ready, acting_user=unit_staff)
    with pytest.raises(ValidationError, match="cannot go from Planned to Feedback published"):
        consultation_publish_feedback(consultation=ready, acting_user=unit_staff)


# Through the pages ----------------------------------------------------------------------


def url(consultation, action):
    return reverse("consultations:consultation-transition", args=[consultation.pk, action])


def test_confirm_page_then_post_moves_the_status(client, ready, unit_staff):
    client.force_login(unit_staff)
    confirm = client.get(url(ready, "plan"))
    assert confirm.status_code == 200
    assert "Mark as planned" in confirm.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT  # GET changes nothing
    response = client.post(url(ready, "plan"))
    assert response["Location"] == ready.get_absolute_url()
    ready.refresh_from_db()
    assert ready.status == Status.PLANNED


def test_refused_step_shows_the_reason_on_the_page(client, ready, unit_staff):
    client.force_login(unit_staff)
    response = client.post(url(ready, "open"))
    assert response.status_code == 200
    assert "This step was refused" in response.content.decode()
    assert "cannot go from Draft to Open" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_unknown_step_is_not_found(client, ready, unit_staff):
    client.force_login(unit_staff)
    assert client.get(url(ready, "explode")).status_code == 404


def test_detail_offers_only_the_allowed_next_steps(client, ready, unit_staff):
    consultation_plan(consultation=ready, acting_user=unit_staff)
    client.force_login(unit_staff)
    response = client.get(ready.get_absolute_url())
    assert [action for action, _ in response.context["actions"]] == ["open", "return-to-draft"]
    page = response.content.decode()
    assert url(ready, "open") in page
    assert url(ready, "close") not in page


def test_sergeant_moves_their_own_wards_consultation(client, ready, sergeant):
    client.force_login(sergeant)
    client.post(url(ready, "plan"))
    ready.refresh_from_db()
    assert ready.status == Status.PLANNED


def test_the_detail_page_shows_who_moved_the_status_and_when(client, unit_staff):
    consultation = ConsultationFactory(lead_officer=unit_staff)
    Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.PLANNED)
    client.force_login(unit_staff)
    history = client.get(consultation.get_absolute_url()).context["history"]
    assert any(
        (change.field, change.old, change.new) == ("Status", "Draft", "Planned")
        for entry in history
        for change in entry.changes
    )
