"""Clearly fictional demo data. Each app's issue extends ``seed`` with its own part."""

from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from accounts.factories import UserFactory
from accounts.models import User
from areas.models import Ward
from areas.services import wards_import
from core.roles import Role
from demo.consultations import seed_consultations
from demo.panels import seed_panels
from demo.stakeholders import seed_stakeholders
from demo.workplans import seed_workplans

DEMO_PASSWORD = "engage-demo"  # noqa: S105 (printed for the demo; fictional accounts)
SAMPLE_WARDS = (
    Path(__file__).resolve().parent.parent / "areas" / "data" / ("ons_ward_lookup_sample.csv")
)


@dataclass(frozen=True)
class DemoUser:
    role: Role
    email: str
    full_name: str


DEMO_USERS = (
    DemoUser(Role.ADMINISTRATOR, "admin@engage.example", "Alex Admin"),
    DemoUser(Role.UNIT_STAFF, "staff@engage.example", "Sasha Staff"),
    DemoUser(Role.AUTHORITY_MEMBER, "member@engage.example", "Morgan Member"),
    DemoUser(Role.NEIGHBOURHOOD_SERGEANT, "sergeant@engage.example", "Sergeant Sam Patel"),
)


def seed(*, stdout) -> None:
    if not Ward.objects.exists():
        with SAMPLE_WARDS.open("rb") as sample:
            report = wards_import(file=sample)
        stdout.write(f"Wards: {report.created} imported from the sample lookup.")
    wards = list(Ward.objects.select_related("borough").order_by("borough__name", "name"))
    for demo in DEMO_USERS:
        _ensure_user(
            email=demo.email,
            full_name=demo.full_name,
            roles=[demo.role],
            wards=wards[:2] if demo.role == Role.NEIGHBOURHOOD_SERGEANT else None,
        )
    _seed_colleagues(wards)
    seed_stakeholders(stdout=stdout)
    seed_consultations(stdout=stdout)
    seed_panels(stdout=stdout)
    seed_workplans(stdout=stdout)


def _ensure_user(*, email, **fields) -> None:
    if not User.objects.filter(email=email).exists():
        UserFactory(email=email, password=DEMO_PASSWORD, **fields)


def _seed_colleagues(wards) -> None:
    """A few more fictional people, so lists have something in them."""
    fake = Faker("en_GB")
    Faker.seed(2026)
    for number, ward in enumerate(wards[2:8:2], start=1):
        _ensure_user(
            email=f"sergeant{number}@engage.example",
            full_name=f"Sergeant {fake.name()}",
            roles=[Role.NEIGHBOURHOOD_SERGEANT],
            wards=[ward],
        )
    for number in range(1, 4):
        _ensure_user(
            email=f"staff{number}@engage.example",
            full_name=fake.name(),
            job_title="Consultation officer",
            roles=[Role.UNIT_STAFF],
        )
