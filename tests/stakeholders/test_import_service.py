"""The import service: reading files, matching columns, checking rows, the all-or-nothing
commit. These call the services directly; the Celery path is in test_import_pages.py."""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from areas.factories import BoroughFactory, WardFactory
from areas.models import Borough
from stakeholders import tasks
from stakeholders.factories import ContactFactory, OrganisationFactory
from stakeholders.models import Contact, ImportJob, Membership, Organisation
from stakeholders.services import imports
from stakeholders.services.imports import (
    import_commit_request,
    import_commit_run,
    import_job_create,
    import_mapping_set,
    import_preview_build,
    max_file_size,
    read_table,
    suggest_mapping,
)
from tests.stakeholders.fixtures.import_files import (
    CONTACT_HEADINGS,
    csv_bytes,
    csv_upload,
    xlsx_bytes,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def places():
    borough = Borough.objects.get(ons_code="E09000007")  # Camden, from the data migration
    ward = WardFactory(name="Kentish Town South", ons_code="E05013656", borough=borough)
    organisation = OrganisationFactory(name="Kentish Town Residents")
    return borough, ward, organisation


def row(name="Ann Example", email="ann@example.org", phone="020 7946 0000", postcode="NW5 1AB",
        category="Member of the public", borough="Camden", ward="Kentish Town South",
        organisation="Kentish Town Residents", role="Chair"):  # fmt: skip
    return [name, email, phone, postcode, category, borough, ward, organisation, role]


def upload(unit_staff, rows, *, kind=ImportJob.Kind.CONTACTS, name="contacts.csv"):
    return import_job_create(
        kind=kind, uploaded_file=csv_upload(rows, name=name), acting_user=unit_staff
    )


def previewed(unit_staff, rows, **kwargs) -> ImportJob:
    """Upload, accept the suggested mapping, and check every row (as the task would)."""
    job = upload(unit_staff, rows, **kwargs)
    job = import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)
    return import_preview_build(job=job)


def entry(job, number):
    return next(e for e in job.preview if e["row"] == number)


def error_texts(job):
    return [error["text"] for e in job.preview for error in e["errors"]]


# --- Reading files -------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "with-bom"])
def test_a_utf8_csv_is_read_with_or_without_a_byte_order_mark(bom):
    content = csv_bytes([["Name", "Town"], ["Zoë Ætherington", "Londres"]], bom=bom)
    table = read_table(content, "people.csv")
    assert table.headers == ["Name", "Town"]
    assert table.rows == [(2, ["Zoë Ætherington", "Londres"])]


def test_a_semicolon_separated_csv_is_read():
    content = csv_bytes([["Name", "Town"], ["Ann", "London"]], delimiter=";")
    assert read_table(content, "people.csv").rows == [(2, ["Ann", "London"])]


def test_apostrophes_in_a_csv_are_not_taken_for_quotes():
    content = b"Name,Town\nPat O'Brien,St John's Wood\nSue D'Souza,Kew\n"
    assert read_table(content, "people.csv").rows == [
        (2, ["Pat O'Brien", "St John's Wood"]),
        (3, ["Sue D'Souza", "Kew"]),
    ]


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_spreadsheet():
    content = csv_bytes([["Name"], ["Ann"], [""], ["Bob"]])
    assert read_table(content, "people.csv").rows == [(2, ["Ann"]), (4, ["Bob"])]


