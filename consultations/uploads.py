"""Checking an uploaded file by what it *is*, never by its name or the type the browser claims.

The first bytes are read with ``filetype``; a zip-based office file is then opened and
judged by its parts, so a plain zip (or a PowerPoint renamed ``.docx``) is told apart from
the document it pretends to be. Each caller says which content types it takes, how large a
file may be, and what to tell the uploader when the type is wrong.
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"

# Content type: (what people call it, the file name ending it is stored with).
KNOWN_TYPES = {
    PDF: ("PDF document", ".pdf"),
    DOCX: ("Word document (DOCX)", ".docx"),
    XLSX: ("Excel workbook (XLSX)", ".xlsx"),
    PPTX: ("PowerPoint presentation (PPTX)", ".pptx"),
    ODT: ("OpenDocument text (ODT)", ".odt"),
    ODS: ("OpenDocument spreadsheet (ODS)", ".ods"),
    ODP: ("OpenDocument presentation (ODP)", ".odp"),
    PNG: ("PNG image", ".png"),
    JPEG: ("JPEG image", ".jpg"),
    GIF: ("GIF image", ".gif"),
    WEBP: ("WebP image", ".webp"),
}

_OPEN_DOCUMENT = frozenset({ODT, ODS, ODP})
# What filetype may call a zip-based office file before its parts are checked.
_ZIP_LIKE = frozenset({"application/zip", "application/epub+zip", DOCX, XLSX, PPTX}) | (
    _OPEN_DOCUMENT
)
# Office Open XML: the folder of parts that says which kind of document the package is.
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    extension: str


def _with_article(phrase: str) -> str:
    return f"{'an' if phrase[:1].upper() in 'AEIO' else 'a'} {phrase}"


def _office_type(file) -> str | None:
    """The office format a zip holds, judged by its parts: an OpenDocument file names its
    type in a ``mimetype`` member; DOCX, XLSX and PPTX have ``[Content_Types].xml`` with
    ``word/``, ``xl/`` or ``ppt/`` parts. None for any other zip (or a broken one)."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip().decode("ascii", "replace")
                return mimetype if mimetype in _OPEN_DOCUMENT else None
            if "[Content_Types].xml" in names:
                for folder, content_type in _OOXML_PARTS:
                    if any(name.startswith(folder) for name in names):
                        return content_type
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        file.seek(0)
    return None


def _wrong_type(found: str | None, refusal: str) -> ValidationError:
    if found:
        what = f"This file is {found}, which"
    else:
        what = "This file's type could not be recognised: it"
    return ValidationError({"file": f"{what} {refusal}"}, code="file_type")


def check_upload(file, *, allowed: frozenset[str], max_bytes: int, refusal: str) -> CheckedFile:
    """What ``file`` (an uploaded file) really is, if its content type is in ``allowed``.

    Otherwise a ValidationError on ``file``: too large (over ``max_bytes``), empty, or of
    the wrong type. ``refusal`` finishes the wrong-type message, which begins "This file is
    a ZIP file, which" (or "This file's type could not be recognised: it"), e.g.
    "cannot be shared as a briefing. Upload a PDF."
    """
    size = file.size
    if size > max_bytes:
        limit = max_bytes // (1024 * 1024)
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
            raise _wrong_type(
                "a zip archive that is not a Word, Excel, PowerPoint or OpenDocument file",
                refusal,
            )
    if content_type not in allowed or content_type not in KNOWN_TYPES:
        if content_type in KNOWN_TYPES:
            found = _with_article(KNOWN_TYPES[content_type][0])
        elif kind:
            found = _with_article(f"{kind.extension.upper()} file")
        else:
            found = None
        raise _wrong_type(found, refusal)
    return CheckedFile(content_type=content_type, size=size, extension=KNOWN_TYPES[content_type][1])
