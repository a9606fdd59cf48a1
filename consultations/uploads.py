"""Checking an uploaded file by what it *is*, never by its name or the type the browser claims.

The first bytes are read with ``filetype``; a zip-based office file is then judged by its
parts (core.office_files: the part its kind must have, no macros, an unpacked size and a
packing a real document has), so a plain zip, a zip bomb, a macro-enabled workbook or a
PowerPoint renamed ``.docx`` is told apart from the document it pretends to be. Anything
``filetype`` does not know (HTML, SVG, scripts, text) is refused whatever its name. Each
caller says which content types it takes, how large a file may be, and what to tell the
uploader when the type is wrong.
"""

from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

from core.office_files import DOCX, MB, ODP, ODS, ODT, OPEN_DOCUMENT, PPTX, XLSX, inspect_office_zip

PDF = "application/pdf"
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

# What filetype may call a zip-based office file before its parts are checked.
_ZIP_LIKE = frozenset({"application/zip", "application/epub+zip", DOCX, XLSX, PPTX}) | (
    OPEN_DOCUMENT
)
_HEAD_BYTES = 8192
# A document of 20 MB unpacks to a few hundred at most; a real one is not packed tighter.
_MAX_UNZIPPED = 500 * MB
_MAX_RATIO = 100


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    extension: str


def _with_article(phrase: str) -> str:
    return f"{'an' if phrase[:1].upper() in 'AEIO' else 'a'} {phrase}"


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
        office = inspect_office_zip(file, max_unzipped_bytes=_MAX_UNZIPPED, max_ratio=_MAX_RATIO)
        content_type = office.content_type
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
