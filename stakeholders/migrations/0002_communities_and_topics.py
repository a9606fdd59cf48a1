"""The starting reference lists: the seeds' communities and common consultation topics.

Administrators add to or rename these in the admin; this migration only seeds them.
"""

from django.db import migrations

COMMUNITIES = [
    # (name, strand, named by the seeds as hard to reach)
    ("Young people", "age", True),
    ("Older people", "age", False),
    ("Asian and Asian British communities", "ethnicity", True),
    ("Black and Black British communities", "ethnicity", True),
    ("Mixed heritage communities", "ethnicity", True),
    ("Gypsy, Roma and Traveller communities", "ethnicity", True),
    ("White minority communities", "ethnicity", True),
    ("Other ethnic communities", "ethnicity", True),
    ("Buddhist communities", "faith", True),
    ("Christian communities", "faith", True),
    ("Hindu communities", "faith", True),
    ("Jewish communities", "faith", True),
    ("Muslim communities", "faith", True),
    ("Sikh communities", "faith", True),
    ("Disabled people", "disability", True),
    ("Deaf and hard of hearing people", "disability", True),
    ("Lesbian, gay and bisexual people", "sexual_orientation", True),
    ("Women", "gender", True),
    ("Men", "gender", False),
    ("Transgender people", "gender", True),
    ("New and emerging communities", "new_communities", True),
    ("Refugees and asylum seekers", "new_communities", True),
    ("Victims of crime", "victims", True),
    ("Small businesses", "business", True),
]

TOPICS = [
    "Anti-social behaviour",
    "Burglary",
    "Counter-terrorism",
    "Domestic abuse",
    "Drugs",
    "Hate crime",
    "Neighbourhood policing",
    "Police estate",
    "Road safety",
    "Stop and search",
    "Violence against women and girls",
    "Violent crime",
    "Youth engagement",
]


def add_reference_lists(apps, schema_editor):
    Community = apps.get_model("stakeholders", "Community")
    Topic = apps.get_model("stakeholders", "Topic")
    for name, strand, hard_to_reach in COMMUNITIES:
        Community.objects.update_or_create(
            name=name, defaults={"strand": strand, "hard_to_reach": hard_to_reach}
        )
    for name in TOPICS:
        Topic.objects.get_or_create(name=name)


def remove_reference_lists(apps, schema_editor):
    apps.get_model("stakeholders", "Community").objects.filter(
        name__in=[name for name, _, _ in COMMUNITIES]
    ).delete()
    apps.get_model("stakeholders", "Topic").objects.filter(name__in=TOPICS).delete()


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(add_reference_lists, remove_reference_lists)]
