"""Where personal data about a contact lives, app by app, for subject access, erasure
and merge.

The stakeholders app cannot import the apps below it (consultations, feedback, ...), yet a
subject access export must include their invitations, attendance and notices, erasure
must reach them, and a merge must move their links. So each app that holds data about
contacts registers a provider here, from its AppConfig.ready():

    personal_data.register(InvitationData())

and the data-protection and merge services call every registered provider.

Each provider names the foreign keys to Contact it takes care of (``relations``), and
``RELATIONS_KEPT_HERE`` names those this app's own services handle:
tests/stakeholders/test_erasure.py walks every relation to Contact in every installed
app and fails on one that nobody names, so a new table that points at people cannot be
left out of subject access, erasure and merge by accident.
"""

from typing import Protocol


class PersonalDataProvider(Protocol):
    label: str  # the heading of this provider's section in a subject access export
    # "app_label.Model.field" of each foreign key to Contact this provider exports, erases
    # and moves on merge (empty if it finds its records another way, e.g. by email).
    relations: tuple[str, ...]

    def export(self, contact) -> list[dict]:
        """Everything this app holds about ``contact``, as JSON-ready dicts."""

    def erase(self, contact) -> None:
        """Remove ``contact``'s personal data, keeping anonymous counts. Called before the
        contact's own details are blanked, so records can be found by them."""

    def merge(self, *, winner, loser) -> None:
        """Move everything that points at ``loser`` to ``winner``."""


# The relations to Contact the stakeholders app handles itself: subject access
# (selectors/data_protection.py), erasure (services/data_protection.py) and merge
# (services/merge.py) each name these tables.
RELATIONS_KEPT_HERE = (
    "stakeholders.ConsentRecord.contact",
    "stakeholders.OutreachRecord.contact",
    "stakeholders.Contact_topics.contact",  # the topics table of Contact.topics
    "stakeholders.ContactEvent.pgh_obj",
    "stakeholders.EqualityProfile.contact",
    "stakeholders.Interaction.contact",
    "stakeholders.StaticListMember.contact",
    "stakeholders.Organisation.single_point_of_contact",
    "stakeholders.OrganisationEvent.single_point_of_contact",
    "stakeholders.Membership.contact",
    "stakeholders.MembershipEvent.contact",
)

_providers: list[PersonalDataProvider] = []


def register(provider: PersonalDataProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def providers() -> list[PersonalDataProvider]:
    return list(_providers)


def unregister(provider: PersonalDataProvider) -> None:
    """Forget ``provider`` (an app being unloaded, or a test's stand-in provider)."""
    if provider in _providers:
        _providers.remove(provider)


def covered_relations() -> set[str]:
    """Every relation to Contact that subject access, erasure and merge take care of."""
    covered = set(RELATIONS_KEPT_HERE)
    for provider in _providers:
        covered.update(getattr(provider, "relations", ()))
    return covered
