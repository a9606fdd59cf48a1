"""Clearly fictional stakeholders for the demo: a few hundred contacts and about 80
organisations across the wards that exist, with consent, memberships, interactions, lists
and some planted duplicates for the duplicate review to find.

Names come from Faker (en_GB), email addresses are @example.org/.com/.net only, phone
numbers are from Ofcom's ranges reserved for drama (020 7946 0xxx), so no real person
or organisation can be reached. The same seed gives the same data every time.

The pools and helpers at the top are shared with the ``seed_scale`` command.
"""

import random
import unicodedata
from datetime import timedelta

from django.utils import timezone
from faker import Faker

from accounts.models import User
from areas.models import Borough, Ward
from core.roles import Role
from stakeholders.choices import (
    Channel,
    ConsentMethod,
    ConsulteeCategory,
    InteractionKind,
    OrganisationKind,
)
from stakeholders.models import (
    Community,
    Contact,
    EqualityProfile,
    Interaction,
    Membership,
    Organisation,
    Segment,
    StaticList,
    StaticListMember,
    Topic,
)
from stakeholders.services.consent import consent_record

SEED = 3003
DEMO_STAFF_EMAIL = "staff@engage.example"
WORDING_VERSION = "demo-2026"
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")

# Ofcom's numbers reserved for TV and radio drama: valid, never anyone's. Each stem takes
# three more digits (000-999). London first; seed_scale uses all of them.
DRAMA_PHONE_STEMS = (
    "+442079460",  # 020 7946 0xxx London
    "+441134960",  # 0113 496 0xxx Leeds
    "+441144960",  # 0114 496 0xxx Sheffield
    "+441164960",  # 0116 496 0xxx Leicester
    "+441174960",  # 0117 496 0xxx Bristol
    "+441184960",  # 0118 496 0xxx Reading
    "+441214960",  # 0121 496 0xxx Birmingham
    "+441314960",  # 0131 496 0xxx Edinburgh
    "+441414960",  # 0141 496 0xxx Glasgow
    "+441514960",  # 0151 496 0xxx Liverpool
    "+441614960",  # 0161 496 0xxx Manchester
    "+441914980",  # 0191 498 0xxx Tyneside
    "+442896496",  # 028 9649 6xxx Belfast
    "+442920180",  # 029 2018 0xxx Cardiff
)

# Outward codes by borough, for plausible postcodes; other boroughs use the London list.
OUTWARD_CODES = {
    "Camden": ("NW1", "NW3", "NW5", "WC1H", "N6"),
    "Hackney": ("E5", "E8", "E9", "N16", "N1"),
    "Lambeth": ("SE11", "SW2", "SW9", "SE27", "SW16"),
    "Croydon": ("CR0", "CR2", "CR7", "SE25", "SE19"),
    "Ealing": ("W5", "W13", "W3", "UB1", "UB5"),
}
LONDON_OUTWARD_CODES = ("E1", "E3", "N7", "N15", "NW10", "SE1", "SE15", "SW4", "SW11", "W2", "W12")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
STREET_KINDS = ("Road", "Street", "Close", "Gardens", "Lane", "Avenue", "Court", "Way", "Grove")

ROLES = ("Chair", "Secretary", "Treasurer", "Member", "Coordinator", "Trustee", "Volunteer")
LANGUAGES = ("Bengali", "Somali", "Polish", "Turkish", "Yoruba", "Portuguese", "Tamil", "Urdu")
SOURCES = (
    "Ward panel sign-up sheet",
    "Community safety event",
    "Referred by a partner",
    "Online sign-up form",
    "Imported from the 2025 contact list",
)
CATEGORY_WEIGHTS = {
    ConsulteeCategory.PUBLIC: 45,
    ConsulteeCategory.GROUP_REPRESENTATIVE: 30,
    ConsulteeCategory.STATUTORY: 10,
    ConsulteeCategory.SERVICE_USER: 10,
    ConsulteeCategory.STAFF: 5,
}
ORGANISATION_PATTERNS = {
    OrganisationKind.VOLUNTARY: ("{street} Residents' Association", "{surname} Community Trust"),
    OrganisationKind.FAITH: (
        "{street} Mosque Committee",
        "St {saint}'s Church",
        "{street} Gurdwara",
    ),
    OrganisationKind.BUSINESS: ("{street} Traders' Association", "{surname} and Sons Ltd"),
    OrganisationKind.EDUCATION: ("{street} Academy", "{surname} Primary School"),
    OrganisationKind.HEALTH: ("{street} Health Centre", "{surname} Mental Health Project"),
    OrganisationKind.MEDIA: ("{area} Community Radio", "{area} Voice Newspaper"),
    OrganisationKind.STATUTORY: ("{area} Youth Offending Service (demo)",),
    OrganisationKind.LOCAL_AUTHORITY: ("{area} Community Safety Team (demo)",),
    OrganisationKind.IAG: ("{area} Independent Advisory Group (demo)",),
    OrganisationKind.OTHER: ("{surname} Youth Project", "{street} Boxing Club"),
}
SAINTS = ("Mark", "Anne", "Luke", "Mary", "John", "Peter", "Stephen", "Agnes")


