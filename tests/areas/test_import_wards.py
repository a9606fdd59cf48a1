"""manage.py import_wards: the ONS ward lookup in, London's wards out, all or nothing."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from areas.models import Ward

SAMPLE = Path(__file__).resolve().parents[2] / "areas" / "data" / "ons_ward_lookup_sample.csv"
HEADER = "WD24CD,WD24NM,WD24NMW,LAD24CD,LAD24NM,LAD24NMW,ObjectId"


def import_wards(path) -> str:
    out = io.StringIO()
    call_command("import_wards", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, content: str | bytes, name="lookup.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_sample_creates_the_london_wards_in_their_boroughs_and_skips_the_rest(db):
    output = import_wards(SAMPLE)

    assert output.strip() == (
        "Wards: 28 created, 0 updated, 0 unchanged; 5 rows outside the MPS area skipped."
    )
    assert Ward.objects.count() == 28
    assert Ward.objects.filter(borough__name="Camden").count() == 6
    assert Ward.objects.filter(borough__name="Croydon").count() == 5
    assert Ward.objects.get(ons_code="E05900008").borough.name == "Hackney"
    assert Ward.objects.get(name="Vauxhall").borough.ons_code == "E09000022"
    assert not Ward.objects.filter(name__in=["Aldersgate", "Cheap", "Edgbaston", "Butetown"])


def test_importing_the_same_file_twice_changes_nothing(db):
    import_wards(SAMPLE)
    first = dict(Ward.objects.values_list("ons_code", "modified"))

    output = import_wards(SAMPLE)

    assert "0 created, 0 updated, 28 unchanged" in output
    assert dict(Ward.objects.values_list("ons_code", "modified")) == first


def test_a_renamed_or_moved_ward_is_updated_not_duplicated(db, tmp_path):
    import_wards(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("E05900001,Belsize,", "E05900001,Belsize Park,")
    text = text.replace("Addiscombe West,,E09000008,Croydon", "Addiscombe West,,E09000029,Sutton")

    output = import_wards(write(tmp_path, text))

    assert "0 created, 2 updated, 26 unchanged" in output
    assert Ward.objects.count() == 28
    assert Ward.objects.get(ons_code="E05900001").name == "Belsize Park"
    assert Ward.objects.get(ons_code="E05900019").borough.name == "Sutton"


def test_other_editions_column_names_a_bom_and_extra_columns_are_accepted(db, tmp_path):
    content = "\ufeffwd22cd,FID,wd22nm,lad22cd\nE05900101,7,Highgate,E09000007\n"

    output = import_wards(write(tmp_path, content))

    assert "1 created" in output
    assert Ward.objects.get(ons_code="E05900101").name == "Highgate"


@pytest.fixture
def existing_ward(db):
    """One ward already there, so 'nothing written' also means 'nothing changed'."""
    import_wards(SAMPLE)
    return Ward.objects.get(ons_code="E05900001")


def assert_import_refused(path, *expected_fragments):
    before = {w.ons_code: (w.name, w.borough_id) for w in Ward.objects.all()}
    with pytest.raises(CommandError) as refused:
        import_wards(path)
    message = str(refused.value)
    for fragment in expected_fragments:
        assert fragment in message
    assert {w.ons_code: (w.name, w.borough_id) for w in Ward.objects.all()} == before
    return message


def test_a_file_without_the_ward_columns_is_refused_naming_what_was_expected_and_found(
    existing_ward, tmp_path
):
    path = write(tmp_path, "Code,Name,Borough\nE05900001,Belsize Park,E09000007\n")

    assert_import_refused(path, "WDyyCD", "LADyyCD", "Found: Code, Name, Borough")


def test_a_spreadsheet_file_is_refused_as_not_csv(existing_ward, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as xlsx:
        xlsx.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + HEADER * 50 + "</worksheet>")
    path = write(tmp_path, buffer.getvalue(), name="lookup.xlsx")

    assert_import_refused(path, "not a CSV file")


def test_binary_that_happens_to_be_valid_utf8_is_refused(existing_ward, tmp_path):
    path = write(tmp_path, b"WD24CD\x00\x00\x00,WD24NM\n", name="lookup.bin")

    assert_import_refused(path, "binary")


def test_an_empty_file_is_refused(existing_ward, tmp_path):
    assert_import_refused(write(tmp_path, ""), "empty")


def test_one_bad_london_row_stops_the_whole_import_and_names_its_row(existing_ward, tmp_path):
    content = "\n".join(
        [
            HEADER,
            "E05900001,Belsize Park,,E09000007,Camden,,1",  # a valid change: must not be saved
            "E05900201,Kilburn,,E09000007,Camden,,2",  # a valid new ward: must not be saved
            "E0512,Swiss Cottage,,E09000007,Camden,,3",
            "E05900202,,,E09000012,Hackney,,4",
            "X,,,E08000003,Manchester,,5",  # outside London: not checked, so no error
        ]
    )

    message = assert_import_refused(write(tmp_path, content), "Row 4:", "E0512", "Row 5:")

    assert "Row 6" not in message
    assert not Ward.objects.filter(ons_code="E05900201").exists()


def test_a_ward_code_twice_in_the_file_is_refused(db, tmp_path):
    row = "E05900001,Belsize,,E09000007,Camden,,"
    content = f"{HEADER}\n{row}1\n{row}2\n"

    assert_import_refused(write(tmp_path, content), "Row 3:", "also on row 2")


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        import_wards(tmp_path / "nowhere.csv")
