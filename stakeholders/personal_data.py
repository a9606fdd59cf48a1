"""Where personal data about a contact lives, app by app, for subject access, erasure
and merge.

The stakeholders app cannot import the apps below it (consultations, feedback, ...), yet a
subject access export must include their invitations, attendance and notices, erasure
must reach them, and a merge must move their links. So each app that holds data about
contacts registers a provider here, from its AppConfig.ready():

    personal_data.register(InvitationData())

and the data-protection and merge services call every registered provider.
"""

from typing import Protocol


class PersonalDataProvider(Protocol):
    label: str  # the heading of this provider's section in a subject access export

    def export(self, contact) -> list[dict]:
        """Everything this app holds about ``contact``, as JSON-ready dicts."""

    def erase(self, contact) -> None:
        """Remove ``contact``'s personal data, keeping anonymous counts. Called before the
        contact's own details are blanked, so records can be found by them."""

    def merge(self, *, winner, loser) -> None:
        """Move everything that points at ``loser`` to ``winner``."""


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
