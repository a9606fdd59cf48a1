"""Briefing materials: uploaded files are checked by what they contain and their size, and
are downloaded only by signed-in users (issue 4, point 3)."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.factories import ConsultationFactory, EventFactory
from consultations.models import BriefingMaterial, Invitation
from consultations.services import materials
from consultations.services.materials import (
    DOCX,
    MAX_MATERIAL_BYTES,
    ODT,
    XLSX,
    check_material_file,
    material_upload,
)
from consultations.signing import invitation_token
from tests.consultations.test_invitations import resident

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def xlsx_bytes():
    return zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt_bytes():
    return zipped({"mimetype": ODT.encode(), "content.xml": b"<office:document-content/>"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def upload_url(event):
    return reverse("consultations:material-upload", args=[event.pk])


def download_url(material):
    return reverse("consultations:material-download", args=[material.pk])


# What a file is --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("agenda.pdf", PDF_BYTES, "application/pdf"),
        ("map.png", PNG_BYTES, "image/png"),
        ("briefing.docx", None, DOCX),
        ("figures.xlsx", None, XLSX),
        ("notes.odt", None, ODT),
    ],
)
def test_allowed_files_are_recognised_by_their_content(name, content, expected):
    builders = {DOCX: docx_bytes, XLSX: xlsx_bytes, ODT: odt_bytes}
    content = content if content is not None else builders[expected]()
    assert check_material_file(upload(name, content)).content_type == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agenda.pdf", EXE_BYTES),
        ("agenda.pdf", b"Just some text pretending to be a PDF.\n" * 10),
        ("archive.docx", zipped({"readme.txt": b"hello"})),
        ("slides.docx", zipped({"[Content_Types].xml": b"<Types/>", "ppt/slide1.xml": b"<p/>"})),
    ],
    ids=["exe-named-pdf", "text-named-pdf", "plain-zip", "pptx-named-docx"],
)
def test_other_files_are_refused_naming_the_allowed_types(name, content):
    with pytest.raises(ValidationError) as error:
        check_material_file(upload(name, content, content_type="application/pdf"))
    message = error.value.message_dict["file"][0]
    assert "cannot be shared as a briefing" in message
    assert "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX)" in message


def test_a_file_over_the_limit_is_refused():
    big = upload("big.pdf", PDF_BYTES + b"\0" * (MAX_MATERIAL_BYTES + 1 - len(PDF_BYTES)))
    with pytest.raises(ValidationError) as error:
        check_material_file(big)
    assert "larger than 20 MB" in error.value.message_dict["file"][0]


def test_the_stored_name_ends_as_the_content_is(unit_staff):
    event = EventFactory()
    material = material_upload(
        event=event, title="Agenda", file=upload("agenda.txt", PDF_BYTES), acting_user=unit_staff
    )
    assert material.file.name.endswith(".pdf")
    assert material.content_type == "application/pdf"
    assert material.size == len(PDF_BYTES)
    assert material.uploaded_by == unit_staff


# Uploading -------------------------------------------------------------------------


def test_unit_staff_upload_a_pdf(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)
    response = client.post(
        upload_url(event), {"title": "Agenda", "file": upload("agenda.pdf", PDF_BYTES)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:event-detail", args=[event.pk])
    material = BriefingMaterial.objects.get(event=event)
    assert material.content_type == "application/pdf"
    page = client.get(response["Location"])
    assert "Agenda" in page.text
    assert download_url(material) in page.text


def test_unit_staff_upload_a_docx(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)
    response = client.post(
        upload_url(event), {"title": "Briefing note", "file": upload("note.docx", docx_bytes())}
    )
    assert response.status_code == 302
    assert BriefingMaterial.objects.get(event=event).content_type == DOCX


def test_a_renamed_program_is_refused_with_the_reason_next_to_the_file(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)
    response = client.post(
        upload_url(event),
        {"title": "Agenda", "file": upload("agenda.pdf", EXE_BYTES, "application/pdf")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "EXE file" in errors[0]
    assert "Upload a PDF" in errors[0]
    assert 'value="Agenda"' in response.text
    assert not BriefingMaterial.objects.exists()


def test_a_too_large_upload_is_refused(client, unit_staff, monkeypatch):
    monkeypatch.setattr(materials, "MAX_MATERIAL_BYTES", 1024 * 1024)
    event = EventFactory()
    client.force_login(unit_staff)
    content = PDF_BYTES + b"\0" * (1024 * 1024)
    response = client.post(
        upload_url(event), {"title": "Huge", "file": upload("huge.pdf", content)}
    )
    assert response.status_code == 200
    assert "larger than 1 MB" in response.context["form"].errors["file"][0]
    assert not BriefingMaterial.objects.exists()


def test_sergeant_uploads_only_to_their_wards_events(client, sergeant, ward, other_ward):
    own = EventFactory(consultation=ConsultationFactory(wards=[ward]))
    other = EventFactory(consultation=ConsultationFactory(wards=[other_ward]))
    client.force_login(sergeant)
    data = {"title": "Agenda", "file": upload("agenda.pdf", PDF_BYTES)}
    assert client.post(upload_url(other), data).status_code == 404
    data = {"title": "Agenda", "file": upload("agenda.pdf", PDF_BYTES)}
    assert client.post(upload_url(own), data).status_code == 302
    assert list(BriefingMaterial.objects.values_list("event", flat=True)) == [own.pk]


def test_authority_members_cannot_upload(client, authority_member):
    event = EventFactory()
    client.force_login(authority_member)
    data = {"title": "Agenda", "file": upload("agenda.pdf", PDF_BYTES)}
    assert client.post(upload_url(event), data).status_code == 403
    assert not BriefingMaterial.objects.exists()


# Downloading -----------------------------------------------------------------------


@pytest.fixture
def material(unit_staff):
    return material_upload(
        event=EventFactory(consultation__pan_london=True),
        title="Ward profile",
        file=upload("profile.pdf", PDF_BYTES),
        acting_user=unit_staff,
    )


def test_signed_in_users_download_the_file_as_an_attachment(client, users_by_role, material):
    for user in users_by_role.values():
        client.force_login(user)
        response = client.get(download_url(material))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert 'filename="ward-profile.pdf"' in response["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_sign_in_for_a_download(client, material):
    response = client.get(download_url(material))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


# Stored and served safely -----------------------------------------------------------


def test_the_file_is_stored_under_a_random_name_and_its_own_name_kept(unit_staff):
    material = material_upload(
        event=EventFactory(),
        title="Agenda",
        file=upload('..\\..\\evil".html\r\n', PDF_BYTES),
        acting_user=unit_staff,
    )
    assert re.fullmatch(r"briefings/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", material.file.name)
    assert material.original_name == 'evil".html\r\n'


def test_a_download_is_named_safely_with_nosniff_whatever_the_title(client, unit_staff):
    material = material_upload(
        event=EventFactory(),
        title='../../evil".html\r\n',
        file=upload("agenda.pdf", PDF_BYTES),
        acting_user=unit_staff,
    )
    client.force_login(unit_staff)
    response = client.get(download_url(material))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"evilhtml.pdf\"; filename*=UTF-8''evilhtml.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_the_invitation_link_serves_the_file_the_same_safe_way(client, unit_staff, ward):
    event = EventFactory()
    material = material_upload(
        event=event, title="Patrol map", file=upload("map.pdf", PDF_BYTES), acting_user=unit_staff
    )
    invitation = Invitation.objects.create(event=event, contact=resident(ward, "Ann Invitee"))
    response = client.get(
        reverse(
            "consultations:material-by-invitation",
            kwargs={"token": invitation_token(invitation), "pk": material.pk},
        )
    )
    assert response["Content-Disposition"] == (
        "attachment; filename=\"patrol-map.pdf\"; filename*=UTF-8''patrol-map.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "content",
    [
        b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
    ids=["html", "svg"],
)
def test_a_web_page_disguised_as_a_pdf_is_refused_at_upload(client, unit_staff, content):
    event = EventFactory()
    client.force_login(unit_staff)
    response = client.post(
        upload_url(event),
        {"title": "Agenda", "file": upload("agenda.pdf", content, "application/pdf")},
    )
    assert response.status_code == 200
    assert "type could not be recognised" in response.context["form"].errors["file"][0]
    assert not BriefingMaterial.objects.exists()
