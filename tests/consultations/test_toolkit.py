"""The good-practice toolkit: search, good-practice marking, file checks and who may do what."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.choices import ConsultationStatus, ResourceKind
from consultations.factories import ConsultationFactory
from consultations.models import Consultation, ToolkitResource
from consultations.selectors.toolkit import GOOD_PRACTICE, toolkit_search
from consultations.services import toolkit as services
from consultations.services.toolkit import (
    consultation_mark_good_practice,
    toolkit_resource_create,
    toolkit_resource_update,
)
from consultations.views.toolkit import TOOLKIT_READERS
from core.roles import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def resource(**fields) -> ToolkitResource:
    values = {
        "title": "Running a ward panel",
        "kind": ResourceKind.GUIDANCE,
        "summary": "How to chair a meeting and set priorities.",
        "tags": [],
    }
    return ToolkitResource.objects.create(**(values | fields))


# --- search ----------------------------------------------------------------------------


def titles(results):
    return {item.title for item in results}


def test_search_finds_resources_by_words_in_title_summary_and_tags(unit_staff):
    by_title = resource(title="Preparing briefing packs", summary="Before the meeting.")
    by_summary = resource(title="Street talks", summary="Reaching young people on estates.")
    by_tag = resource(title="Checklist", summary="A list.", tags=["interpreters"])
    resource(title="Unrelated", summary="Budget forms.")

    def found(q):
        return titles(toolkit_search(user=unit_staff, q=q).resources)

    assert found("briefing") == {by_title.title}
    assert found("estate") == {by_summary.title}  # English stemming: estate ~ estates
    assert found("interpreters") == {by_tag.title}
    assert found("") == {by_title.title, by_summary.title, by_tag.title, "Unrelated"}


def test_search_finds_good_practice_consultations_and_only_those(unit_staff):
    marked = ConsultationFactory(
        title="Youth stop and search forum",
        status=ConsultationStatus.CLOSED,
        is_good_practice=True,
        good_practice_note="Young people co-designed the questions.",
    )
    ConsultationFactory(title="Youth stop and search survey", status=ConsultationStatus.CLOSED)
    results = toolkit_search(user=unit_staff, q="youth")
    assert list(results.good_practice) == [marked]
    assert titles(toolkit_search(user=unit_staff, q="co-designed").good_practice) == {marked.title}
    only_consultations = toolkit_search(user=unit_staff, q="", kind=GOOD_PRACTICE)
    resource(title="Youth guidance")
    assert not only_consultations.resources.exists()
    assert titles(toolkit_search(user=unit_staff, kind=ResourceKind.GUIDANCE).resources) == {
        "Youth guidance"
    }
    assert not toolkit_search(user=unit_staff, kind=ResourceKind.GUIDANCE).good_practice


def test_search_page_shows_matching_resources_and_good_practice(client, sergeant):
    resource(title="Feedback letters that land", summary="You said, we did.")
    resource(title="Venue checklist", summary="Step-free access.")
    ConsultationFactory(
        title="Feedback on the Eastfield patrol plan",
        status=ConsultationStatus.ARCHIVED,
        is_good_practice=True,
        good_practice_note="Everyone heard back within a month.",
    )
    client.force_login(sergeant)
    response = client.get(reverse("consultations:toolkit-list"), {"q": "feedback"})
    assert response.status_code == 200
    assert "Feedback letters that land" in response.text
    assert "Venue checklist" not in response.text
    assert "Feedback on the Eastfield patrol plan" in response.text
    assert "Everyone heard back within a month." in response.text


# --- good practice ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        ConsultationStatus.CLOSED,
        ConsultationStatus.FEEDBACK_PUBLISHED,
        ConsultationStatus.ARCHIVED,
    ],
)
def test_a_finished_consultation_can_be_marked_good_practice(unit_staff, status):
    consultation = ConsultationFactory(status=status)
    consultation_mark_good_practice(
        consultation=consultation, note="  Reached three new communities. ", acting_user=unit_staff
    )
    consultation.refresh_from_db()
    assert consultation.is_good_practice
    assert consultation.good_practice_note == "Reached three new communities."


@pytest.mark.parametrize(
    "status", [ConsultationStatus.DRAFT, ConsultationStatus.PLANNED, ConsultationStatus.OPEN]
)
def test_an_unfinished_consultation_cannot_be_marked_good_practice(unit_staff, status):
    consultation = ConsultationFactory(status=status)
    with pytest.raises(ValidationError, match="Only a consultation that has finished"):
        consultation_mark_good_practice(
            consultation=consultation, note="Looks promising.", acting_user=unit_staff
        )
    consultation.refresh_from_db()
    assert not consultation.is_good_practice


def test_marking_good_practice_needs_a_note_and_staff(unit_staff, sergeant):
    consultation = ConsultationFactory(status=ConsultationStatus.CLOSED)
    with pytest.raises(ValidationError) as error:
        consultation_mark_good_practice(consultation=consultation, note=" ", acting_user=unit_staff)
    assert "good_practice_note" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        consultation_mark_good_practice(
            consultation=consultation, note="Fine.", acting_user=sergeant
        )


def test_good_practice_page_marks_and_unmarks(client, unit_staff):
    consultation = ConsultationFactory(status=ConsultationStatus.FEEDBACK_PUBLISHED)
    url = reverse("consultations:good-practice-mark", args=[consultation.pk])
    client.force_login(unit_staff)
    assert client.get(url).status_code == 200
    response = client.post(url, {"good_practice_note": "Clear why, clear feedback."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.is_good_practice
    assert consultation.good_practice_note == "Clear why, clear feedback."
    client.post(url, {"remove": "1"})
    consultation.refresh_from_db()
    assert not consultation.is_good_practice


def test_good_practice_page_refuses_an_open_consultation_with_the_reason(client, unit_staff):
    consultation = ConsultationFactory(status=ConsultationStatus.OPEN)
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:good-practice-mark", args=[consultation.pk]),
        {"good_practice_note": "Going well."},
    )
    assert response.status_code == 200
    assert "Only a consultation that has finished" in response.text
    assert "Going well." in response.text  # what was typed is kept
    assert not Consultation.objects.get(pk=consultation.pk).is_good_practice


def test_good_practice_page_puts_a_missing_note_next_to_the_field(client, unit_staff):
    consultation = ConsultationFactory(status=ConsultationStatus.CLOSED)
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:good-practice-mark", args=[consultation.pk]),
        {"good_practice_note": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["good_practice_note"] == [
        "Say what others can learn from it."
    ]


# --- files -----------------------------------------------------------------------------


def test_pdf_and_docx_are_accepted_and_stored_under_random_names_ending_as_their_content(
    unit_staff,
):
    pdf = toolkit_resource_create(
        acting_user=unit_staff,
        title="Six principles",
        kind=ResourceKind.GUIDANCE,
        summary="The principles.",
        tags=["Principles", "principles ", "Feedback"],
        file=upload("Six Principles.PDF", PDF),
    )
    assert re.fullmatch(r"toolkit/[0-9a-f]{32}\.pdf", pdf.file.name)
    assert pdf.original_name == "Six Principles.PDF"
    assert pdf.tags == ["principles", "feedback"]
    assert pdf.added_by == unit_staff
    docx = toolkit_resource_create(
        acting_user=unit_staff,
        title="Invitation letter",
        kind=ResourceKind.TEMPLATE,
        summary="A letter.",
        file=upload("letter.bin", docx_bytes()),
    )
    assert re.fullmatch(r"toolkit/[0-9a-f]{32}\.docx", docx.file.name)
    assert services.download_stem(docx) == "letter"


def download(client, item):
    return client.get(reverse("consultations:toolkit-file", args=[item.pk]))


def test_a_download_is_an_attachment_named_safely_whatever_the_upload_was_called(
    client, unit_staff
):
    item = toolkit_resource_create(
        acting_user=unit_staff,
        title="Guide",
        kind=ResourceKind.GUIDANCE,
        summary="A guide.",
        file=upload('../../evil".html\r\n', PDF),
    )
    client.force_login(unit_staff)
    response = download(client, item)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=\"evil.pdf\"; filename*=UTF-8''evil.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_a_download_keeps_a_non_ascii_name_with_an_ascii_fallback(client, unit_staff):
    item = toolkit_resource_create(
        acting_user=unit_staff,
        title="Guide",
        kind=ResourceKind.GUIDANCE,
        summary="A guide.",
        file=upload("Canllaw ŵyr \u2013 Zoë.pdf", PDF),
    )
    client.force_login(unit_staff)
    disposition = download(client, item)["Content-Disposition"]
    assert disposition == (
        'attachment; filename="Canllaw wyr Zoe.pdf"; '
        "filename*=UTF-8''Canllaw%20%C5%B5yr%20%E2%80%93%20Zo%C3%AB.pdf"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guide.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("guide.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ids=["html-as-pdf", "svg-as-pdf"],
)
def test_a_web_page_disguised_as_a_pdf_is_refused_at_upload(client, unit_staff, name, content):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:toolkit-create"),
        {
            "title": "Guide",
            "kind": ResourceKind.GUIDANCE,
            "summary": "A guide.",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "type could not be recognised" in response.context["form"].errors["file"][0]
    assert not ToolkitResource.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"Just some text pretending to be a PDF."),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # an image: not a document
        ("setup.docx", b"MZ\x90\x00" + b"\x00" * 64),  # an executable
    ],
)
def test_a_file_whose_content_is_not_a_document_is_refused(unit_staff, name, content):
    with pytest.raises(ValidationError) as error:
        toolkit_resource_create(
            acting_user=unit_staff,
            title="Bad",
            kind=ResourceKind.GUIDANCE,
            summary="Bad.",
            file=upload(name, content),
        )
    assert "file" in error.value.message_dict
    assert not ToolkitResource.objects.exists()


def test_a_file_over_the_size_limit_is_refused(unit_staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_SIZE", len(PDF) - 1)
    with pytest.raises(ValidationError, match="larger than"):
        toolkit_resource_create(
            acting_user=unit_staff,
            title="Big",
            kind=ResourceKind.GUIDANCE,
            summary="Big.",
            file=upload("big.pdf", PDF),
        )


def test_updating_replaces_and_removes_the_file(unit_staff):
    item = toolkit_resource_create(
        acting_user=unit_staff,
        title="Guide",
        kind=ResourceKind.GUIDANCE,
        summary="Guide.",
        file=upload("guide.pdf", PDF),
    )
    item = toolkit_resource_update(
        resource=item, acting_user=unit_staff, file=upload("guide2.docx", docx_bytes())
    )
    assert item.file.name.endswith(".docx")
    item = toolkit_resource_update(resource=item, acting_user=unit_staff, remove_file=True)
    assert not ToolkitResource.objects.get(pk=item.pk).file


def test_bad_upload_on_the_page_is_shown_next_to_the_file_field(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:toolkit-create"),
        {
            "title": "Guide",
            "kind": ResourceKind.GUIDANCE,
            "summary": "Kept as typed.",
            "file": upload("guide.pdf", b"not a pdf at all"),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "not a PDF" in form.errors["file"][0]
    assert "Kept as typed." in response.text
    assert not ToolkitResource.objects.exists()


def test_bad_input_errors_sit_next_to_their_fields(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:toolkit-create"),
        {"title": "", "kind": "poster", "summary": "", "tags": "a, " + "x" * 61, "link": "nope"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "kind", "summary", "tags", "link"} <= set(errors)


def test_staff_add_edit_download_and_delete_a_resource(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:toolkit-create"),
        {
            "title": "Case study: Northgate panel",
            "kind": ResourceKind.CASE_STUDY,
            "summary": "A panel that doubled its attendance.",
            "tags": "ward panels, attendance",
            "file": upload("northgate.pdf", PDF),
        },
    )
    item = ToolkitResource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:toolkit-detail", args=[item.pk])
    assert item.tags == ["ward panels", "attendance"]
    page = client.get(response["Location"])
    assert "Case study: Northgate panel" in page.text
    download = client.get(reverse("consultations:toolkit-file", args=[item.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    client.post(
        reverse("consultations:toolkit-update", args=[item.pk]),
        {
            "title": "Case study: Northgate ward panel",
            "kind": ResourceKind.CASE_STUDY,
            "summary": "A panel that doubled its attendance.",
            "tags": "ward panels",
        },
    )
    item.refresh_from_db()
    assert item.title == "Case study: Northgate ward panel"
    assert item.file  # kept when no new file is sent
    client.post(reverse("consultations:toolkit-delete", args=[item.pk]))
    assert not ToolkitResource.objects.exists()


# --- who may do what -------------------------------------------------------------------


def test_toolkit_readers_are_staff_and_sergeants():
    assert TOOLKIT_READERS.roles == {
        Role.ADMINISTRATOR,
        Role.UNIT_STAFF,
        Role.NEIGHBOURHOOD_SERGEANT,
    }


def test_sergeant_reads_and_downloads_but_cannot_change(client, sergeant, unit_staff):
    item = toolkit_resource_create(
        acting_user=unit_staff,
        title="Guide",
        kind=ResourceKind.GUIDANCE,
        summary="Guide.",
        file=upload("guide.pdf", PDF),
    )
    consultation = ConsultationFactory(status=ConsultationStatus.CLOSED)
    client.force_login(sergeant)
    assert client.get(reverse("consultations:toolkit-list")).status_code == 200
    detail = client.get(reverse("consultations:toolkit-detail", args=[item.pk]))
    assert detail.status_code == 200
    assert "Edit" not in detail.text
    assert client.get(reverse("consultations:toolkit-file", args=[item.pk])).status_code == 200
    for url in (
        reverse("consultations:toolkit-create"),
        reverse("consultations:toolkit-update", args=[item.pk]),
        reverse("consultations:toolkit-delete", args=[item.pk]),
        reverse("consultations:good-practice-mark", args=[consultation.pk]),
    ):
        assert client.post(url, {"title": "Changed", "good_practice_note": "x"}).status_code == 403
    assert ToolkitResource.objects.get().title == "Guide"
    assert not Consultation.objects.get().is_good_practice


def test_authority_member_is_refused_the_toolkit(client, authority_member):
    item = resource()
    client.force_login(authority_member)
    for url in (
        reverse("consultations:toolkit-list"),
        reverse("consultations:toolkit-detail", args=[item.pk]),
        reverse("consultations:toolkit-file", args=[item.pk]),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    item = resource()
    for url in (
        reverse("consultations:toolkit-list"),
        reverse("consultations:toolkit-detail", args=[item.pk]),
        reverse("consultations:toolkit-file", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_STAFF])
def test_staff_may_open_the_add_page(client, users_by_role, role):
    client.force_login(users_by_role[role])
    assert client.get(reverse("consultations:toolkit-create")).status_code == 200


def test_a_resource_without_a_file_has_no_download(client, unit_staff):
    item = resource()
    client.force_login(unit_staff)
    assert client.get(reverse("consultations:toolkit-file", args=[item.pk])).status_code == 404