def test_the_first_sheet_of_an_xlsx_workbook_is_read_with_dates_and_numbers_as_text():
    content = xlsx_bytes(
        [["Name", "Verified", "Count"], ["Ann", datetime(2025, 3, 1), 7]],  # noqa: DTZ001
        sheets={"Second": [["Other"], ["ignored"]]},
    )
    table = read_table(content, "people.xlsx")
    assert table.headers == ["Name", "Verified", "Count"]
    assert table.rows == [(2, ["Ann", "2025-03-01", "7"])]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.txt", b"Name\nAnn\n", "Upload a CSV (.csv) or an Excel workbook (.xlsx)."),
        ("people.csv", b"", "This file is empty."),
        ("people.csv", b"Name\n", "The file has headings but no rows to import."),
        ("people.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "holds binary data"),
        ("people.csv", "Name\nJosé\n".encode("latin-1"), "not saved as UTF-8"),
        ("people.xlsx", b"Name\nAnn\n", "This is not an XLSX workbook."),
        ("people.xlsx", b"PK\x03\x04 not really a zip", "could not be read"),
    ],
    ids=["not-csv", "empty", "headings-only", "binary", "not-utf8", "text-as-xlsx", "bad-zip"],
)
def test_files_that_cannot_be_imported_are_refused_with_a_clear_message(
    unit_staff, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        import_job_create(
            kind=ImportJob.Kind.CONTACTS,
            uploaded_file=SimpleUploadedFile(name, content),
            acting_user=unit_staff,
        )
    assert message in " ".join(refused.value.message_dict["file"])
    assert not ImportJob.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(unit_staff):
    content = b"Name\n" + b"A" * max_file_size()
    with pytest.raises(ValidationError) as refused:
        import_job_create(
            kind=ImportJob.Kind.CONTACTS,
            uploaded_file=SimpleUploadedFile("big.csv", content),
            acting_user=unit_staff,
        )
    assert "the most engage takes is 10 MB" in refused.value.message_dict["file"][0]


def test_only_staff_may_import(sergeant):
    with pytest.raises(imports.PermissionDenied):
        import_job_create(
            kind=ImportJob.Kind.CONTACTS,
            uploaded_file=csv_upload([["Name"], ["Ann"]]),
            acting_user=sergeant,
        )


def test_an_upload_is_stored_under_a_random_name_with_its_headings_and_row_count(unit_staff, media):
    job = upload(unit_staff, [CONTACT_HEADINGS, row(), row(name="Bob")], name="Ward list.csv")
    assert job.original_name == "Ward list.csv"
    assert job.headers == CONTACT_HEADINGS
    assert job.total_rows == 2
    assert job.status == ImportJob.Status.UPLOADED
    assert Path(job.file.path).is_relative_to(media)
    assert "Ward list" not in job.file.name


# --- Matching columns ----------------------------------------------------------------


def test_headings_are_matched_to_contact_fields_ignoring_case_spaces_and_synonyms():
    headers = ["Full Name", "E-mail", "Post code", "Organisation", "Tel", "Type", "Notes"]
    assert suggest_mapping(ImportJob.Kind.CONTACTS, headers) == {
        "name": 0,
        "email": 1,
        "postcode": 2,
        "organisation": 3,
        "phone": 4,
        "category": 5,
    }


def test_for_organisations_the_organisation_heading_is_the_name():
    mapping = suggest_mapping(
        ImportJob.Kind.ORGANISATIONS, ["Organisation", "Type", "Umbrella", "Web site"]
    )
    assert mapping == {"name": 0, "kind": 1, "parent": 2, "website": 3}


def test_a_mapping_without_a_required_field_is_refused(unit_staff):
    job = upload(unit_staff, [["Email", "Category"], ["ann@example.org", "Staff"]])
    with pytest.raises(ValidationError) as refused:
        import_mapping_set(job=job, mapping={"email": 0, "category": 1}, acting_user=unit_staff)
    assert refused.value.message_dict["name"] == ["Choose the column that holds the name."]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED


# --- Checking rows -------------------------------------------------------------------


def test_a_valid_file_previews_with_every_row_ready_and_chosen(unit_staff, places):
    job = previewed(unit_staff, [CONTACT_HEADINGS, row(), row(name="Bob", email="bob@x.org")])
    assert job.status == ImportJob.Status.PREVIEWED
    assert error_texts(job) == []
    assert job.selected_rows == [2, 3]
    assert job.processed_rows == job.total_rows == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"postcode": "NOT A CODE"}, "Row 3, postcode: Enter a UK postcode, like SW1A 1AA."),
        ({"phone": "12"}, "Row 3, phone number: The phone number entered is not valid."),
        ({"email": "ann-at-example"}, "Row 3, email address: Enter a valid email address."),
        ({"category": "Alien"}, "Row 3, consultee category: “Alien” is not one of the choices"),
        ({"category": ""}, "Row 3, consultee category: Enter the consultee category."),
        ({"name": ""}, "Row 3, name: Enter the name."),
        ({"borough": "Gotham"}, "Row 3, home borough: “Gotham” is not a London borough."),
        ({"organisation": "Nobody Here"}, "Row 3, organisation: There is no organisation called"),
    ],
    ids=["postcode", "phone", "email", "category", "no-category", "no-name", "borough", "org"],
)
def test_a_bad_value_is_an_error_naming_its_row_and_field(unit_staff, places, change, expected):
    job = previewed(unit_staff, [CONTACT_HEADINGS, row(), row(**change)])
    texts = error_texts(job)
    assert len(texts) == 1, texts
    assert texts[0].startswith(expected)
    assert job.selected_rows == [2]  # the row with an error is not chosen


