"""Judging a zip-based office file (XLSX, DOCX, PPTX, OpenDocument) by its parts, before
anything unpacks it.

Only the zip's central directory is read, plus two tiny members that name the package's
type (``mimetype`` of an OpenDocument file, ``[Content_Types].xml`` of an Office Open XML
one). What the directory declares bounds what ``zipfile`` will later unpack (it stops a
member at its declared size), so a zip bomb is refused here by its declared sizes: the
sum of the members and how far each one claims to expand. A macro-enabled file (.xlsm,
.docm, .pptm, any package with a VBA project, an OpenDocument file with Basic or scripts)
is refused whatever it is called.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MB = 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
OPEN_DOCUMENT = frozenset({ODT, ODS, ODP})

# Office Open XML: the part each kind of document must have.
MAIN_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
_TYPE_MEMBERS_MAX = 1 * MB  # [Content_Types].xml and mimetype are a few hundred bytes
# A member this small may compress as far as it likes: nothing big can come of it.
_RATIO_FREE_BELOW = 1 * MB


@dataclass(frozen=True)
class OfficeZip:
    content_type: str | None  # one of the types above, or None for any other zip
    unzipped_bytes: int  # the sum of the members' declared sizes


def _file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": message}, code=code)


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > _TYPE_MEMBERS_MAX:
        raise _file_error("This file is damaged: it could not be read.", "broken_zip")
    return archive.read(info)


def _macros() -> ValidationError:
    return _file_error(
        "This file holds macros (a macro-enabled .xlsm, .docm or .pptm file, or a document "
        "with scripts), which engage does not accept. Save it without macros, as .xlsx, "
        ".docx, .pptx or .odt, and upload that.",
        "macros",
    )


def _content_type(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> str | None:
    if any(name.startswith(("Basic/", "Scripts/")) for name in members):
        raise _macros()  # an OpenDocument file's macros and scripts
    if "mimetype" in members:
        mimetype = _read_small(archive, members["mimetype"]).strip().decode("ascii", "replace")
        return mimetype if mimetype in OPEN_DOCUMENT else None
    if "[Content_Types].xml" not in members:
        return None
    declared = _read_small(archive, members["[Content_Types].xml"]).decode("utf-8", "replace")
    if "macroenabled" in declared.lower() or any(
        name.lower().endswith("vbaproject.bin") for name in members
    ):
        raise _macros()
    for content_type, main_part in MAIN_PARTS.items():
        if main_part in members:
            return content_type
    return None


def inspect_office_zip(file, *, max_unzipped_bytes: int, max_ratio: int) -> OfficeZip:
    """What office document the zip ``file`` (a binary file object, at any position) holds,
    if it is safe to unpack: its members declare at most ``max_unzipped_bytes`` in all and
    none (past 1 MB) expands more than ``max_ratio`` times. Raises ValidationError on
    ``file`` otherwise, or for a broken zip or one with macros. Leaves ``file`` at 0."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            unzipped = sum(info.file_size for info in infos)
            if unzipped > max_unzipped_bytes:
                raise _file_error(
                    f"This file unpacks to more than {max_unzipped_bytes // MB} MB, more than "
                    "engage reads. Split it into smaller files.",
                    "unzipped_size",
                )
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > _RATIO_FREE_BELOW and ratio > max_ratio:
                    raise _file_error(
                        "This file is packed far tighter than a real document is (a part of it "
                        f"unpacks to {ratio:,.0f} times its size), so engage does not open it. "
                        "Save it again from your program and upload that.",
                        "zip_ratio",
                    )
            content_type = _content_type(archive, {info.filename: info for info in infos})
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ):
        raise _file_error(
            "This file is damaged: it could not be read. Save it again and upload that.",
            "broken_zip",
        ) from None
    finally:
        file.seek(0)
    return OfficeZip(content_type=content_type, unzipped_bytes=unzipped)