def fictional_phone_numbers(rng: random.Random, *, london_only: bool = False) -> list[str]:
    """Every reserved drama number (about 14,000), shuffled; London's 1,000 if asked."""
    stems = DRAMA_PHONE_STEMS[:1] if london_only else DRAMA_PHONE_STEMS
    numbers = [f"{stem}{n:03d}" for stem in stems for n in range(1000)]
    rng.shuffle(numbers)
    return numbers


def postcode(rng: random.Random, borough_name: str | None) -> str:
    outward = rng.choice(OUTWARD_CODES.get(borough_name or "", LONDON_OUTWARD_CODES))
    return f"{outward} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def street_address(rng: random.Random, surname: str) -> str:
    return f"{rng.randint(1, 220)} {surname} {rng.choice(STREET_KINDS)}"


def email_for(first: str, last: str, number: int, rng: random.Random) -> str:
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    return f"{local}{number}@{rng.choice(EMAIL_DOMAINS)}"


def organisation_name(rng: random.Random, fake: Faker, kind: str, area: str) -> str:
    pattern = rng.choice(ORGANISATION_PATTERNS.get(kind, ORGANISATION_PATTERNS["other"]))
    return pattern.format(
        street=fake.last_name(), surname=fake.last_name(), saint=rng.choice(SAINTS), area=area
    )


def seed_stakeholders(*, stdout) -> None:
    """Add the demo stakeholders, unless the database already has some."""
    if Contact.objects.exists() or Organisation.objects.exists():
        stdout.write("Stakeholders: the database already has some; left as they are.")
        return
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    staff = (
        User.objects.filter(email=DEMO_STAFF_EMAIL).first()
        or User.objects.filter(groups__name=Role.UNIT_STAFF.value).order_by("pk").first()
    )
    wards = list(Ward.objects.select_related("borough").order_by("ons_code"))
    boroughs = sorted({ward.borough for ward in wards}, key=lambda b: b.name) or list(
        Borough.objects.order_by("name")[:5]
    )
    seeder = _DemoSeeder(fake=fake, rng=rng, staff=staff, wards=wards, boroughs=boroughs)
    seeder.run()
    stdout.write(
        f"Stakeholders: {Organisation.objects.count()} organisations, "
        f"{Contact.objects.count()} contacts ({len(seeder.duplicate_pairs)} planted duplicate "
        "pairs for the duplicate review)."
    )


