"""The shared upload checker: a zip-based office file is judged by its parts."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.uploads import PDF, PPTX, check_upload

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
