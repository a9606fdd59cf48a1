"""Actions and targets: added and changed by unit staff with their timing read as plans
write it, evidence linked; read by the committee, never changed by it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from consultations.factories import ConsultationFactory
from consultations.models import Finding
from core.roles import Role
from workplans.choices import ItemKind, ItemStatus, Timing
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import EvidenceLink, PlanItem

pytestmark = pytest.mark.django_db

ACTION = {
    "description": "Prepare 3 year planning calendar",
    "responsibility": "MPA LEAD",
    "status": ItemStatus.NOT_STARTED,
    "percent_complete": "0",
}


def add_url(objective):
    return reverse("workplans:item-create", kwargs={"pk": objective.pk})


@pytest.fixture
def objective():
    return ObjectiveFactory(plan=WorkPlanFactory(starts_fy=2026, ends_fy=2028))


def test_unit_staff_add_an_action_timed_in_plan_years(client, unit_staff, objective):
    client.force_login(unit_staff)
    response = client.post(
        add_url(objective), {**ACTION, "timing_text": "½", "lead": unit_staff.pk}
    )
    item = PlanItem.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert (item.kind, item.timing, item.year_from, item.year_to) == (
        ItemKind.ACTION,
        Timing.YEARS,
        1,
        2,
    )
    assert (item.timing_text, item.due_on, item.lead) == ("½", date(2028, 3, 31), unit_staff)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Years 1 to 2" in page and "written as “½”" in page and "Uma Unitstaff" in page


def test_an_action_with_a_due_date(client, unit_staff, objective):
    client.force_login(unit_staff)
    client.post(add_url(objective), {**ACTION, "due_on": "2027-04-30"})
    item = PlanItem.objects.get()
    assert (item.timing, item.due_on, item.timing_text) == (
        Timing.DATE,
        date(2027, 4, 30),
        "30/4/2027",
    )


@pytest.mark.parametrize(
    ("timing_text", "message"),
    [
        ("31/7?02", "is not a date or plan year that can be read"),
        ("4", "reaches year 4, but the plan has 3 years"),
    ],
)
def test_unreadable_timing_is_refused_next_to_the_field(
    client, unit_staff, objective, timing_text, message
):
    client.force_login(unit_staff)
    response = client.post(add_url(objective), {**ACTION, "timing_text": timing_text})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "Nothing has been saved yet" in page
    assert not PlanItem.objects.exists()


def test_a_date_and_plan_years_together_are_refused(client, unit_staff, objective):
    client.force_login(unit_staff)
    response = client.post(
        add_url(objective), {**ACTION, "due_on": "2027-04-30", "timing_text": "1"}
    )
    assert response.status_code == 400
    assert "Give a due date or a timing in plan years, not both." in response.content.decode()
    assert not PlanItem.objects.exists()


def test_done_means_complete(client, unit_staff, objective):
    client.force_login(unit_staff)
    client.post(add_url(objective), {**ACTION, "timing_text": "Done"})
    item = PlanItem.objects.get()
    assert (item.timing, item.status, item.percent_complete) == (
        Timing.DONE,
        ItemStatus.COMPLETE,
        100,
    )


def test_the_lead_must_be_unit_staff_or_an_administrator(client, unit_staff, objective, sergeant):
    client.force_login(unit_staff)
    response = client.post(add_url(objective), {**ACTION, "lead": sergeant.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_percent_must_be_0_to_100(client, unit_staff, objective):
    client.force_login(unit_staff)
    response = client.post(add_url(objective), {**ACTION, "percent_complete": "120"})
    assert response.status_code == 400
    assert "less than or equal to 100" in response.content.decode()


def test_a_rag_by_hand_needs_its_reason_in_the_form(client, unit_staff, objective):
    client.force_login(unit_staff)
    response = client.post(add_url(objective), {**ACTION, "rag_override": "red"})
    assert response.status_code == 400
    assert "Say why the RAG is set by hand." in response.content.decode()
    client.post(
        add_url(objective),
        {**ACTION, "rag_override": "red", "rag_override_reason": "Funding withdrawn"},
    )
    page = client.get(PlanItem.objects.get().get_absolute_url()).content.decode()
    assert "The RAG is set by hand" in page and "Funding withdrawn" in page


def test_a_target_goes_under_its_action_and_takes_its_responsibility(client, unit_staff):
    action = PlanItemFactory(responsibility="MPA CDO Unit", lead=unit_staff)
    client.force_login(unit_staff)
    url = reverse("workplans:target-create", kwargs={"pk": action.pk})
    form = client.get(url).content.decode()
    assert 'value="MPA CDO Unit"' in form
    client.post(
        url,
        {
            **ACTION,
            "description": "Define budgets",
            "responsibility": "MPA CDO Unit",
            "timing_text": "1",
        },
    )
    target = PlanItem.objects.get(parent=action)
    assert (target.kind, target.objective, target.plan) == (
        ItemKind.TARGET,
        action.objective,
        action.plan,
    )
    assert "Define budgets" in client.get(action.get_absolute_url()).content.decode()


def test_a_target_cannot_have_targets(client, unit_staff):
    target = PlanItemFactory(parent=PlanItemFactory())
    client.force_login(unit_staff)
    url = reverse("workplans:target-create", kwargs={"pk": target.pk})
    assert client.get(url).status_code == 404


def test_editing_keeps_the_timing_as_written(client, unit_staff, objective):
    item = PlanItemFactory(objective=objective, plan=objective.plan)
    client.force_login(unit_staff)
    edit = reverse("workplans:item-update", kwargs={"pk": item.pk})
    client.post(edit, {**ACTION, "timing_text": "on-going", "status": ItemStatus.ONGOING})
    item.refresh_from_db()
    assert (item.timing, item.timing_text, item.due_on) == (Timing.ONGOING, "on-going", None)
    assert 'value="on-going"' in client.get(edit).content.decode()


def test_an_action_answers_consultations_and_findings(client, unit_staff, objective):
    consultation = ConsultationFactory(title="Policing plan priorities 2027")
    finding = Finding.objects.create(
        consultation=consultation, title="More visible patrols at night", source="event"
    )
    client.force_login(unit_staff)
    client.post(
        add_url(objective),
        {**ACTION, "consultations": [consultation.pk], "findings": [finding.pk]},
    )
    item = PlanItem.objects.get()
    assert list(item.findings.all()) == [finding]
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Policing plan priorities 2027" in page and "More visible patrols at night" in page


def test_findings_page_adds_an_action_answering_a_finding(client, unit_staff, objective):
    consultation = ConsultationFactory()
    finding = Finding.objects.create(
        consultation=consultation, title="Feedback never reaches us", source="event"
    )
    client.force_login(unit_staff)
    listing = client.get(reverse("workplans:finding-list"), {"unanswered": "1"}).content.decode()
    assert "Feedback never reaches us" in listing
    url = reverse("workplans:finding-action", kwargs={"pk": finding.pk})
    assert "Feedback never reaches us" in client.get(url).content.decode()
    client.post(
        url,
        {
            **ACTION,
            "objective": objective.pk,
            "findings": [finding.pk],
            "consultations": [consultation.pk],
        },
    )
    item = PlanItem.objects.get()
    assert item.objective == objective and list(item.findings.all()) == [finding]
    listing = client.get(reverse("workplans:finding-list"), {"unanswered": "1"}).content.decode()
    assert "Feedback never reaches us" not in listing


def test_evidence_is_linked_and_removed(client, unit_staff):
    item = PlanItemFactory()
    client.force_login(unit_staff)
    url = reverse("workplans:evidence-create", kwargs={"pk": item.pk})
    client.post(url, {"title": "Board minutes", "url": "https://example.org/minutes"})
    link = EvidenceLink.objects.get()
    assert "Board minutes" in client.get(item.get_absolute_url()).content.decode()
    refused = client.post(url, {"title": "Bad", "url": "not a link"})
    assert refused.status_code == 400 and "Enter a valid URL." in refused.content.decode()
    client.post(reverse("workplans:evidence-delete", kwargs={"pk": link.pk}))
    assert not EvidenceLink.objects.exists()


def test_authority_member_reads_items_but_changes_nothing(client, authority_member):
    item = PlanItemFactory(description="Develop e-consultation")
    client.force_login(authority_member)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Develop e-consultation" in page and "Record progress" not in page
    for name in ("item-update", "target-create", "progress-create", "evidence-create"):
        url = reverse(f"workplans:{name}", kwargs={"pk": item.pk})
        assert client.post(url, {**ACTION, "note": "x", "title": "x"}).status_code == 403
    assert client.post(add_url(item.objective), ACTION).status_code == 403
    assert PlanItem.objects.count() == 1 and not item.updates.exists()


def test_sergeant_and_visitor_are_kept_out(client, sergeant):
    item = PlanItemFactory()
    assert "sign-in" in client.get(item.get_absolute_url()).url
    client.force_login(sergeant)
    assert client.get(item.get_absolute_url()).status_code == 403


def test_the_predicates_agree_with_the_querysets(users_by_role):
    item = PlanItemFactory()
    for user in users_by_role.values():
        assert user.has_perm("workplans.view_item_record", item) == (
            PlanItem.objects.visible_to(user).filter(pk=item.pk).exists()
        )
        assert user.has_perm("workplans.change_item_record", item) == (
            PlanItem.objects.editable_by(user).filter(pk=item.pk).exists()
        )
        assert user.has_perm("workplans.change_plan_record", item.plan) == user.has_role(
            Role.ADMINISTRATOR, Role.UNIT_STAFF
        )
    assert not UserFactory(roles=[]).has_perm("workplans.view_plan_record", item.plan)


def test_an_inactive_colleague_is_not_offered_as_lead(client, unit_staff, objective):
    gone = UserFactory(roles=[Role.UNIT_STAFF], is_active=False, full_name="Gone Away")
    client.force_login(unit_staff)
    assert "Gone Away" not in client.get(add_url(objective)).content.decode()
    response = client.post(add_url(objective), {**ACTION, "lead": gone.pk})
    assert response.status_code == 400


def test_last_update_age_is_shown(client, unit_staff):
    item = PlanItemFactory(last_progress_on=timezone.localdate() - timedelta(days=12))
    client.force_login(unit_staff)
    assert "12 days ago" in client.get(item.get_absolute_url()).content.decode()