class _DemoSeeder:
    CONTACTS = 300
    ORGANISATIONS = 80
    UMBRELLAS = 6

    def __init__(self, *, fake, rng, staff, wards, boroughs):
        self.fake, self.rng, self.staff = fake, rng, staff
        self.wards, self.boroughs = wards, boroughs
        self.phones = fictional_phone_numbers(rng, london_only=True)
        self.communities = list(Community.objects.all())
        self.topics = list(Topic.objects.all())
        self.organisations: list[Organisation] = []
        self.contacts: list[Contact] = []
        self.duplicate_pairs: list[tuple[str, object, object]] = []

    def run(self) -> None:
        self.seed_organisations()
        self.seed_contacts()
        self.seed_memberships()
        self.seed_consent()
        self.seed_equality()
        self.seed_interactions()
        self.seed_lists()
        self.plant_duplicates()

    # --- organisations ------------------------------------------------------------------

    def seed_organisations(self) -> None:
        rng = self.rng
        for number in range(self.UMBRELLAS):
            borough = self.boroughs[number % len(self.boroughs)] if self.boroughs else None
            area = borough.name if borough else "London"
            name = rng.choice(
                (
                    f"{area} Voluntary Action Network (demo)",
                    f"{area} Faith Forum (demo)",
                    f"{area} Tenants' Federation (demo)",
                )
            )
            if Organisation.objects.filter(name=name).exists():
                name = f"{area} Community Alliance {number} (demo)"
            umbrella = self._organisation(
                name=name, kind=OrganisationKind.UMBRELLA, borough=borough, parent=None
            )
            self.organisations.append(umbrella)
        umbrellas = list(self.organisations)
        kinds = [kind for kind in OrganisationKind.values if kind != OrganisationKind.UMBRELLA]
        weights = [5 if kind == OrganisationKind.VOLUNTARY else 2 for kind in kinds]
        while len(self.organisations) < self.ORGANISATIONS:
            kind = rng.choices(kinds, weights)[0]
            borough = rng.choice(self.boroughs) if self.boroughs else None
            parent = rng.choice(umbrellas) if rng.random() < 0.4 else None
            name = organisation_name(rng, self.fake, kind, borough.name if borough else "London")
            if any(org.name == name for org in self.organisations):
                continue
            self.organisations.append(
                self._organisation(name=name, kind=kind, borough=borough, parent=parent)
            )

    def _organisation(self, *, name, kind, borough, parent) -> Organisation:
        rng = self.rng
        slug = name.lower().replace("'", "").replace("(demo)", "").split()
        organisation = Organisation(
            name=name,
            kind=kind,
            parent=parent,
            pan_london=kind == OrganisationKind.IAG and rng.random() < 0.5,
            website=f"https://{'-'.join(slug)[:40]}.example.org",
            email=f"info@{'-'.join(slug)[:40]}.example.org",
            notes=self.fake.sentence(nb_words=10) if rng.random() < 0.3 else "",
            last_verified=timezone.localdate() - timedelta(days=rng.randint(0, 900)),
        )
        organisation.full_clean()
        organisation.save()
        if borough is not None:
            organisation.boroughs.add(borough)
            local = [ward for ward in self.wards if ward.borough_id == borough.pk]
            if local and kind not in (OrganisationKind.UMBRELLA, OrganisationKind.STATUTORY):
                organisation.wards.add(*rng.sample(local, k=min(len(local), rng.randint(1, 2))))
        if self.communities:
            organisation.communities.add(*rng.sample(self.communities, k=rng.randint(1, 3)))
        if self.topics:
            organisation.topics.add(*rng.sample(self.topics, k=rng.randint(1, 3)))
        return organisation

    # --- contacts -----------------------------------------------------------------------

    def seed_contacts(self) -> None:
        for number in range(self.CONTACTS):
            self.contacts.append(self._contact(number))

    def _contact(self, number: int, **overrides) -> Contact:
        fake, rng = self.fake, self.rng
        first, last = fake.first_name(), fake.last_name()
        ward = rng.choice(self.wards) if self.wards and rng.random() < 0.85 else None
        borough = ward.borough if ward else (rng.choice(self.boroughs) if self.boroughs else None)
        today = timezone.localdate()
        verified = rng.random()
        if verified < 0.12:  # some for the retention review
            last_verified = today - timedelta(days=rng.randint(800, 1500))
        elif verified < 0.2:
            last_verified = None
        else:
            last_verified = today - timedelta(days=rng.randint(0, 600))
        do_not_contact = rng.random() < 0.03
        values = {
            "name": f"{first} {last}",
            "job_title": rng.choice(("", "", "Youth worker", "Teacher", "Pharmacist", "Retired")),
            "email": email_for(first, last, number, rng) if rng.random() < 0.9 else "",
            "phone": self.phones.pop() if rng.random() < 0.6 else "",
            "address_line_1": street_address(rng, fake.last_name()),
            "town": "London",
            "postcode": postcode(rng, borough.name if borough else None),
            "home_borough": borough,
            "home_ward": ward,
            "preferred_channel": rng.choice(("", Channel.EMAIL, Channel.EMAIL, Channel.POST)),
            "language": rng.choice(LANGUAGES) if rng.random() < 0.1 else "",
            "needs_interpreter": rng.random() < 0.05,
            "needs_bsl": rng.random() < 0.02,
            "needs_large_print": rng.random() < 0.04,
            "needs_step_free": rng.random() < 0.06,
            "category": rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0],
            "source": rng.choice(SOURCES),
            "last_verified": last_verified,
            "do_not_contact": do_not_contact,
            "do_not_contact_reason": (
                rng.choice(("Asked not to be contacted again", "Mail returned: moved away"))
                if do_not_contact
                else ""
            ),
        }
        values.update(overrides)
        contact = Contact(**values)
        contact.full_clean()
        contact.save()
        if self.topics and rng.random() < 0.7:
            contact.topics.add(*rng.sample(self.topics, k=rng.randint(1, 3)))
        return contact

    def seed_memberships(self) -> None:
        rng = self.rng
        members: dict[int, list[Membership]] = {}
        for contact in self.contacts:
            if rng.random() < 0.35:
                continue
            for organisation in rng.sample(self.organisations, k=rng.choice((1, 1, 1, 2))):
                membership = Membership(contact=contact, organisation=organisation)
                membership.role = rng.choice(ROLES)
                membership.full_clean()
                membership.save()
                members.setdefault(organisation.pk, []).append(membership)
        for organisation in self.organisations:
            candidates = members.get(organisation.pk)
            if candidates and rng.random() < 0.75:
                chairs = [m for m in candidates if m.role == "Chair"] or candidates
                organisation.single_point_of_contact = chairs[0].contact
                organisation.save(update_fields=["single_point_of_contact", "modified"])

    def seed_consent(self) -> None:
        rng = self.rng
        for contact in self.contacts:
            channels = []
            if contact.email and rng.random() < 0.85:
                channels.append(Channel.EMAIL)
            if rng.random() < 0.4:
                channels.append(Channel.POST)
            if contact.phone and rng.random() < 0.2:
                channels.append(Channel.PHONE)
            for channel in channels:
                self._consent(contact, channel, granted=True)
            if Channel.EMAIL in channels and rng.random() < 0.06:
                self._consent(contact, Channel.EMAIL, granted=False, note="Asked by email to stop")

    def _consent(self, contact, channel, *, granted, note="") -> None:
        consent_record(
            contact=contact,
            channel=channel,
            granted=granted,
            method=ConsentMethod.PAPER_FORM,
            wording_version=WORDING_VERSION,
            note=note,
            acting_user=self.staff,
        )

    def seed_equality(self) -> None:
        rng = self.rng
        today = timezone.localdate()
        for contact in rng.sample(self.contacts, k=len(self.contacts) // 3):
            if rng.random() < 0.08:
                profile = EqualityProfile(
                    contact=contact, objected=True, objected_on=today, recorded_by=self.staff
                )
            else:
                profile = EqualityProfile(
                    contact=contact,
                    age_band=rng.choice(EqualityProfile.AgeBand.values),
                    sex=rng.choice(EqualityProfile.Sex.values),
                    gender_identity_differs=rng.choice(("", "no", "no", "prefer_not", "yes")),
                    sexual_orientation=rng.choice(EqualityProfile.SexualOrientation.values),
                    ethnicity=rng.choice(EqualityProfile.Ethnicity.values),
                    religion=rng.choice(EqualityProfile.Religion.values),
                    disability=rng.choice(EqualityProfile.YesNo.values),
                    explicit_consent_given_on=today - timedelta(days=rng.randint(0, 400)),
                    recorded_by=self.staff,
                )
            profile.full_clean()
            profile.save()

    def seed_interactions(self) -> None:
        if self.staff is None:
            return
        rng = self.rng
        today = timezone.localdate()
        summaries = (
            "Talked through the ward panel's priorities",
            "Asked for an invitation to the next engagement event",
            "Raised concerns about anti-social behaviour near the estate",
            "Offered to share the survey with their members",
            "Wants feedback on the stop and search review",
        )
        for number, contact in enumerate(rng.sample(self.contacts, k=60)):
            follow_up = None
            if number % 3 == 0:
                follow_up = today + timedelta(days=rng.randint(-10, 14))
            interaction = Interaction(
                contact=contact,
                kind=rng.choice(InteractionKind.values),
                occurred_on=today - timedelta(days=rng.randint(0, 120)),
                summary=rng.choice(summaries),
                logged_by=self.staff,
                follow_up_on=follow_up,
            )
            interaction.full_clean()
            interaction.save()
        for organisation in rng.sample(self.organisations, k=10):
            Interaction.objects.create(
                organisation=organisation,
                kind=InteractionKind.MET,
                occurred_on=today - timedelta(days=rng.randint(0, 60)),
                summary="Met the committee to plan a joint event",
                logged_by=self.staff,
                follow_up_on=today - timedelta(days=rng.randint(0, 5)),
            )

    def seed_lists(self) -> None:
        rng = self.rng
        borough = self.boroughs[0] if self.boroughs else None
        youth = Topic.objects.filter(name="Youth engagement").first()
        if borough is not None:
            Segment.objects.create(
                name=f"{borough.name} residents who agreed to email",
                description="Everyone living in the borough with email consent.",
                filters={"borough": str(borough.pk), "consent": Channel.EMAIL},
                created_by=self.staff,
            )
        if youth is not None:
            Segment.objects.create(
                name="Group representatives interested in youth engagement",
                filters={
                    "topic": str(youth.pk),
                    "category": ConsulteeCategory.GROUP_REPRESENTATIVE,
                },
                created_by=self.staff,
            )
        for name, size in (("Knife crime summit invitees", 40), ("Youth IAG mailing list", 25)):
            static_list = StaticList.objects.create(
                name=name, description="Chosen by hand for the demo.", created_by=self.staff
            )
            StaticListMember.objects.bulk_create(
                StaticListMember(static_list=static_list, contact=contact, added_by=self.staff)
                for contact in rng.sample(self.contacts, k=size)
            )

    # --- planted duplicates -------------------------------------------------------------

    def plant_duplicates(self) -> None:
        """About ten pairs the duplicate review should find, of each kind it looks for."""
        rng = self.rng
        originals = [c for c in self.contacts if c.email and c.phone and not c.do_not_contact]
        originals = rng.sample(originals, k=9)
        number = self.CONTACTS
        # Same email address, different case (as an import would bring it in).
        for original in originals[:3]:
            twin = self._contact(number, name=original.name, phone="", email="")
            number += 1
            Contact.objects.filter(pk=twin.pk).update(email=_mixed_case(original.email))
            self.duplicate_pairs.append(("same email", original, twin))
        # Same phone number, the name written differently.
        for original in originals[3:6]:
            first, *rest = original.name.split()
            twin = self._contact(
                number,
                name=" ".join([first[0] + ".", *rest]),
                phone=str(original.phone),
                email="",
            )
            number += 1
            self.duplicate_pairs.append(("same phone", original, twin))
        # A similar name at the same postcode, no email.
        for original in originals[6:9]:
            twin = self._contact(
                number,
                name=_misspelt(original.name),
                postcode=original.postcode,
                email="",
                phone="",
                home_ward=original.home_ward,
                home_borough=original.home_borough,
            )
            number += 1
            self.duplicate_pairs.append(("similar name, same postcode", original, twin))
        # Organisations with nearly the same name.
        for original in rng.sample(self.organisations[self.UMBRELLAS :], k=3):
            twin_name = (
                original.name.replace("'", "")
                if "'" in original.name
                else original.name.replace(" and ", " & ")
                if " and " in original.name
                else f"The {original.name}"
            )
            twin = self._organisation(name=twin_name, kind=original.kind, borough=None, parent=None)
            self.duplicate_pairs.append(("similar organisation name", original, twin))


def _mixed_case(email: str) -> str:
    local, domain = email.split("@")
    return f"{local.title()}@{domain.upper()}"


def _misspelt(name: str) -> str:
    """A plausible typo: one letter doubled, or a vowel swapped."""
    first, *rest = name.split()
    for vowel, other in (("a", "e"), ("e", "a"), ("i", "y"), ("o", "a")):
        if vowel in first[1:]:
            return " ".join([first[0] + first[1:].replace(vowel, other, 1), *rest])
    return " ".join([first + first[-1], *rest])
