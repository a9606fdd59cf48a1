"""Factories for consultations: used by the tests, seed_demo and seed_scale."""

from datetime import timedelta

import factory
from django.utils import timezone

from consultations.choices import ConsultationStatus, EngagementLevel, GroupKind
from consultations.models import Consultation, ConsultativeGroup, Event, PriorityTheme, WardPriority


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Consultation {n} on neighbourhood policing")
    why = "The borough is deciding its policing priorities for next year."
    can_influence = "Which three priorities the ward's team works on."
    engagement_level = EngagementLevel.CONSULTATION
    lead_officer = factory.SubFactory("accounts.factories.UserFactory")
    unit = "Strategic Consultation Unit"

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create and extracted:
            self.wards.set(extracted)


class ConsultativeGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultativeGroup

    name = factory.Sequence(lambda n: f"Ward panel {n}")
    kind = GroupKind.WARD_PANEL
    ward = factory.SubFactory("areas.factories.WardFactory")
    borough = factory.SelfAttribute("ward.borough")


class EventFactory(factory.django.DjangoModelFactory):
    """A two-hour session of a planned consultation, a week from now."""

    class Meta:
        model = Event

    consultation = factory.SubFactory(ConsultationFactory, status=ConsultationStatus.PLANNED)
    title = factory.Sequence(lambda n: f"Public meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    venue_name = "Community Hall"


class WardPriorityFactory(factory.django.DjangoModelFactory):
    """An open priority of a ward panel, set today, reviewed in two months."""

    class Meta:
        model = WardPriority

    group = factory.SubFactory(ConsultativeGroupFactory)
    theme = factory.LazyFunction(lambda: PriorityTheme.objects.get_or_create(name="Burglary")[0])
    description = "Burglaries from sheds and garages on the estate."
    set_on = factory.LazyFunction(timezone.localdate)
    review_by = factory.LazyAttribute(lambda priority: priority.set_on + timedelta(days=60))
