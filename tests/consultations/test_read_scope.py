"""What a sergeant reads of other wards (docs/security.md): what covers one of their wards,
the toolkit's good-practice case studies, and nothing else; the predicates in
consultations/rules.py say the same as the querysets."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from areas.factories import BoroughFactory, WardFactory
from consultations.choices import FindingSource, GroupKind
from consultations.factories import (
    ConsultationFactory,
    ConsultativeGroupFactory,
    EventFactory,
    WardPriorityFactory,
)
from consultations.models import Consultation, ConsultativeGroup, Event, Finding, WardPriority
from consultations.selectors.findings import visible_findings
from core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    """Ward A (the sergeant's) and a second ward in its borough; ward C in another borough."""
    home, away = BoroughFactory(), BoroughFactory()
    return {
        "a": WardFactory(borough=home),
        "a2": WardFactory(borough=home),
        "c": WardFactory(borough=away),
        "home": home,
        "away": away,
    }


@pytest.fixture
def sergeant_a(places):
    return UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[places["a"]])


@pytest.fixture
def consultations(places):
    london = ConsultationFactory(title="London", pan_london=True)
    home_borough = ConsultationFactory(title="Home borough")
    home_borough.boroughs.set([places["home"]])
    away_borough = ConsultationFactory(title="Away borough")
    away_borough.boroughs.set([places["away"]])
    return {
        "london": london,
        "home borough": home_borough,
        "away borough": away_borough,
        "own ward": ConsultationFactory(title="Own ward", wards=[places["a"]]),
        "own and neighbour": ConsultationFactory(wards=[places["a"], places["a2"]]),
        "neighbour ward": ConsultationFactory(title="Neighbour", wards=[places["a2"]]),
        "far ward": ConsultationFactory(title="Far ward", wards=[places["c"]]),
        "unscoped": ConsultationFactory(title="Unscoped"),
        "good practice elsewhere": ConsultationFactory(wards=[places["c"]], is_good_practice=True),
    }


SERGEANT_READS = {"london", "home borough", "own ward", "own and neighbour"}
SERGEANT_READS_TOO = {"good practice elsewhere"}


def test_sergeant_reads_the_consultations_covering_their_ward(sergeant_a, consultations):
    visible = set(Consultation.objects.visible_to(sergeant_a))
    expected = {consultations[key] for key in SERGEANT_READS | SERGEANT_READS_TOO}
    assert visible == expected


@pytest.fixture
def groups(places):
    return {
        "london": ConsultativeGroupFactory(
            kind=GroupKind.IAG, ward=None, borough=None, pan_london=True
        ),
        "home board": ConsultativeGroupFactory(
            kind=GroupKind.BOROUGH_GROUP, ward=None, borough=places["home"]
        ),
        "away board": ConsultativeGroupFactory(
            kind=GroupKind.BOROUGH_GROUP, ward=None, borough=places["away"]
        ),
        "own panel": ConsultativeGroupFactory(ward=places["a"]),
        "neighbour panel": ConsultativeGroupFactory(ward=places["a2"]),
        "far panel": ConsultativeGroupFactory(ward=places["c"]),
    }


def test_sergeant_reads_london_wide_and_borough_groups_and_only_their_own_wards_panels(
    sergeant_a, groups
):
    visible = set(ConsultativeGroup.objects.visible_to(sergeant_a))
    assert visible == {groups["london"], groups["home board"], groups["own panel"]}


def test_sergeant_reads_events_findings_and_priorities_only_of_what_they_read(
    sergeant_a, consultations, groups
):
    own_meeting = EventFactory(consultation=None, group=groups["own panel"])
    EventFactory(consultation=None, group=groups["neighbour panel"])
    london_event = EventFactory(consultation=consultations["london"])
    EventFactory(consultation=consultations["far ward"])
    own_priority = WardPriorityFactory(group=groups["own panel"])
    WardPriorityFactory(group=groups["neighbour panel"])
    own_finding = Finding.objects.create(
        consultation=consultations["own ward"], title="Ours", source=FindingSource.EVENT
    )
    Finding.objects.create(
        consultation=consultations["neighbour ward"], title="Theirs", source=FindingSource.EVENT
    )
    Finding.objects.create(group=groups["far panel"], title="Far", source=FindingSource.EVENT)

    assert set(Event.objects.visible_to(sergeant_a)) == {own_meeting, london_event}
    assert set(WardPriority.objects.visible_to(sergeant_a)) == {own_priority}
    assert set(visible_findings(user=sergeant_a)) == {own_finding}


def test_a_user_with_no_role_reads_nothing(consultations, groups):
    nobody = UserFactory()
    WardPriorityFactory(group=groups["own panel"])
    assert not Consultation.objects.visible_to(nobody).exists()
    assert not ConsultativeGroup.objects.visible_to(nobody).exists()
    assert not WardPriority.objects.visible_to(nobody).exists()


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER])
def test_london_wide_roles_read_everything(role, consultations, groups):
    user = UserFactory(roles=[role])
    assert Consultation.objects.visible_to(user).count() == len(consultations)
    assert ConsultativeGroup.objects.visible_to(user).count() == len(groups)