def test_a_ward_is_found_by_name_within_the_borough_or_by_code(unit_staff, places):
    WardFactory(name="Kentish Town South", borough=BoroughFactory(name="Elsewhere"))
    job = previewed(
        unit_staff,
        [
            CONTACT_HEADINGS,
            row(),  # by name, in Camden
            row(name="Bob", email="b@x.org", borough="", ward="E05013656"),  # by code
            row(name="Cy", email="c@x.org", borough="", ward="Kentish Town South"),
            row(name="Di", email="d@x.org", borough="Elsewhere", ward="E05013656"),
        ],
    )
    assert error_texts(job) == [
        "Row 4, home ward: More than one borough has a ward called “Kentish Town South”. "
        "Add a home borough column, or use the ward's ONS code.",
        "Row 5, home ward: This ward is not in the home borough chosen.",
    ]


def test_a_category_is_matched_by_its_label_or_value_in_any_case(unit_staff, places):
    job = previewed(
        unit_staff,
        [CONTACT_HEADINGS, row(category="service user"), row(name="B", category="STATUTORY")],
    )
    assert error_texts(job) == []


def test_a_default_category_fills_rows_that_have_none(unit_staff, places):
    job = upload(unit_staff, [["Name", "Email"], ["Ann", "ann@example.org"]])
    job = import_mapping_set(
        job=job,
        mapping={"name": 0, "email": 1, "default:category": "representative"},
        acting_user=unit_staff,
    )
    job = import_preview_build(job=job)
    assert error_texts(job) == []
    import_commit_request(job=job, rows=[2], acting_user=unit_staff)
    import_commit_run(job=ImportJob.objects.get(pk=job.pk))
    assert Contact.objects.get().category == "representative"


# --- Likely duplicates ---------------------------------------------------------------


def test_a_row_repeating_an_earlier_row_of_the_file_is_flagged_and_not_chosen(unit_staff, places):
    job = previewed(
        unit_staff, [CONTACT_HEADINGS, row(), row(name="Ann E", email="ANN@example.org")]
    )
    assert entry(job, 3)["duplicates"] == [{"row": 2, "reason": "same email address"}]
    assert job.selected_rows == [2]


def test_a_likely_duplicate_of_an_existing_contact_is_flagged_and_not_chosen(unit_staff, places):
    existing = ContactFactory(name="Ann Example", email="ann@example.org")
    job = previewed(
        unit_staff,
        [CONTACT_HEADINGS, row(email="Ann@Example.org"), row(name="Bo", email="bo@x.org")],
    )
    assert entry(job, 2)["duplicates"] == [
        {"id": existing.pk, "name": "Ann Example", "reason": "same email address"}
    ]
    assert entry(job, 3)["duplicates"] == []
    assert job.selected_rows == [3]


def test_a_similar_name_at_the_same_postcode_is_a_likely_duplicate(unit_staff, places):
    existing = ContactFactory(name="Ann Example", email="other@example.org", postcode="NW5 1AB")
    job = previewed(unit_staff, [CONTACT_HEADINGS, row(name="Anne Example", organisation="")])
    assert entry(job, 2)["duplicates"] == [
        {"id": existing.pk, "name": "Ann Example", "reason": "similar name, same postcode"}
    ]


def test_an_organisation_with_the_same_name_give_or_take_common_words_is_flagged(unit_staff):
    existing = OrganisationFactory(name="The Camden Tenants Group Ltd")
    job = previewed(
        unit_staff,
        [["Organisation", "Type"], ["camden tenants", "Voluntary"], ["Kew Gardeners", "Other"]],
        kind=ImportJob.Kind.ORGANISATIONS,
        name="groups.csv",
    )
    assert entry(job, 2)["duplicates"] == [
        {"id": existing.pk, "name": "The Camden Tenants Group Ltd", "reason": "same name"}
    ]
    assert job.selected_rows == [3]


