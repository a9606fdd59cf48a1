"""Factories for users, used by the tests and by seed_demo (so they live in the app)."""

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    """A user with the roles given as ``roles=[Role.UNIT_STAFF]`` and optional ``wards``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[Role(r).value for r in extracted]))
            self.is_staff = Role.ADMINISTRATOR in extracted
            self.save(update_fields=["is_staff"])

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create and extracted:
            self.wards.set(extracted)
