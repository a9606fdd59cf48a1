"""Factories for areas, used by the tests and by seed_demo."""

import factory

from areas.models import Borough, CommandUnit, Ward


class CommandUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommandUnit
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test Command Unit {n}")
    slug = factory.Sequence(lambda n: f"test-command-unit-{n}")


class BoroughFactory(factory.django.DjangoModelFactory):
    """A made-up borough (code E0999xxxx) so tests never collide with the real 32."""

    class Meta:
        model = Borough

    ons_code = factory.Sequence(lambda n: f"E0999{n:04d}")
    name = factory.Sequence(lambda n: f"Test Borough {n}")
    command_unit = factory.SubFactory(CommandUnitFactory)


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    ons_code = factory.Sequence(lambda n: f"E0599{n:04d}")
    name = factory.Sequence(lambda n: f"Test Ward {n}")
    borough = factory.SubFactory(BoroughFactory)
