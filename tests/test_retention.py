"""Retention (issue 10, build 7): each record type is kept for its configured number of
days; the nightly task anonymises or deletes what is older, and running it twice does
nothing more; the dry run lists what would go and changes nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from consultations.factories import ConsultationFactory, EventFactory
from consultations.models import Attendance, Invitation, MeetingSummary, ReminderSent, Response
from core import retention
from core.tasks import apply_retention
from stakeholders.factories import ContactFactory
from stakeholders.models import Contact, ImportJob, OutreachRecord
from workplans.models import PlanImport

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 6, 1, 2, 30, tzinfo=LONDON)
LONG_AGO = datetime(2020, 3, 2, 10, 0, tzinfo=LONDON)  # past every default period
LATELY = TODAY - timedelta(days=20)  # within every default period


def seed(unit_staff, at: datetime, tag: str) -> dict:
    """One record of every retained type, made at ``at``."""
    with time_machine.travel(at, tick=False):
        contact = ContactFactory(name=f"Person {tag}", email=f"{tag}@example.org")
        event = EventFactory(starts_at=at - timedelta(hours=2), ends_at=at - timedelta(hours=1))
        records = {
            "contact": contact,
            "response": Response.objects.create(
                consultation=ConsultationFactory(),
                name=f"Respondent {tag}",
                email=f"respondent-{tag}@example.org",
            ),
            "attendance": Attendance.objects.create(event=event, contact=contact),
            "invitation": Invitation.objects.create(event=event, contact=contact, status="sent"),
            "summary": MeetingSummary.objects.create(meeting=event, contact=contact),
            "reminder": ReminderSent.objects.create(
                condition=f"meeting:{event.pk}:{at:%Y-%m-%d}:contact:{contact.pk}"
            ),
            "outreach": OutreachRecord.objects.create(
                contact=contact, channel="email", sent_at=at, description="Invitation: test"
            ),
            "import": ImportJob.objects.create(
                kind="contacts", original_name=f"{tag}.csv", created_by=unit_staff, status="done"
            ),
            "plan_import": PlanImport.objects.create(
                created_by=unit_staff, filename=f"{tag}.xlsx", plan_title=f"Plan {tag}"
            ),
        }
    return records


def state() -> dict:
    """What the retention rules could change, as plain values."""
    return {
        "contacts": sorted(Contact.objects.values_list("pk", "name", "erased_at")),
        "responses": sorted(Response.objects.values_list("pk", "name", "email")),
        "attendance": sorted(Attendance.objects.values_list("pk", flat=True)),
        "invitations": sorted(Invitation.objects.values_list("pk", flat=True)),
        "summaries": sorted(MeetingSummary.objects.values_list("pk", flat=True)),
        "reminders": sorted(ReminderSent.objects.values_list("pk", flat=True)),
        "outreach": sorted(OutreachRecord.objects.values_list("pk", flat=True)),
        "imports": sorted(ImportJob.objects.values_list("pk", flat=True)),
        "plan_imports": sorted(PlanImport.objects.values_list("pk", flat=True)),
    }


@pytest.fixture
def records(unit_staff):
    return {"old": seed(unit_staff, LONG_AGO, "old"), "new": seed(unit_staff, LATELY, "new")}


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_every_record_type_has_a_rule_and_a_configured_period():
    names = {rule.name for rule in retention.rules()}
    assert names >= {
        "stakeholders.contacts_unverified",
        "stakeholders.imports",
        "stakeholders.outreach_records",
        "consultations.responses",
        "consultations.attendance",
        "consultations.invitations",
        "consultations.meeting_summaries",
        "consultations.meeting_reminders",
        "workplans.imports",
        "audit.entries",
    }
    for rule in retention.rules():
        assert rule.period in settings.ENGAGE_RETENTION_DAYS


def test_the_dry_run_lists_what_would_go_and_changes_nothing(records):
    before = state()

    output = run("--dry-run")

    assert state() == before
    old = records["old"]
    assert "Contacts not verified (stakeholders.contacts_unverified): kept 820 days" in output
    assert f"1 would be erased: ids {old['contact'].pk}." in output
    assert f"1 would be anonymised: ids {old['response'].pk}." in output
    for key, name in [
        ("attendance", "consultations.attendance"),
        ("invitation", "consultations.invitations"),
        ("summary", "consultations.meeting_summaries"),
        ("reminder", "consultations.meeting_reminders"),
        ("outreach", "stakeholders.outreach_records"),
        ("import", "stakeholders.imports"),
        ("plan_import", "workplans.imports"),
    ]:
        line = next(line for line in output.splitlines() if f"({name})" in line)
        assert line.endswith(f"1 would be deleted: ids {old[key].pk}."), line
    assert "Dry run: nothing was changed" in output


def test_the_task_anonymises_or_deletes_exactly_what_is_past_its_date(records):
    with time_machine.travel(TODAY, tick=False):
        counts = apply_retention()

    assert counts["stakeholders.contacts_unverified"] == counts["consultations.responses"] == 1
    old, new = records["old"], records["new"]
    old["contact"].refresh_from_db()
    assert old["contact"].is_erased  # through the erasure service: everything else goes
    new["contact"].refresh_from_db()
    assert not new["contact"].is_erased and new["contact"].name == "Person new"
    response = Response.objects.get(pk=old["response"].pk)
    assert (response.name, response.email, response.source_hash) == ("", "", "")
    assert Response.objects.get(pk=new["response"].pk).name == "Respondent new"
    for key, model in [
        ("attendance", Attendance),
        ("invitation", Invitation),
        ("summary", MeetingSummary),
        ("reminder", ReminderSent),
        ("outreach", OutreachRecord),
        ("import", ImportJob),
        ("plan_import", PlanImport),
    ]:
        assert not model.objects.filter(pk=old[key].pk).exists(), key
        assert model.objects.filter(pk=new[key].pk).exists(), key


def test_running_twice_does_nothing_more(records):
    with time_machine.travel(TODAY, tick=False):
        apply_retention()
        after_first = state()
        counts = apply_retention()
    assert state() == after_first
    assert set(counts.values()) == {0}


def test_a_period_of_zero_keeps_that_type_for_ever(records, settings):
    settings.ENGAGE_RETENTION_DAYS = {**settings.ENGAGE_RETENTION_DAYS, "notices": 0}
    output = run()
    assert "Invitations (consultations.invitations): kept for ever." in output
    assert Invitation.objects.filter(pk=records["old"]["invitation"].pk).exists()
    assert not Attendance.objects.filter(pk=records["old"]["attendance"].pk).exists()


def test_periods_come_from_settings(records, settings):
    settings.ENGAGE_RETENTION_DAYS = {**settings.ENGAGE_RETENTION_DAYS, "responses": 10}
    with time_machine.travel(TODAY, tick=False):
        apply_retention()
    assert Response.objects.get(pk=records["new"]["response"].pk).name == ""  # 20 days old


def test_a_contact_verified_within_the_period_is_kept(unit_staff):
    with time_machine.travel(LONG_AGO, tick=False):
        verified = ContactFactory(name="Checked Lately")
    Contact.objects.filter(pk=verified.pk).update(last_verified=LATELY.date())
    with time_machine.travel(TODAY, tick=False):
        apply_retention()
    verified.refresh_from_db()
    assert not verified.is_erased


def test_a_failing_rule_is_reported_and_the_others_still_run(records, monkeypatch):
    def broken(before):
        raise RuntimeError("boom")

    rule = retention.RetentionRule(
        name="test.broken", label="Broken", period="notices", action="deleted",
        find=broken, apply=broken,
    )  # fmt: skip
    monkeypatch.setattr(retention, "_rules", [rule, *retention.rules()])
    with pytest.raises(Exception, match="Some retention rules failed"):
        run()
    assert not Invitation.objects.filter(pk=records["old"]["invitation"].pk).exists()


def test_the_task_runs_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["core-apply-retention"]
    assert entry["task"] == apply_retention.name == "core.apply_retention"


def test_old_imports_go_with_the_files_they_still_keep(
    unit_staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(LONG_AGO, tick=False):
        plan_import = PlanImport(created_by=unit_staff, filename="plan.xlsx", plan_title="Old")
        plan_import.file.save("plan.xlsx", ContentFile(b"leads' email addresses"), save=True)
        job = ImportJob(kind="contacts", original_name="people.csv", created_by=unit_staff)
        job.file.save("people.csv", ContentFile(b"name,email"), save=True)
    stored = [tmp_path / plan_import.file.name, tmp_path / job.file.name]
    assert all(path.exists() for path in stored)

    with time_machine.travel(TODAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        apply_retention()

    assert not PlanImport.objects.exists() and not ImportJob.objects.exists()
    assert not any(path.exists() for path in stored)


def test_audit_entries_past_their_period_go_and_younger_ones_stay():
    from audit.models import Action, AuditEntry
    from audit.services import audit_record

    with time_machine.travel(LONG_AGO, tick=False):
        old = audit_record(action=Action.EXPORT, summary="Exported 3 contacts")
    with time_machine.travel(LATELY, tick=False):
        recent = audit_record(action=Action.EXPORT, summary="Exported 4 contacts")

    with time_machine.travel(TODAY, tick=False):
        counts = apply_retention()

    assert counts["audit.entries"] == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
