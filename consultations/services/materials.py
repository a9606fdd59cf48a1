"""Briefing materials: the files participants get beforehand (Preparation).

A file is accepted by what it *is*, never by its name or the type the browser claims:
the first bytes are read with ``filetype``, and the zip-based office formats are opened
to check their parts. The stored content type is the one found here.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from consultations.models import BriefingMaterial, Event

# The largest file accepted. TODO: make this a setting (MAX_MATERIAL_BYTES in settings.py
# and .env.example); it is a module constant until the settings module is changed.
MAX_MATERIAL_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# Content type: (what people call it, the file name ending it is stored with).
ALLOWED = {
    PDF: ("PDF", ".pdf"),
    DOCX: ("Word (DOCX)", ".docx"),
    ODT: ("OpenDocument text (ODT)", ".odt"),
    XLSX: ("Excel (XLSX)", ".xlsx"),
    "image/png": ("PNG image", ".png"),
    "image/jpeg": ("JPEG image", ".jpg"),
    "image/gif": ("GIF image", ".gif"),
    "image/webp": ("WebP image", ".webp"),
}
ALLOWED_DESCRIPTION = (
    "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), or a PNG, JPEG, GIF or WebP image"
)

# What filetype may call a zip-based office file before its parts are checked.
_ZIP_LIKE = {"application/zip", DOCX, XLSX, ODT, "application/epub+zip"}
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    extension: str


def _wrong_type(found: str | None) -> ValidationError:
    if found:
        what = f"This file is {found}, which"
    else:
        what = "This file's type could not be recognised: it"
    return ValidationError(
        {"file": f"{what} cannot be shared as a briefing. Upload a {ALLOWED_DESCRIPTION}."},
        code="file_type",
    )


def _office_type(file) -> str | None:
    """The office format a zip holds, judged by its parts: DOCX and XLSX have
    ``[Content_Types].xml`` with ``word/`` or ``xl/`` parts; ODT has a ``mimetype`` member."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip().decode("ascii", "replace")
                return ODT if mimetype == ODT else None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        file.seek(0)
    return None


def check_material_file(file) -> CheckedFile:
    """What ``file`` (an uploaded file) really is, or a ValidationError on ``file`` saying
    which types are allowed, or that it is too large."""
    size = file.size
    if size > MAX_MATERIAL_BYTES:
        limit = MAX_MATERIAL_BYTES // (1024 * 1024)
        raise ValidationError(
            {"file": f"This file is larger than {limit} MB: make it smaller, or split it."},
            code="file_size",
        )
    if size == 0:
        raise ValidationError({"file": "This file is empty."}, code="file_empty")
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else None
    if content_type in _ZIP_LIKE:
        content_type = _office_type(file)
        if content_type is None:
            raise _wrong_type("a zip archive that is not a Word, Excel or OpenDocument file")
    if content_type not in ALLOWED:
        raise _wrong_type(f"a {kind.extension.upper()} file" if kind else None)
    return CheckedFile(content_type=content_type, size=size, extension=ALLOWED[content_type][1])


def _may_change(event: Event, acting_user) -> None:
    if not Event.objects.editable_by(acting_user).filter(pk=event.pk).exists():
        raise PermissionDenied("You may not change this event.")


@transaction.atomic
def material_upload(*, event: Event, title: str, file, acting_user) -> BriefingMaterial:
    """Attach a briefing file to ``event``. The file is type-checked by content and stored
    with the file name ending that fits what it is."""
    _may_change(event, acting_user)
    checked = check_material_file(file)
    stem = PurePath(file.name).stem[:60] or "briefing"
    file.name = f"{stem}{checked.extension}"
    material = BriefingMaterial(
        event=event,
        title=title.strip(),
        file=file,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=acting_user,
    )
    material.full_clean()
    material.save()
    return material
