"""The 12 MPS basic command units (BCUs) and the 32 London boroughs they police.

Source of the grouping: the MPS basic command unit model as rolled out in 2019, which
merged the 32 borough commands into 12 BCUs of two to four boroughs each. The City of
London (E09000001) is left out on purpose: the City of London Police polices it.

BCU short codes are deliberately not recorded: they were not certain when this was
written, and a wrong code is worse than none. Add them in a later migration once they
are confirmed.

The data is kept in this file rather than imported from the app, so that the migration
gives the same result whatever later happens to the app's code.
"""

from django.db import migrations
from django.utils.text import slugify

# BCU name -> [(borough name, ONS code), ...]
COMMAND_UNITS = {
    "Central West": [
        ("Westminster", "E09000033"),
        ("Kensington and Chelsea", "E09000020"),
        ("Hammersmith and Fulham", "E09000013"),
    ],
    "Central East": [
        ("Hackney", "E09000012"),
        ("Tower Hamlets", "E09000030"),
    ],
    "Central North": [
        ("Camden", "E09000007"),
        ("Islington", "E09000019"),
    ],
    "Central South": [
        ("Lambeth", "E09000022"),
        ("Southwark", "E09000028"),
    ],
    "East Area": [
        ("Barking and Dagenham", "E09000002"),
        ("Havering", "E09000016"),
        ("Redbridge", "E09000026"),
    ],
    "North Area": [
        ("Enfield", "E09000010"),
        ("Haringey", "E09000014"),
    ],
    "North East": [
        ("Newham", "E09000025"),
        ("Waltham Forest", "E09000031"),
    ],
    "North West": [
        ("Barnet", "E09000003"),
        ("Brent", "E09000005"),
        ("Harrow", "E09000015"),
    ],
    "South Area": [
        ("Bromley", "E09000006"),
        ("Croydon", "E09000008"),
        ("Sutton", "E09000029"),
    ],
    "South East": [
        ("Bexley", "E09000004"),
        ("Greenwich", "E09000011"),
        ("Lewisham", "E09000023"),
    ],
    "South West": [
        ("Kingston upon Thames", "E09000021"),
        ("Merton", "E09000024"),
        ("Richmond upon Thames", "E09000027"),
        ("Wandsworth", "E09000032"),
    ],
    "West Area": [
        ("Ealing", "E09000009"),
        ("Hillingdon", "E09000017"),
        ("Hounslow", "E09000018"),
    ],
}


def create_boroughs(apps, schema_editor):
    CommandUnit = apps.get_model("areas", "CommandUnit")
    Borough = apps.get_model("areas", "Borough")
    for unit_name, boroughs in COMMAND_UNITS.items():
        unit, _ = CommandUnit.objects.update_or_create(
            slug=slugify(unit_name), defaults={"name": unit_name}
        )
        for borough_name, ons_code in boroughs:
            Borough.objects.update_or_create(
                ons_code=ons_code, defaults={"name": borough_name, "command_unit": unit}
            )


def delete_boroughs(apps, schema_editor):
    """Fails (ProtectedError) while wards still point at these boroughs: remove those first."""
    CommandUnit = apps.get_model("areas", "CommandUnit")
    Borough = apps.get_model("areas", "Borough")
    codes = [code for boroughs in COMMAND_UNITS.values() for _, code in boroughs]
    Borough.objects.filter(ons_code__in=codes).delete()
    CommandUnit.objects.filter(slug__in=[slugify(name) for name in COMMAND_UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [migrations.RunPython(create_boroughs, delete_boroughs)]
