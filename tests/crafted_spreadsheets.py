"""Spreadsheets crafted to tie up whoever reads them, built in the test that uses them (no
binaries committed), quickly: the big parts are streamed into the zip, never held whole.

- ``wide_xlsx``: a small workbook with thousands of columns (the outside test's 108 KiB
  file had 16,000).
- ``huge_cell_xlsx``: a workbook of a few kilobytes whose one cell unpacks to tens of
  megabytes (the outside test's 39 KiB file held a 40 MB cell).
- ``shared_strings_bomb_xlsx``: a zip bomb: a shared-strings part of hundreds of
  megabytes, which openpyxl would read whole before the first row.
"""

import io
import zipfile

from openpyxl import Workbook

PLACEHOLDER = "PLACEHOLDER-FOR-THE-HUGE-CELL"
CHUNK = 1024 * 1024


def wide_xlsx(columns: int = 16_000, rows: int = 3) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([f"Column {number}" for number in range(1, columns + 1)])
    for number in range(rows):
        sheet.append([f"Person {number}", f"person{number}@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _stream(member, parts: list[bytes], filler_bytes: int) -> None:
    """Write ``parts`` joined by ``filler_bytes`` letters, a megabyte at a time."""
    member.write(parts[0])
    left = filler_bytes
    while left:
        member.write(b"a" * min(left, CHUNK))
        left -= min(left, CHUNK)
    member.write(parts[1])


def huge_cell_xlsx(chars: int, headings=("Name", "Email")) -> bytes:
    """A workbook whose row 2 holds, in its first cell, ``chars`` letters."""
    workbook = Workbook()
    workbook.active.append(list(headings))
    workbook.active.append([PLACEHOLDER, "ann@example.org"])
    plain = io.BytesIO()
    workbook.save(plain)
    crafted = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if PLACEHOLDER.encode() not in content:
                target.writestr(info.filename, content)
                continue
            with target.open(info.filename, "w", force_zip64=True) as member:
                _stream(member, content.split(PLACEHOLDER.encode()), chars)
    return crafted.getvalue()


SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def shared_strings_bomb_xlsx(unpacked_bytes: int) -> bytes:
    """A plain two-row workbook with a shared-strings part (read whole by openpyxl before
    any row) that unpacks to ``unpacked_bytes``."""
    workbook = Workbook()
    workbook.active.append(["Name", "Email"])
    workbook.active.append(["Ann", "ann@example.org"])
    plain = io.BytesIO()
    workbook.save(plain)
    crafted = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", SHARED_STRINGS_TYPE.encode() + b"</Types>")
            target.writestr(info.filename, content)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            parts = [
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
                b"</t></si></sst>",
            ]
            _stream(member, parts, unpacked_bytes)
    return crafted.getvalue()