# --- Committing ----------------------------------------------------------------------


def test_a_chosen_invalid_row_blocks_the_commit_and_nothing_is_written(unit_staff, places):
    job = previewed(unit_staff, [CONTACT_HEADINGS, row(), row(name="Bo", postcode="NOPE")])
    before = (Contact.objects.count(), Membership.objects.count())
    with pytest.raises(ValidationError) as refused:
        import_commit_request(job=job, rows=[2, 3], acting_user=unit_staff)
    assert refused.value.messages == [
        "Nothing was imported: row 3 has errors. Correct the file and upload it again, "
        "or untick those rows."
    ]
    assert (Contact.objects.count(), Membership.objects.count()) == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED


def test_committing_creates_every_chosen_row_with_its_links_and_source(
    unit_staff, places, django_capture_on_commit_callbacks
):
    borough, ward, organisation = places
    job = previewed(
        unit_staff,
        [
            CONTACT_HEADINGS,
            row(postcode="nw51ab"),
            row(
                name="Bo Example",
                email="bo@example.org",
                phone="+33 1 42 68 53 00",
                borough="E09000007",
                ward="",
                organisation="",
                role="",
            ),
            row(name="Left Out", email="left@example.org"),
        ],
        name="Camden panel.csv",
    )
    job = import_commit_request(job=job, rows=[2, 3], acting_user=unit_staff)
    assert job.status == ImportJob.Status.IMPORTING
    file_path = Path(job.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_commit_run(job=ImportJob.objects.get(pk=job.pk))

    assert job.status == ImportJob.Status.DONE
    assert job.result == {"created": 2, "left_out": 1}
    assert job.processed_rows == job.total_rows == 3
    ann = Contact.objects.get(name="Ann Example")
    assert (ann.email, ann.phone.as_e164, ann.postcode) == (
        "ann@example.org",
        "+442079460000",
        "NW5 1AB",
    )
    assert Contact.objects.filter(phone="+442079460000").get() == ann  # stored as E.164
    assert (ann.home_borough, ann.home_ward, ann.category) == (borough, ward, "public")
    assert ann.source == "Import: Camden panel.csv"
    assert list(ann.memberships.values_list("organisation", "role")) == [(organisation.pk, "Chair")]
    assert not (ann.email_consent or ann.post_consent or ann.phone_consent)
    # Its history starts with the import, made by the person who started it.
    assert ann.events.get().pgh_context.metadata == {"user": unit_staff.pk, "import_job": job.pk}
    bo = Contact.objects.get(name="Bo Example")
    assert (bo.home_borough, bo.home_ward, bo.phone.as_e164) == (borough, None, "+33142685300")
    assert not Contact.objects.filter(name="Left Out").exists()
    # Personal data does not linger in the job: the file and its copied rows are gone.
    assert not file_path.exists()
    assert not job.file
    assert job.preview == []


def test_an_xlsx_file_imports_too(unit_staff, places):
    job = import_job_create(
        kind=ImportJob.Kind.CONTACTS,
        uploaded_file=xlsx_upload([CONTACT_HEADINGS, row()]),
        acting_user=unit_staff,
    )
    job = import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)
    job = import_preview_build(job=job)
    assert error_texts(job) == []
    import_commit_request(job=job, rows=[2], acting_user=unit_staff)
    import_commit_run(job=ImportJob.objects.get(pk=job.pk))
    assert Contact.objects.get().memberships.get().organisation == places[2]


def test_a_row_that_stopped_passing_its_checks_sends_the_job_back_with_nothing_written(
    unit_staff, places
):
    job = previewed(unit_staff, [CONTACT_HEADINGS, row(), row(name="Bo", email="bo@x.org")])
    import_commit_request(job=job, rows=[2, 3], acting_user=unit_staff)
    places[2].delete()  # the organisation goes between the preview and the commit
    job = import_commit_run(job=ImportJob.objects.get(pk=job.pk))
    assert job.status == ImportJob.Status.PREVIEWED
    assert "Nothing was imported: rows 2 and 3 no longer pass their checks" in job.failure
    assert error_texts(job)[0].startswith("Row 2, organisation: There is no organisation")
    assert not Contact.objects.exists()


