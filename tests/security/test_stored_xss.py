"""Stored XSS: a script payload in every user-editable text field of every model, and no
page, as any role, nor any email shows it unescaped (issue 10, defect 1 and its audit).

Every text field (CharField, TextField, JSONField, ArrayField of text) of every model of
engage's own apps gets its own payload, numbered so a leak names the field:
``"'><script>xss(17)</script><img src=x onerror=xss(17)>`` (the attribute-breaking part
first, so a value placed unescaped in an attribute shows up too). Payloads are written with
``queryset.update()`` after the world is built: imports, forms and the admin reach the
same columns. A field that cannot hold the payload is listed in ``SKIPPED`` with the reason,
so a new field is never left out silently (``test_every_text_field_gets_a_payload``).

Then every page of the URL conf (tests/security/pages.py) is opened by every role it
allows, and anonymously when public; every HTML (and SVG) response must be free of the
raw payload. JSON, CSV, XLSX and iCalendar answers are not HTML and are only listed.
"""

import re
import sys
from datetime import timedelta
from pathlib import Path

import pghistory.models
import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from audit.models import AuditEntry, AuditValue
from core.roles import Role
from tests.security.every_model_world import build_world
from tests.security.pages import pages

pytestmark = pytest.mark.django_db

LEAK = re.compile(r"<script>xss\((\d+)\)|<img src=x onerror=xss\((\d+)\)")
ESCAPED = ESCAPED_IN_TEXT = re.compile(r"&lt;script&gt;xss\((\d+)\)")
HTML_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml")
# What a browser does not run as a page (exports, feeds, downloads): not checked. A page
# answering any other type fails the walk, to be looked at and added here or checked.
NOT_HTML = {
    "application/json",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/calendar",
    "text/csv",
}

# engage's own apps: every app whose code lives in this repository (demo data excluded),
# not the installed packages (`make` keeps the virtualenv inside the repository, .venv).
OWN_APPS = sorted(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR)
    and not Path(config.path).is_relative_to(sys.prefix)
    and config.label != "demo"
)

# Fields that cannot hold a script payload, or hold only what engage itself writes.
SKIPPED = {
    "accounts.User.password": "a password hash, never shown",
    "accounts.User.email": "EmailField: an address cannot hold < or >",
    "areas.CommandUnit.slug": "SlugField: letters, digits and hyphens only",
    "areas.Borough.ons_code": "ONS code format E09dddddd (validator and check constraint)",
    "areas.Ward.ons_code": "ONS code format E05dddddd (validator and check constraint)",
    "stakeholders.Contact.email": "EmailField: an address cannot hold < or >",
    "stakeholders.Contact.phone": "PhoneNumberField: stored in E.164",
    "stakeholders.Contact.postcode": "UK postcode validator, 8 characters",
    "stakeholders.Organisation.email": "EmailField: an address cannot hold < or >",
    "stakeholders.Organisation.phone": "PhoneNumberField: stored in E.164",
    "stakeholders.ImportJob.mapping": "engage's own field names → column numbers",
    "stakeholders.ImportJob.selected_rows": "row numbers",
    "stakeholders.ImportJob.result": "counts written by the import",
    "consultations.Response.email": "EmailField: an address cannot hold < or >",
    "consultations.Response.source_hash": "a keyed hash written by engage, never shown",
    "accounts.PasswordResetRequest.email_digest": "a keyed hash written by engage, never shown",
    "accounts.PasswordResetRequest.address_digest": "a keyed hash written by engage, never shown",
    "consultations.BriefingMaterial.content_type": "set by engage from the file's content",
    "consultations.ReminderSent.condition": "a key engage builds from ids and dates",
    "workplans.PlanImport.shape": "the table shape engage recognised (a fixed name)",
    "workplans.PlanImport.mapping": "engage's own field names → column numbers",
}

# Written by the world's contact import from a file whose cells and headings are payloads.
FILLED_BY_IMPORT = {
    "stakeholders.ImportJob.headers": "the file's headings",
    "stakeholders.ImportJob.preview": "the file's cells, with the errors found in them",
}

# JSON fields: the shape the application reads, with the payload where user text goes.
JSON_PAYLOADS = {
    "stakeholders.Segment.filters": lambda p: {"q": p, "organisation": p},
    "workplans.PlanImport.headers": lambda p: [p, p],
    "workplans.PlanImport.rows": lambda p: [[2, [p, "1"]], [3, [p, p]]],
    "audit.AuditEntry.detail": lambda p: {"fields": [p, p], "query": p, "rows": 1},
}

# Models whose rows a trigger keeps from being changed: their payloads go into new rows,
# dated tomorrow so that they head the newest-first audit page however many entries the
# walk itself records (exports, subject access and refusals are audited as it goes).
APPEND_ONLY = {"audit.AuditEntry"}

