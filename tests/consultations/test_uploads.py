"""The shared upload checker: a zip-based office file is judged by its parts."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.uploads import DOCX, PDF, PPTX, XLSX, check_upload

DOCUMENTS = frozenset({PDF, PPTX})


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def check(name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return check_upload(
        upload, allowed=DOCUMENTS, max_bytes=1024 * 1024, refusal="is not wanted here."
    )


def test_a_pptx_is_accepted_where_allowed():
    pptx = zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b"<Relationships/>",
            "ppt/presentation.xml": b"<p:presentation/>",
        }
    )
    checked = check("slides.bin", pptx)
    assert checked.content_type == PPTX
    assert checked.extension == ".pptx"
    assert checked.size == len(pptx)


def test_a_zip_that_is_not_an_office_file_is_refused():
    with pytest.raises(ValidationError) as error:
        check("slides.pptx", zipped({"readme.txt": b"hello", "ppt/notes.txt": b"no manifest"}))
    message = error.value.message_dict["file"][0]
    assert "zip archive that is not a Word, Excel, PowerPoint or OpenDocument file" in message
    assert message.endswith("is not wanted here.")


# Structure: macros, zip bombs, web pages ---------------------------------------------


def docx_members(**extra) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "word/document.xml": b"<w:document/>",
        **extra,
    }


def check_document(name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return check_upload(
        upload,
        allowed=frozenset({PDF, DOCX, XLSX}),
        max_bytes=20 * 1024 * 1024,
        refusal="is not wanted here.",
    )


def refused(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        check_document(name, content)
    return error.value.message_dict["file"][0]


def test_a_macro_enabled_word_document_is_refused_whatever_its_name():
    docm = zipped(
        docx_members(
            **{
                "[Content_Types].xml": b'<Types><Override ContentType="application/'
                b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
                "word/vbaProject.bin": b"\xd0\xcf\x11\xe0",
            }
        )
    )
    assert "holds macros" in refused("letter.docx", docm)


def test_a_workbook_with_a_vba_project_is_refused_even_if_it_says_it_is_plain():
    xlsm = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/vbaProject.bin": b"macros",
        }
    )
    assert "holds macros" in refused("figures.xlsx", xlsm)


def test_an_opendocument_file_with_basic_macros_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    assert "holds macros" in refused("letter.odt", buffer.getvalue())


def test_a_docx_without_its_document_part_is_refused():
    broken = zipped({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<styles/>"})
    assert "zip archive that is not a Word" in refused("letter.docx", broken)


def test_a_zip_bomb_dressed_as_a_docx_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in docx_members().items():
            archive.writestr(name, content)
        with archive.open("word/media/padding.xml", "w") as member:
            for _ in range(60):
                member.write(b"\0" * (1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "packed far tighter than a real document" in refused("letter.docx", buffer.getvalue())


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html>\n<html><script>alert(1)</script></html>",
        b"<html><body onload=alert(1)>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"#!/bin/sh\nrm -rf /\n",
    ],
    ids=["html", "bare-html", "svg", "script"],
)
def test_html_svg_or_a_script_named_pdf_is_refused(content):
    assert "type could not be recognised" in refused("briefing.pdf", content)
