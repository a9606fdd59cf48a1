"""engage's one spreadsheet reader (core.spreadsheets): crafted files are refused before
they are parsed, or at the first row past a limit, each with a message saying what to
mend. Both importers' upload pages are tested with the same files in
tests/stakeholders/test_import_crafted.py and tests/workplans/test_import_crafted.py."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from core.spreadsheets import Limits, check_file, read_table
from tests.crafted_spreadsheets import huge_cell_xlsx, shared_strings_bomb_xlsx, wide_xlsx
from tests.stakeholders.fixtures.import_files import csv_bytes, xlsx_bytes

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=1_000)


def refusal(content: bytes, filename: str, limits: Limits = LIMITS) -> str:
    with pytest.raises(ValidationError) as refused:
        read_table(content, filename, limits)
    return " ".join(refused.value.message_dict["file"])


def test_a_workbook_with_16000_columns_is_refused_quickly_naming_the_limit():
    content = wide_xlsx(columns=16_000)
    started = time.monotonic()
    message = refusal(content, "wide.xlsx")
    assert "more than 200 columns" in message
    assert time.monotonic() - started < 10  # before the fix: 53 s, and the page never came


def test_a_table_of_200_columns_is_read():
    table = read_table(wide_xlsx(columns=200), "wide.xlsx", LIMITS)
    assert len(table.headers) == 200
    assert table.rows[0] == (2, ["Person 0", "person0@example.org", *[""] * 198])


def test_a_tiny_workbook_with_a_40_mb_cell_is_refused_before_it_is_unpacked():
    content = huge_cell_xlsx(40_000_000)
    assert len(content) < 100 * 1024
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        check_file(content, "people.xlsx", LIMITS)
    assert "packed far tighter than a real document" in str(refused.value)
    assert time.monotonic() - started < 1


def test_a_shared_strings_zip_bomb_is_refused_by_its_unpacked_size():
    message = refusal(shared_strings_bomb_xlsx(120_000_000), "people.xlsx")
    assert message.startswith("This file unpacks to more than 100 MB")


def test_a_cell_over_10000_characters_is_refused_naming_its_row_and_column():
    letters = "".join(chr(ord("a") + (n * 7919) % 26) for n in range(12_000))  # not repetitive
    content = xlsx_bytes([["Name", "Notes"], ["Ann", "ok"], ["Bo", letters]])
    assert refusal(content, "people.xlsx") == (
        "The cell in row 3, column 2 holds 12,000 characters; engage takes at most 10,000 in a "
        "cell."
    )


def test_a_csv_cell_over_the_limit_is_refused_too():
    content = csv_bytes([["Name", "Notes"], ["Ann", "x" * 10_001]])
    assert "row 2, column 2 holds 10,001 characters" in refusal(content, "people.csv")


def test_a_csv_with_too_many_columns_is_refused():
    content = csv_bytes([[f"Column {n}" for n in range(201)], ["Ann"]])
    assert "Row 1 of this file has more than 200 columns" in refusal(content, "people.csv")


def test_a_csv_with_nul_bytes_past_its_start_is_refused():
    content = b"Name,Email\n" + b"Ann,ann@example.org\n" * 1_000 + b"Bo\x00,bo@example.org\n"
    assert "holds binary data" in refusal(content, "people.csv")


def test_a_csv_saved_as_utf16_is_refused_saying_how_to_save_it():
    content = "Name,Email\nAnn,ann@example.org\n".encode("utf-16")
    assert "saved as UTF-16" in refusal(content, "people.csv")


def test_a_csv_in_another_encoding_is_refused_saying_how_to_save_it():
    content = "Name\nJosé Müller\n".encode("cp1252")
    assert "not saved as UTF-8" in refusal(content, "people.csv")


def test_a_csv_with_one_enormous_line_is_refused_before_it_is_parsed():
    content = b"Name," + b"a," * 500_000 + b"\n"
    assert "A line of this CSV is 1,000,005 characters long" in refusal(content, "people.csv")


def test_a_csv_cell_whose_quotes_never_close_is_refused_not_a_500():
    content = b'Name,Notes\nAnn,"' + b"x\n" * 80_000
    assert "This CSV could not be read" in refusal(content, "people.csv")


def test_a_file_with_more_rows_than_the_limit_is_refused():
    content = csv_bytes([["Name"], *([f"Person {n}"] for n in range(1_001))])
    assert "more than 1,000 rows" in refusal(content, "people.csv")


def test_blank_rows_do_not_count_towards_the_row_limit():
    content = csv_bytes([["Name"], *([""] for _ in range(2_000)), ["Ann"]])
    assert read_table(content, "people.csv", LIMITS).rows == [(2002, ["Ann"])]


def _macro_enabled(content: bytes) -> bytes:
    crafted = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(crafted, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                )
            target.writestr(info, data)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return crafted.getvalue()


def test_a_macro_enabled_workbook_is_refused_whatever_its_name():
    content = _macro_enabled(xlsx_bytes([["Name"], ["Ann"]]))
    assert "holds macros" in refusal(content, "people.xlsx")


def test_a_word_document_named_xlsx_is_refused():
    crafted = io.BytesIO()
    with zipfile.ZipFile(crafted, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "not an Excel workbook" in refusal(crafted.getvalue(), "people.xlsx")


def test_a_file_says_how_much_reading_it_takes_so_large_ones_go_to_a_worker():
    small = check_file(csv_bytes([["Name"], ["Ann"]]), "people.csv", LIMITS)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for number in range(30_000):
        sheet.append([f"Person {number}", f"person{number}@example.org", "NW5 1AB"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    large = check_file(buffer.getvalue(), "people.xlsx", LIMITS)
    assert small.read_inline(LIMITS)
    assert not large.read_inline(LIMITS)
    assert large.work_bytes > len(buffer.getvalue())  # what it unpacks to, not its size