# Payload fields no page shows (the walk checks that every other one is shown somewhere).
NOT_DISPLAYED = {
    "consultations.MeetingSummary.last_error": "the mail server's answer, kept for the logs",
    "consultations.BriefingMaterial.original_name": "kept for the record; pages and the "
    "download name the material by its title",
    "workplans.PlanImport.failure": "shown only on the page of an import that failed to read",
}


def _is_text(field) -> bool:
    if isinstance(field, ArrayField):
        return _is_text(field.base_field)
    return isinstance(field, models.CharField | models.TextField | models.JSONField)


def _has_choices(field) -> bool:
    return bool(field.base_field.choices if isinstance(field, ArrayField) else field.choices)


def text_fields() -> dict[str, models.Field]:
    """Every text field of every model of engage's own apps, by "app.Model.field"."""
    found = {}
    for label in OWN_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if _is_text(field):
                    found[f"{model._meta.label}.{field.name}"] = field
    return found


def skip_reason(key: str, field) -> str | None:
    """Why a field gets no payload of its own, or None when it gets one."""
    if issubclass(field.model, pghistory.models.Event):
        return "history row: the trigger copies in the tracked row's payload"
    if _has_choices(field):
        return "choices: only the listed values are accepted"
    return SKIPPED.get(key) or FILLED_BY_IMPORT.get(key)


def payload_fields() -> list[str]:
    return sorted(key for key, field in text_fields().items() if not skip_reason(key, field))


PAYLOAD_KEYS = payload_fields()


def payload(number: int, room: int | None = None) -> str:
    """The payload for field ``number``; the script part alone when ``room`` is short."""
    script = f"\"'><script>xss({number})</script>"
    full = f"{script}<img src=x onerror=xss({number})>"
    if room is None or len(full) <= room:
        return full
    assert len(script) <= room, f"field {number} is too short for a payload"
    return script


def import_text(text: str) -> str:
    """What the world's import file holds: one payload per distinct text."""
    return payload(1000 + sum(map(ord, text)) % 1000)


def field_of(number: int) -> str:
    if number >= 1000:
        return "a cell or heading of an imported file (stakeholders.ImportJob)"
    return PAYLOAD_KEYS[number]


def poison() -> None:
    """Write each field's payload into every row of its model."""
    fields = text_fields()
    # The trail keeps values beside an entry only for some actions: give it one to poison.
    AuditValue.objects.create(entry=AuditEntry.objects.create(action="export"), key="q", value="")
    for number, key in enumerate(PAYLOAD_KEYS):
        field = fields[key]
        model = field.model
        if key in JSON_PAYLOADS:
            value = JSON_PAYLOADS[key](payload(number))
        elif isinstance(field, ArrayField):
            value = [payload(number, field.base_field.max_length)]
        elif isinstance(field, models.URLField):
            value = f"https://example.org/{payload(number, field.max_length - 20)}"
        else:
            value = payload(number, field.max_length)
        if f"{model._meta.app_label}.{model.__name__}" in APPEND_ONLY:
            model._default_manager.create(
                action="export",
                target_type=ContentType.objects.get_for_model(AuditEntry),
                occurred_at=timezone.now() + timedelta(days=1),
                **{field.name: value},
            )
        elif field.unique:  # each row its own value
            for pk in model._default_manager.values_list("pk", flat=True):
                room = field.max_length - len(str(pk)) - 1
                model._default_manager.filter(pk=pk).update(
                    **{field.name: f"{payload(number, room)} {pk}"}
                )
        else:
            _rows_holding(model, field).update(**{field.name: value})
    # The values kept beside entries show with their entry: put them on one that heads the page.
    AuditValue.objects.update(entry=AuditEntry.objects.latest("occurred_at"))


def _rows_holding(model, field):
    """The rows where the field holds something (so a choice question's answer stays a
    choice answer), or every row when none does."""
    empty = [] if isinstance(field, ArrayField) else ""
    rows = model._default_manager.exclude(**{field.name: empty})
    if isinstance(field, models.JSONField) or not rows.exists():
        return model._default_manager.all()
    return rows


def leaks_in(text: str) -> set[str]:
    return {field_of(int(a or b)) for a, b in LEAK.findall(text)}


@pytest.fixture
def poisoned_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world(import_text=import_text)
    poison()
    return world


def test_every_text_field_gets_a_payload_or_a_reason():
    fields = text_fields()
    listed = set(SKIPPED) | set(FILLED_BY_IMPORT) | set(JSON_PAYLOADS)
    assert listed <= set(fields), f"listed but no such field: {sorted(listed - set(fields))}"
    json_without_shape = [
        key
        for key in PAYLOAD_KEYS
        if isinstance(fields[key], models.JSONField) and key not in JSON_PAYLOADS
    ]
    assert json_without_shape == [], "give these JSON fields a shape in JSON_PAYLOADS"
    assert {"consultations.Question.help_text", "consultations.Question.options"} <= set(
        PAYLOAD_KEYS
    )
    assert set(OWN_APPS) >= {"accounts", "areas", "stakeholders", "consultations", "workplans"}


