"""Planning a consultation: the form, the service, the rules that cannot be skipped, and who
may do what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from accounts.factories import UserFactory
from consultations.choices import ConsultationStatus, EngagementLevel, Method
from consultations.factories import ConsultationFactory
from consultations.forms.consultations import ConsultationForm
from consultations.models import Consultation
from consultations.services.consultations import consultation_create, consultation_update
from core.roles import Role

pytestmark = pytest.mark.django_db

CAN_INFLUENCE_REASON = "Say what participants can influence"


def form_data(**overrides):
    data = {
        "title": "Stop and search in the town centre",
        "why": "The borough is reviewing how stop and search is used at night.",
        "can_influence": "Which places the evening patrols focus on.",
        "already_fixed": "The law on stop and search.",
        "engagement_level": EngagementLevel.CONSULTATION,
        "methods": [Method.PUBLIC_MEETING],
        "unit": "Strategic Consultation Unit",
        "opens_on": "2031-03-01",
        "closes_on": "2031-03-31",
        "feedback_promised_by": "2031-05-01",
    }
    data.update(overrides)
    return data


def service_data(user, **overrides):
    data = {
        "title": "Knife crime priorities",
        "why": "Setting next year's priorities.",
        "can_influence": "Which three priorities the team works on.",
        "engagement_level": EngagementLevel.CONSULTATION,
        "unit": "Strategic Consultation Unit",
        "lead_officer": user,
    }
    data.update(overrides)
    return data


# The rule: engage only where people can influence something -------------------------------


def test_form_refuses_a_consultation_with_nothing_to_influence_and_says_why(
    client, unit_staff, ward
):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(can_influence="   ", lead_officer=unit_staff.pk, wards=[ward.pk]),
    )
    assert response.status_code == 200
    assert CAN_INFLUENCE_REASON in response.context["form"].errors["can_influence"][0]
    assert CAN_INFLUENCE_REASON in response.content.decode()
    # What was typed is kept.
    assert "Stop and search in the town centre" in response.content.decode()
    assert not Consultation.objects.exists()


def test_service_refuses_a_consultation_with_nothing_to_influence(unit_staff):
    with pytest.raises(ValidationError) as refused:
        consultation_create(acting_user=unit_staff, **service_data(unit_staff, can_influence=""))
    assert CAN_INFLUENCE_REASON in refused.value.message_dict["can_influence"][0]
    assert not Consultation.objects.exists()


def test_database_refuses_a_consultation_with_nothing_to_influence(unit_staff):
    with pytest.raises(IntegrityError, match="consultation_has_something_to_influence"):
        Consultation.objects.create(
            title="No influence",
            why="Because.",
            can_influence="",
            engagement_level=EngagementLevel.INFORMATION,
            lead_officer=unit_staff,
            unit="Unit",
        )


# Planning through the pages -------------------------------------------------------------


def test_unit_staff_plan_a_consultation_which_starts_as_a_draft(client, unit_staff, ward):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(lead_officer=unit_staff.pk, wards=[ward.pk], audience_categories=["public"]),
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.methods == [Method.PUBLIC_MEETING]
    assert consultation.audience_categories == ["public"]
    assert list(consultation.wards.all()) == [ward]
    assert consultation.opens_on == dt.date(2031, 3, 1)


def test_closing_before_opening_is_refused_next_to_the_field(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(lead_officer=unit_staff.pk, opens_on="2031-03-10", closes_on="2031-03-01"),
    )
    assert response.status_code == 200
    assert "It cannot close before it opens." in response.content.decode()
    assert not Consultation.objects.exists()


def test_unit_staff_edit_a_consultation(client, unit_staff, ward):
    consultation = ConsultationFactory(wards=[ward])
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-update", args=[consultation.pk]),
        form_data(title="Renamed", lead_officer=unit_staff.pk, wards=[ward.pk]),
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Renamed"


def test_detail_shows_purpose_dates_and_next_step_for_planners(client, unit_staff, ward):
    consultation = ConsultationFactory(
        wards=[ward],
        can_influence="Which streets the patrols cover.",
        already_fixed="The budget.",
        opens_on=dt.date(2031, 3, 1),
        feedback_promised_by=dt.date(2031, 6, 1),
    )
    client.force_login(unit_staff)
    response = client.get(consultation.get_absolute_url())
    page = response.content.decode()
    assert consultation.why in page
    assert consultation.can_influence in page
    assert "The budget." in page
    assert "1 Jun 2031" in page
    assert ward.name in page
    assert reverse("consultations:consultation-transition", args=[consultation.pk, "plan"]) in page


def test_detail_shows_no_next_steps_to_an_authority_member(client, authority_member):
    consultation = ConsultationFactory()
    client.force_login(authority_member)
    response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200
    assert "Next steps" not in response.content.decode()
    assert response.context["actions"] == []


# Who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_list_and_the_detail(client, users_by_role, role):
    consultation = ConsultationFactory(title="Youth engagement review", pan_london=True)
    client.force_login(users_by_role[role])
    listing = client.get(reverse("consultations:consultation-list"))
    assert "Youth engagement review" in listing.content.decode()
    assert client.get(consultation.get_absolute_url()).status_code == 200


def test_list_filters_by_status_and_title(client, unit_staff):
    ConsultationFactory(title="Alpha review")
    beta = ConsultationFactory(title="Beta review")
    Consultation.objects.filter(pk=beta.pk).update(status=ConsultationStatus.OPEN)
    client.force_login(unit_staff)
    response = client.get(reverse("consultations:consultation-list"), {"status": "open"})
    assert [c.title for c in response.context["consultations"]] == ["Beta review"]
    response = client.get(reverse("consultations:consultation-list"), {"q": "alpha"})
    assert [c.title for c in response.context["consultations"]] == ["Alpha review"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    consultation = ConsultationFactory()
    for url in (
        reverse("consultations:consultation-list"),
        consultation.get_absolute_url(),
        reverse("consultations:consultation-create"),
        reverse("consultations:consultation-update", args=[consultation.pk]),
        reverse("consultations:consultation-transition", args=[consultation.pk, "plan"]),
    ):
        response = client.get(url)
        assert response["Location"].startswith(reverse("accounts:sign-in")), url


def test_authority_members_get_403_on_every_write_view(client, authority_member, ward):
    consultation = ConsultationFactory(wards=[ward])
    client.force_login(authority_member)
    create = reverse("consultations:consultation-create")
    update = reverse("consultations:consultation-update", args=[consultation.pk])
    transition = reverse("consultations:consultation-transition", args=[consultation.pk, "plan"])
    for url in (create, update, transition):
        assert client.get(url).status_code == 403, url
        assert client.post(url, form_data()).status_code == 403, url
    assert Consultation.objects.count() == 1
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_sergeant_form_offers_only_their_wards_and_no_boroughs(sergeant, ward, other_ward):
    form = ConsultationForm(user=sergeant)
    assert list(form.fields["wards"].queryset) == [ward]
    assert "boroughs" not in form.fields
    assert "pan_london" not in form.fields


def test_sergeant_plans_a_consultation_in_their_ward(client, sergeant, ward):
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(lead_officer=sergeant.pk, wards=[ward.pk]),
    )
    assert response.status_code == 302
    assert list(Consultation.objects.get().wards.all()) == [ward]


def test_sergeant_cannot_plan_in_another_ward(client, sergeant, other_ward):
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(lead_officer=sergeant.pk, wards=[other_ward.pk]),
    )
    assert response.status_code == 200
    assert "wards" in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_sergeant_cannot_plan_pan_london_through_the_service(sergeant):
    with pytest.raises(ValidationError) as refused:
        consultation_create(acting_user=sergeant, **service_data(sergeant, pan_london=True))
    assert "pan_london" in refused.value.message_dict
    assert not Consultation.objects.exists()


def test_sergeant_changes_only_consultations_of_their_wards(client, sergeant, ward, other_ward):
    own = ConsultationFactory(wards=[ward])
    others = ConsultationFactory(wards=[other_ward], title="Other ward consultation")
    client.force_login(sergeant)
    assert (
        client.get(reverse("consultations:consultation-update", args=[own.pk])).status_code == 200
    )
    assert (
        client.get(reverse("consultations:consultation-update", args=[others.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("consultations:consultation-update", args=[others.pk]),
        form_data(lead_officer=sergeant.pk, wards=[ward.pk]),
    )
    assert response.status_code == 404
    transition = reverse("consultations:consultation-transition", args=[others.pk, "plan"])
    assert client.get(transition).status_code == 404
    assert client.post(transition).status_code == 404
    # ...nor reads it (docs/security.md: nothing of other wards).
    assert client.get(others.get_absolute_url()).status_code == 404


def test_sergeant_cannot_change_a_consultation_also_covering_a_borough(sergeant, ward, borough):
    consultation = ConsultationFactory(wards=[ward])
    consultation.boroughs.set([borough])
    with pytest.raises(PermissionDenied):
        consultation_update(consultation=consultation, acting_user=sergeant, title="Mine now")


def test_someone_without_a_planning_role_cannot_create_through_the_service(authority_member):
    with pytest.raises(PermissionDenied):
        consultation_create(acting_user=authority_member, **service_data(authority_member))


def test_lead_officer_choices_are_planners_only(unit_staff, authority_member, sergeant):
    form = ConsultationForm(user=unit_staff)
    leads = set(form.fields["lead_officer"].queryset)
    assert unit_staff in leads
    assert sergeant in leads
    assert authority_member not in leads
    assert UserFactory(roles=[]) not in set(form.fields["lead_officer"].queryset)
