"""Factories for the stakeholder database: used by the tests, seed_demo and seed_scale."""

import factory
from faker import Faker

from stakeholders.choices import ConsulteeCategory, OrganisationKind
from stakeholders.models import Contact, Membership, Organisation
from stakeholders.services.consent import consent_record

fake = Faker("en_GB")


class ContactFactory(factory.django.DjangoModelFactory):
    """A fictional Londoner. Pass ``consent=["email", "post"]`` to record consent."""

    class Meta:
        model = Contact
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    category = ConsulteeCategory.PUBLIC
    address_line_1 = factory.Faker("street_address", locale="en_GB")
    town = "London"
    postcode = factory.Iterator(["SW1A 1AA", "N1 9GU", "SE1 7PB", "E8 1DY", "NW1 8NH"])

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """Record consent through the service, as a user of engage would."""
        if create and extracted:
            for channel in extracted:
                consent_record(
                    contact=self,
                    channel=channel,
                    granted=True,
                    method="paper_form",
                    wording_version="test",
                    acting_user=None,
                )
            self.refresh_from_db()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"{fake.company()} Community Group {n}")
    kind = OrganisationKind.VOLUNTARY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    contact = factory.SubFactory(ContactFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Member"
