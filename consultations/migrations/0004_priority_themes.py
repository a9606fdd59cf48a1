"""The starting list of priority themes; administrators change it in the admin."""

from django.db import migrations

THEMES = [
    "Anti-social behaviour",
    "Burglary",
    "Drugs",
    "Vehicle crime",
    "Violence",
    "Street drinking",
    "Speeding and road safety",
    "Other",
]


def add_themes(apps, schema_editor):
    PriorityTheme = apps.get_model("consultations", "PriorityTheme")
    for position, name in enumerate(THEMES):
        PriorityTheme.objects.update_or_create(name=name, defaults={"position": position})


def remove_themes(apps, schema_editor):
    apps.get_model("consultations", "PriorityTheme").objects.filter(name__in=THEMES).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_ward_panels")]

    operations = [migrations.RunPython(add_themes, remove_themes)]