def test_no_page_shows_a_stored_payload_unescaped_to_any_role(client, poisoned_world):
    world = poisoned_world
    leaks, skipped_types, answered, shown = set(), set(), {}, set()
    for page in pages(world):
        if not page.handles("get"):
            continue
        for role in page.roles():
            client.logout()
            if role is not None:
                client.force_login(world.users[role])
            response = client.get(page.path)
            answered.setdefault(page.route, set()).add(response.status_code)
            content_type = response.get("Content-Type", "").split(";")[0]
            if content_type not in HTML_TYPES:
                skipped_types.add((page.route, content_type))
                continue
            body = response.content.decode()
            shown.update(field_of(int(n)) for n in ESCAPED.findall(body))
            for field in leaks_in(body):
                leaks.add((field, page.route, page.path, role.label if role else "anonymous"))

    assert sorted(leaks) == [], "stored payload rendered unescaped:\n" + "\n".join(
        f"  {field} on {path} ({route}) as {role}" for field, route, path, role in sorted(leaks)
    )
    unknown_types = sorted(t for t in skipped_types if t[1] not in NOT_HTML)
    assert unknown_types == [], f"answers of a type neither checked nor excused: {unknown_types}"
    not_shown = sorted(set(PAYLOAD_KEYS) - shown - set(NOT_DISPLAYED))
    assert not_shown == [], f"no page showed these fields, so they went unchecked: {not_shown}"
    never_shown = sorted(route for route, codes in answered.items() if 200 not in codes)
    assert never_shown == [], f"pages no role could open, so not checked: {never_shown}"


# --- Emails ------------------------------------------------------------------------------

EMAIL_TEMPLATES = sorted(
    str(path.relative_to(path.parents[2]))
    for app in OWN_APPS
    for path in (Path(apps.get_app_config(app).path) / "templates").glob("*/email/*")
)


def _send_every_email(world, client):
    """Have engage send every kind of email it sends, through the real senders."""
    from accounts.services import user_change_own_email
    from accounts.tasks import send_account_invitation
    from consultations.choices import InvitationStatus
    from consultations.models import Invitation, MeetingSummary
    from consultations.services.invitations import invitation_remind, invitation_send
    from consultations.services.panel_notices import (
        send_meeting_reminders,
        send_panel_overdue_reminders,
        send_priority_review_reminders,
        summary_send,
    )
    from workplans.services.reminders import lead_reminders_send, plan_digests_send

    staff = world.users[Role.UNIT_STAFF]
    invitation = Invitation.objects.get(contact=world.twin)  # the one that failed
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.QUEUED)
    type(world.twin).objects.filter(pk=world.twin.pk).update(email_consent=True)
    invitation_send(invitation_id=invitation.pk)
    with time_machine.travel(world.event.starts_at - timedelta(days=1)):
        invitation_remind(invitation_id=invitation.pk)
    summary_send(summary_id=MeetingSummary.objects.get().pk)
    send_meeting_reminders()
    send_priority_review_reminders()
    world.panel.events.all().delete()
    type(world.panel).objects.update(created=timezone.now() - timedelta(days=365))
    send_panel_overdue_reminders()
    lead_reminders_send(timezone.localdate())
    plan_digests_send(timezone.localdate())
    newcomer = UserFactory(roles=[Role.UNIT_STAFF], full_name=staff.full_name)
    newcomer.set_unusable_password()
    newcomer.save()
    send_account_invitation(newcomer.pk)
    client.post(reverse("accounts:password-reset"), {"email": staff.email})
    user_change_own_email(user=staff, email="new.address@example.org")


def test_emails_are_plain_text_and_carry_user_text_as_written(
    client, poisoned_world, smtp_inbox, django_capture_on_commit_callbacks
):
    rendered = []

    def record(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _send_every_email(poisoned_world, client)
    finally:
        template_rendered.disconnect(record)

    assert smtp_inbox, "no email was sent"
    problems = []
    for message in smtp_inbox:
        for part in message.walk():
            if part.is_multipart():
                continue
            text = part.get_content()
            where = f"{message['Subject']!r} ({part.get_content_type()})"
            if part.get_content_type() in HTML_TYPES:
                problems += [f"{field} raw in HTML email {where}" for field in leaks_in(text)]
            elif ESCAPED_IN_TEXT.search(text):
                problems.append(f"HTML-escaped text in plain text email {where}")
    assert problems == []
    carrying = [m for m in smtp_inbox if LEAK.search(m.get_body(("plain",)).get_content())]
    assert carrying, "no email carried a payload: the check above tested nothing"
    not_sent = sorted(set(EMAIL_TEMPLATES) - set(rendered))
    assert not_sent == [], f"email templates no sender rendered here: {not_sent}"