def test_committing_organisations_links_umbrella_and_boroughs(unit_staff, places):
    borough = places[0]
    other = Borough.objects.get(name="Kensington and Chelsea")
    umbrella = OrganisationFactory(name="Camden Voluntary Action")
    headings = ["Organisation", "Type", "Umbrella", "Boroughs", "Web site", "Pan London"]
    job = previewed(
        unit_staff,
        [
            headings,
            [
                "Tenants United",
                "Voluntary and community group",
                "Camden Voluntary Action",
                "Camden; Kensington & Chelsea",
                "tenants.example.org",
                "no",
            ],
            ["Faith Forum", "faith", "", "E09000007", "", "yes"],
            ["Voice FM", "Media", "", "", "", ""],
            ["Mystery", "Secret society", "Nobody", "Atlantis", "", "perhaps"],
        ],
        kind=ImportJob.Kind.ORGANISATIONS,
        name="groups.csv",
    )
    assert error_texts(job) == [
        "Row 5, kind of organisation: “Secret society” is not one of the choices: "
        "Statutory body, Local authority, Voluntary and community group, Faith group, "
        "Business, Education, Health, Umbrella body, Media (including ethnic and specialist "
        "media), Independent advisory group, Other.",
        "Row 5, umbrella organisation: There is no organisation called “Nobody” in engage. "
        "Add it (or import the organisations) first, or correct the name.",
        "Row 5, serves all of London: Enter yes or no, not “perhaps”.",
        "Row 5, boroughs served: “Atlantis” is not a London borough. Use its name, like "
        "Camden, or its ONS code, like E09000007.",
    ]
    import_commit_request(job=job, rows=[2, 3, 4], acting_user=unit_staff)
    import_commit_run(job=ImportJob.objects.get(pk=job.pk))
    assert Organisation.objects.get(name="Voice FM").kind == "media"
    tenants = Organisation.objects.get(name="Tenants United")
    assert tenants.parent == umbrella
    assert set(tenants.boroughs.all()) == {borough, other}
    assert tenants.website == "https://tenants.example.org"
    assert tenants.kind == "voluntary"
    faith = Organisation.objects.get(name="Faith Forum")
    assert (faith.pan_london, list(faith.boroughs.all())) == (True, [borough])


def test_an_unreadable_file_at_preview_time_fails_the_job_and_deletes_it(unit_staff):
    job = upload(unit_staff, [["Name", "Category"], ["Ann", "Staff"]])
    job = import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)
    Path(job.file.path).write_bytes(b"\x00\x01binary")
    job = import_preview_build(job=job)
    assert job.status == ImportJob.Status.FAILED
    assert "binary data" in job.failure


# --- The tasks (called in-process here; the real worker is in test_import_pages.py) -


def test_a_task_for_a_job_that_is_gone_or_past_its_step_does_nothing(unit_staff):
    tasks.import_preview(987654)  # gone: no error
    job = upload(unit_staff, [["Name", "Category"], ["Ann", "Staff"]])
    tasks.import_commit(job.pk)  # still UPLOADED, not IMPORTING
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED


def test_a_crash_in_a_task_marks_the_job_failed_rather_than_leaving_it_running(
    unit_staff, monkeypatch
):
    job = upload(unit_staff, [["Name", "Category"], ["Ann", "Staff"]])
    import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)

    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(imports, "import_preview_build", crash)
    tasks.import_preview(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert (
        "Something went wrong while checking the rows, and nothing was imported. Try again; "
        f"if it happens again, tell an administrator (import job {job.pk})." == job.failure
    )


def test_dates_in_the_last_verified_column_are_read_in_british_order(unit_staff, places):
    job = upload(
        unit_staff, [["Name", "Category", "Last verified"], ["Ann", "Staff", "02/03/2025"]]
    )
    job = import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)
    job = import_preview_build(job=job)
    import_commit_request(job=job, rows=[2], acting_user=unit_staff)
    import_commit_run(job=ImportJob.objects.get(pk=job.pk))
    assert Contact.objects.get().last_verified == date(2025, 3, 2)