def test_every_predicate_agrees_with_its_queryset(places, sergeant_a, consultations, groups):
    """For every user and record, has_perm says yes exactly when the queryset holds it."""
    panel = groups["own panel"]
    records = {
        "consultations.view_consultation_record": list(Consultation.objects.all()),
        "consultations.change_consultation_record": list(Consultation.objects.all()),
        "consultations.view_group_record": list(ConsultativeGroup.objects.all()),
        "consultations.change_group_record": list(ConsultativeGroup.objects.all()),
    }
    records["consultations.view_event_record"] = records["consultations.change_event_record"] = [
        EventFactory(consultation=consultations["own ward"]),
        EventFactory(consultation=consultations["far ward"]),
        EventFactory(consultation=None, group=panel),
        EventFactory(consultation=None, group=groups["far panel"]),
    ]
    priorities = [WardPriorityFactory(group=panel), WardPriorityFactory(group=groups["far panel"])]
    records["consultations.view_priority_record"] = priorities
    records["consultations.change_priority_record"] = priorities
    records["consultations.view_finding_record"] = [
        Finding.objects.create(consultation=c, title="F", source=FindingSource.EVENT)
        for c in (consultations["own ward"], consultations["far ward"])
    ]
    querysets = {
        "consultations.view_consultation_record": Consultation.objects.visible_to,
        "consultations.change_consultation_record": Consultation.objects.editable_by,
        "consultations.view_group_record": ConsultativeGroup.objects.visible_to,
        "consultations.change_group_record": ConsultativeGroup.objects.editable_by,
        "consultations.view_event_record": Event.objects.visible_to,
        "consultations.change_event_record": Event.objects.editable_by,
        "consultations.view_priority_record": WardPriority.objects.visible_to,
        "consultations.change_priority_record": WardPriority.objects.editable_by,
        "consultations.view_finding_record": lambda user: visible_findings(user=user),
    }
    users = [
        sergeant_a,
        UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[places["c"]]),
        UserFactory(roles=[Role.AUTHORITY_MEMBER]),
        UserFactory(roles=[Role.UNIT_STAFF]),
        UserFactory(),
    ]
    for perm, objects in records.items():
        for user in users:
            in_queryset = set(querysets[perm](user).filter(pk__in=[o.pk for o in objects]))
            by_predicate = {o for o in objects if user.has_perm(perm, o)}
            assert by_predicate == in_queryset, (perm, user)


def test_what_a_sergeant_may_change_they_may_read(sergeant_a, consultations, groups):
    for model in (Consultation, ConsultativeGroup, Event, WardPriority):
        editable = set(model.objects.editable_by(sergeant_a).values_list("pk", flat=True))
        visible = set(model.objects.visible_to(sergeant_a).values_list("pk", flat=True))
        assert editable <= visible, model


def test_sergeant_gets_404_for_another_wards_pages(client, sergeant_a, consultations, groups):
    far_panel = groups["far panel"]
    meeting = EventFactory(consultation=None, group=far_panel)
    priority = WardPriorityFactory(group=far_panel)
    far = consultations["far ward"]
    client.force_login(sergeant_a)
    for url in (
        reverse("consultations:consultation-detail", args=[far.pk]),
        reverse("consultations:finding-list", args=[far.pk]),
        reverse("consultations:group-detail", args=[far_panel.pk]),
        reverse("consultations:panel-members", args=[far_panel.pk]),
        reverse("consultations:event-detail", args=[meeting.pk]),
        reverse("consultations:priority-detail", args=[priority.pk]),
        reverse("consultations:policeuk-export-ward", args=[far_panel.ward.ons_code, "csv"]),
        reverse("consultations:policeuk-export-borough", args=[far_panel.borough.ons_code, "csv"]),
    ):
        assert client.get(url).status_code == 404, url


def test_sergeant_exports_only_their_own_wards_of_their_borough(client, sergeant_a, places):
    WardPriorityFactory(group=ConsultativeGroupFactory(ward=places["a"]), description="Ours")
    WardPriorityFactory(group=ConsultativeGroupFactory(ward=places["a2"]), description="Theirs")
    client.force_login(sergeant_a)
    url = reverse("consultations:policeuk-export-borough", args=[places["home"].ons_code, "csv"])
    body = client.get(url).content.decode()
    assert "Ours" in body
    assert "Theirs" not in body


def test_sergeant_tracker_shows_their_wards_only(client, sergeant_a, places):
    client.force_login(sergeant_a)
    response = client.get(reverse("consultations:statutory-tracker"))
    assert [row.pk for row in response.context["rows"]] == [places["a"].pk]
