"""The main navigation: each role sees only the sections its access classification allows.

Visibility is not decided here: each entry is shown when core.access says the user
may open its page, so the navigation can never disagree with the views.
"""

from dataclasses import dataclass

from django.urls import reverse

from core.access import may_use_url


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    description: str


SECTIONS = (
    Section("Stakeholders", "stakeholders:index", "Organisations, contacts, consent and lists."),
    Section("Consultations", "consultations:index", "Consultations, events and standing groups."),
    Section("Work plans", "workplans:index", "Objectives, actions, targets and reviews."),
    Section("Feedback", "feedback:index", "What we tell people back: you said, we did."),
    Section("Ward panels", "consultations:panel-home", "Meetings, priorities, what is overdue."),
    Section(
        "Equality figures",
        "stakeholders:equality-report",
        "Who we reach: aggregates only, small counts hidden.",
    ),
    Section("Wards", "areas:ward-list", "London's boroughs, command units and wards."),
    Section("Users", "accounts:user-list", "Accounts, roles and sergeants' wards."),
    Section("Audit trail", "audit:entry-list", "Who signed in, exported, erased or changed what."),
)


@dataclass(frozen=True)
class NavItem:
    section: Section
    url: str
    current: bool


def sections_for(user) -> list[Section]:
    return [section for section in SECTIONS if may_use_url(user, section.url_name)]


def navigation(request):
    """Context processor: the sections the user may use, marking the one they are in."""
    items = []
    for section in sections_for(request.user):
        url = reverse(section.url_name)
        items.append(NavItem(section, url, current=request.path.startswith(url)))
    return {"nav_sections": items}
