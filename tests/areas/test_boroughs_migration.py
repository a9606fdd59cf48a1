"""The data migration loads the 32 MPS boroughs and their 12 basic command units."""

from areas.models import Borough, CommandUnit

# No borough fixtures here: the factories' made-up boroughs would add to the counts.


def test_the_32_london_boroughs_and_12_command_units_exist(db):
    assert Borough.objects.count() == 32
    assert CommandUnit.objects.count() == 12


def test_every_borough_has_a_unique_e09_code_and_every_bcu_has_boroughs(db):
    codes = list(Borough.objects.values_list("ons_code", flat=True))
    assert len(set(codes)) == 32
    assert all(code.startswith("E09") for code in codes)
    assert not CommandUnit.objects.filter(boroughs__isnull=True).exists()


def test_the_city_of_london_is_not_an_mps_borough(db):
    assert not Borough.objects.filter(ons_code="E09000001").exists()
    assert not Borough.objects.filter(name__icontains="City of London").exists()


def test_boroughs_are_grouped_into_the_2019_bcus(db):
    def boroughs_of(slug):
        return set(
            Borough.objects.filter(command_unit__slug=slug).values_list("ons_code", flat=True)
        )

    assert boroughs_of("central-north") == {"E09000007", "E09000019"}  # Camden, Islington
    assert boroughs_of("south-west") == {"E09000021", "E09000024", "E09000027", "E09000032"}
    assert boroughs_of("central-west") == {"E09000033", "E09000020", "E09000013"}
    assert Borough.objects.get(ons_code="E09000008").name == "Croydon"
    assert Borough.objects.get(name="Tower Hamlets").command_unit.name == "Central East"
    assert Borough.objects.get(name="Barking and Dagenham").command_unit.slug == "east-area"
