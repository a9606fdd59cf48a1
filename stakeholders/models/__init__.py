from stakeholders.models.consent import ConsentRecord, OutreachRecord
from stakeholders.models.contacts import Contact
from stakeholders.models.duplicates import DuplicateDismissal
from stakeholders.models.equality import EqualityProfile
from stakeholders.models.imports import ImportJob
from stakeholders.models.interactions import Interaction
from stakeholders.models.lists import Audience, Segment, StaticList, StaticListMember
from stakeholders.models.organisations import Membership, Organisation
from stakeholders.models.reference import Community, Topic

__all__ = [
    "Audience",
    "Community",
    "ConsentRecord",
    "Contact",
    "DuplicateDismissal",
    "EqualityProfile",
    "ImportJob",
    "Interaction",
    "Membership",
    "Organisation",
    "OutreachRecord",
    "Segment",
    "StaticList",
    "StaticListMember",
    "Topic",
]
