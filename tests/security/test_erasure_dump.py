"""Done when (issue 10): a test erases a seeded contact and finds none of their seeded
values (name, email, phone in any format, postcode, address) anywhere in a pg_dump of
the test database, nor in any stored file.

The person is put in every place engage keeps people's details: their record and its
history, consent, interactions, memberships, lists, equality answers, a panel place,
an invitation and a meeting summary whose error text quotes the address, attendance, a
meeting reminder, an online response, and an import under way (its stored file and its
preview rows).
"""

import os
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pghistory
import pytest
from django.db import connection

from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import (
    Attendance,
    GroupMembership,
    Invitation,
    MeetingSummary,
    ReminderSent,
    Response,
)
from stakeholders.choices import Channel, InteractionKind
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import EqualityProfile, Interaction, StaticList, StaticListMember
from stakeholders.services.data_protection import contact_erase
from stakeholders.services.imports import (
    import_job_create,
    import_mapping_set,
    import_preview_build,
)
from tests.stakeholders.fixtures.import_files import CONTACT_HEADINGS, xlsx_upload

NAME = "Zebediah Quarrington-Vantablack"
EMAIL = "zebediah.quarrington@example.org"
PHONE = "020 7946 0958"
POSTCODE = "SW1A 2AA"
ADDRESS = "17 Quillfeather Mews"

# Every form in which the values could have been stored, looked for case-insensitively.
NEEDLES = [
    NAME,
    "Zebediah",
    "Quarrington",
    "Vantablack",
    EMAIL,
    "+442079460958",  # E.164, as engage stores phone numbers
    "02079460958",  # national, no spaces
    "2079460958",  # any prefix
    "020 7946 0958",  # national, spaced
    "20 7946 0958",  # international, spaced
    "7946 0958",
    POSTCODE,
    "SW1A2AA",
    ADDRESS,
    "Quillfeather",
]


def seed_everywhere(staff):
    contact = ContactFactory(
        name=NAME,
        email=EMAIL,
        phone="+442079460958",
        address_line_1=ADDRESS,
        postcode=POSTCODE,
        consent=[Channel.EMAIL],
    )
    with pghistory.context(user=staff.pk):
        contact.job_title = "Tenants' chair"
        contact.save()  # a second history row
    MembershipFactory(contact=contact, organisation=OrganisationFactory(), role="Chair")
    OrganisationFactory(single_point_of_contact=contact)
    Interaction.objects.create(
        contact=contact, kind=InteractionKind.PHONED, summary=f"{NAME} rang", logged_by=staff
    )
    StaticListMember.objects.create(
        static_list=StaticList.objects.create(name="L"), contact=contact
    )
    EqualityProfile.objects.create(
        contact=contact, explicit_consent_given_on=date(2026, 1, 1), recorded_by=staff
    )
    group = ConsultativeGroupFactory()
    GroupMembership.objects.create(group=group, contact=contact)
    event = EventFactory(consultation=None, group=group)
    Invitation.objects.create(
        event=event, contact=contact, status="failed", last_error=f"550 {EMAIL} refused"
    )
    Attendance.objects.create(event=event, contact=contact)
    MeetingSummary.objects.create(
        meeting=event, contact=contact, status="failed", last_error=f"550 <{EMAIL}>"
    )
    ReminderSent.objects.create(condition=f"meeting:{event.pk}:2026-03-01:contact:{contact.pk}")
    Response.objects.create(consultation=ConsultationFactory(), name=NAME, email=EMAIL)
    row = [NAME, EMAIL, PHONE, POSTCODE, "Member of the public", "", "", "", ""]
    job = import_job_create(
        kind="contacts",
        uploaded_file=xlsx_upload([CONTACT_HEADINGS, row], name="people.xlsx"),
        acting_user=staff,
    )
    job = import_mapping_set(job=job, mapping=job.mapping, acting_user=staff)
    import_preview_build(job=job)
    return contact


def pg_dump() -> str:
    """A plain-text dump of the whole test database, by the pg_dump of the server's
    major version."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    binary = Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")
    if not binary.exists():
        pytest.skip(f"no pg_dump for PostgreSQL {major} at {binary}")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = [str(binary), "--no-owner", "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    done = subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


def stored_text(root: Path) -> str:
    """Every stored file's bytes as text, the members of zip files (XLSX) unpacked."""
    texts = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        texts.append(path.read_bytes().decode(errors="replace"))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                texts.extend(
                    archive.read(name).decode(errors="replace") for name in archive.namelist()
                )
    return "\n".join(texts)


def found_in(text: str) -> list[str]:
    return [needle for needle in NEEDLES if re.search(re.escape(needle), text, re.IGNORECASE)]


@pytest.mark.django_db(transaction=True)
def test_after_erasure_no_seeded_value_is_anywhere_in_the_database_or_files(
    unit_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    contact = seed_everywhere(unit_staff)
    # The test can find what it looks for: before the erasure, every value is there.
    before = pg_dump() + stored_text(settings.MEDIA_ROOT)
    assert set(found_in(before)) >= {NAME, EMAIL, "+442079460958", POSTCODE, ADDRESS}
    assert found_in(stored_text(settings.MEDIA_ROOT))  # the uploaded import file

    contact_erase(contact=contact, reason="request", acting_user=unit_staff)

    assert found_in(pg_dump()) == []
    assert found_in(stored_text(settings.MEDIA_ROOT)) == []
    contact.refresh_from_db()
    assert contact.is_erased  # the fact of the erasure is kept, with no values
