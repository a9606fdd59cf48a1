"""Clash warnings (Integration): same borough or ward within 7 days, or an overlapping
audience within 14 days; the planner may go ahead with a reason, kept on record."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.factories import WardFactory
from consultations.choices import EngagementLevel, Method
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import ClashAcknowledgement, Consultation
from consultations.selectors.clashes import Activity, consultation_clashes, find_clashes
from consultations.services.clashes import ClashesFound
from consultations.services.consultations import consultation_create, consultation_update
from stakeholders.models import Community

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 3, 10)


def on(day, **kwargs):
    return ConsultationFactory(opens_on=day, closes_on=day, **kwargs)


def at(day, hour=18):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def plan(user, day, **overrides):
    data = {
        "title": "New street briefing",
        "why": "Residents asked about burglaries.",
        "can_influence": "Where the patrols go.",
        "engagement_level": EngagementLevel.CONSULTATION,
        "methods": [Method.STREET_BRIEFING],
        "unit": "Ward team",
        "lead_officer": user,
        "opens_on": day,
        "closes_on": day,
    }
    data.update(overrides)
    return data


def test_same_ward_consultation_five_days_apart_clashes(unit_staff, ward):
    other = on(DAY + dt.timedelta(days=5), wards=[ward], title="Burglary survey")
    mine = on(DAY, wards=[ward])
    clashes = consultation_clashes(mine)
    assert [clash.title for clash in clashes] == ["Burglary survey"]
    assert clashes[0].lead == str(other.lead_officer)
    assert clashes[0].kind == "consultation"


def test_same_ward_consultation_ten_days_apart_does_not_clash(ward):
    on(DAY + dt.timedelta(days=10), wards=[ward])
    assert consultation_clashes(on(DAY, wards=[ward])) == []


def test_same_ward_event_five_days_apart_clashes_and_ten_days_apart_does_not(ward):
    near = EventFactory(title="Ward walkabout", ward=ward, starts_at=at(DAY + dt.timedelta(days=5)))
    EventFactory(title="Far meeting", ward=ward, starts_at=at(DAY + dt.timedelta(days=10)))
    clashes = consultation_clashes(on(DAY, wards=[ward]))
    assert [clash.title for clash in clashes] == ["Ward walkabout"]
    assert clashes[0].lead == str(near.consultation.lead_officer)


def test_same_borough_clashes_across_its_wards(borough, ward, other_ward):
    on(DAY + dt.timedelta(days=3), wards=[other_ward], title="Neighbouring ward")
    borough_wide = on(DAY + dt.timedelta(days=4), title="Borough-wide")
    borough_wide.boroughs.set([borough])
    clashes = consultation_clashes(on(DAY, wards=[ward]))
    assert [clash.title for clash in clashes] == ["Neighbouring ward", "Borough-wide"]


def test_different_borough_same_week_does_not_clash(ward):
    on(DAY + dt.timedelta(days=2), wards=[WardFactory()])
    assert consultation_clashes(on(DAY, wards=[ward])) == []


def test_group_meeting_clash_names_the_wards_sergeant(ward, sergeant):
    group = ConsultativeGroupFactory(ward=ward, name="Ward panel")
    EventFactory(consultation=None, group=group, title="Panel meeting", starts_at=at(DAY))
    (clash,) = consultation_clashes(on(DAY, wards=[ward]))
    assert clash.kind == "group meeting"
    assert clash.lead == str(sergeant)


def test_overlapping_audience_within_a_fortnight_clashes(ward):
    elsewhere = WardFactory()
    on(DAY + dt.timedelta(days=12), wards=[elsewhere], audience_categories=["public"], title="A")
    on(DAY + dt.timedelta(days=20), wards=[elsewhere], audience_categories=["public"], title="B")
    on(DAY + dt.timedelta(days=3), wards=[elsewhere], audience_categories=["staff"], title="C")
    clashes = consultation_clashes(on(DAY, wards=[ward], audience_categories=["public"]))
    assert [clash.title for clash in clashes] == ["A"]
    assert clashes[0].reasons == ("overlapping audience within 14 days",)


def test_shared_community_within_a_fortnight_clashes(ward):
    community = Community.objects.first() or pytest.skip("no communities migrated")
    other = on(DAY + dt.timedelta(days=13), wards=[WardFactory()], title="Youth forum")
    other.communities.set([community])
    mine = on(DAY, wards=[ward])
    mine.communities.set([community])
    assert [clash.title for clash in consultation_clashes(mine)] == ["Youth forum"]


def test_audience_of_an_event_is_its_consultations(ward):
    parent = on(DAY + dt.timedelta(days=30), audience_categories=["service_user"])
    EventFactory(consultation=parent, title="Victims' focus group", starts_at=at(DAY))
    activity = Activity(start=DAY, end=DAY, categories=frozenset({"service_user"}))
    assert [clash.title for clash in find_clashes(activity)] == ["Victims' focus group"]


def test_cancelled_events_and_own_events_do_not_clash(ward):
    EventFactory(ward=ward, starts_at=at(DAY), cancelled=True)
    mine = on(DAY, wards=[ward])
    EventFactory(consultation=mine, ward=ward, starts_at=at(DAY))
    assert consultation_clashes(mine) == []


def test_service_refuses_to_save_a_clash_without_a_reason(unit_staff, ward):
    on(DAY + dt.timedelta(days=5), wards=[ward], title="Burglary survey")
    with pytest.raises(ClashesFound) as found:
        consultation_create(acting_user=unit_staff, wards=[ward], **plan(unit_staff, DAY))
    assert [clash.title for clash in found.value.clashes] == ["Burglary survey"]
    assert Consultation.objects.count() == 1
    assert not ClashAcknowledgement.objects.exists()


def test_service_saves_a_clash_with_a_reason_and_keeps_it_on_record(unit_staff, ward):
    other = on(DAY + dt.timedelta(days=5), wards=[ward], title="Burglary survey")
    mine = consultation_create(
        acting_user=unit_staff,
        clash_reason="Different streets, agreed with the lead.",
        wards=[ward],
        **plan(unit_staff, DAY),
    )
    record = ClashAcknowledgement.objects.get()
    assert record.consultation == mine
    assert record.reason == "Different streets, agreed with the lead."
    assert record.acknowledged_by == unit_staff
    assert "Burglary survey" in record.other_activity
    assert str(other.lead_officer) in record.other_activity
    # Saving again does not raise the same clash again.
    consultation_update(consultation=mine, acting_user=unit_staff, title="Renamed")
    assert ClashAcknowledgement.objects.count() == 1


def form_data(user, ward, day, **extra):
    data = {
        "title": "New street briefing",
        "why": "Residents asked about burglaries.",
        "can_influence": "Where the patrols go.",
        "engagement_level": EngagementLevel.CONSULTATION,
        "methods": [Method.STREET_BRIEFING],
        "unit": "Ward team",
        "lead_officer": user.pk,
        "wards": [ward.pk],
        "opens_on": day.isoformat(),
        "closes_on": day.isoformat(),
    }
    data.update(extra)
    return data


def test_form_warns_of_the_clash_naming_activity_and_lead_and_saves_nothing(
    client, unit_staff, ward
):
    other = on(DAY + dt.timedelta(days=5), wards=[ward], title="Burglary survey")
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"), form_data(unit_staff, ward, DAY)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "this clashes with other activities" in page
    assert "Burglary survey" in page
    assert str(other.lead_officer) in page
    assert "Go ahead anyway" in page
    assert 'value="New street briefing"' in page  # what was typed is kept
    assert Consultation.objects.count() == 1


def test_form_goes_ahead_with_a_reason_and_records_it(client, unit_staff, ward):
    on(DAY + dt.timedelta(days=5), wards=[ward], title="Burglary survey")
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(
            unit_staff,
            ward,
            DAY,
            acknowledge_clashes="on",
            clash_reason="Agreed with the survey lead.",
        ),
    )
    mine = Consultation.objects.get(title="New street briefing")
    assert response["Location"] == mine.get_absolute_url()
    record = ClashAcknowledgement.objects.get()
    assert (record.consultation, record.reason) == (mine, "Agreed with the survey lead.")
    detail = client.get(mine.get_absolute_url())
    assert "Agreed with the survey lead." in detail.content.decode()


def test_form_going_ahead_without_a_reason_is_refused(client, unit_staff, ward):
    on(DAY + dt.timedelta(days=5), wards=[ward], title="Burglary survey")
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"),
        form_data(unit_staff, ward, DAY, acknowledge_clashes="on", clash_reason=" "),
    )
    assert response.status_code == 200
    assert "Say why you are going ahead despite the clash" in response.content.decode()
    assert Consultation.objects.count() == 1
    assert not ClashAcknowledgement.objects.exists()


def test_form_without_clashes_saves_straight_away(client, unit_staff, ward):
    on(DAY + dt.timedelta(days=10), wards=[ward])
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:consultation-create"), form_data(unit_staff, ward, DAY)
    )
    assert response.status_code == 302
    assert not ClashAcknowledgement.objects.exists()
