"""Data-protection writes: erasure (on request, or at the end of the retention period)
and re-verification from the retention review.

Erasure keeps the contact row as an anonymous shell, so counts that include the person
(attendance, invitations sent, contacts per borough) stay right. Everything else that is
about them goes, the history tables included:

- overwritten on the row: name ("Erased contact"), job title, email, phone, postal
  address, home ward, preferred channel, language, access needs, topics, source, date last
  verified; consent flags off; do-not-contact on ("Erased"); ``erased_at`` set;
- kept on the row: consultee category, lawful basis and home borough, for anonymous counts
  (a borough holds some 300,000 people; a ward is small enough to help identify someone);
- deleted: consent records (their wording and notes are about the person), interactions,
  the equality monitoring profile, static list memberships, organisation memberships, and
  every history row of the contact and of their memberships (ContactEvent,
  MembershipEvent), including the row the erasure itself writes, and the admin log's
  entries about the contact;
- cleared: the organisations' single point of contact, where it was this person (in
  their history rows too);
- stopped: imports under way whose file or preview holds the person (their file and
  rows deleted: ``stakeholders.services.imports.erasure``);
- kept: outreach records (channel, date and what the invitation was for: no personal data),
  which the fatigue cap and invitation counts need;
- then every app registered in ``stakeholders.personal_data`` erases its own part.

Who erased whom and when is logged (contact id and user id, no personal data). The
retention task erases contacts nobody has verified for the retention period
(``contacts_erase_unverified``) in the same way, with no user.
"""

import logging
from datetime import date

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import Action
from audit.services import audit_forget_contact, audit_record
from stakeholders import personal_data
from stakeholders.models import (
    ConsentRecord,
    Contact,
    EqualityProfile,
    Interaction,
    Membership,
    Organisation,
    StaticListMember,
)
from stakeholders.selectors.data_protection import contacts_not_verified_since
from stakeholders.services.imports.erasure import import_jobs_forget_contact

logger = logging.getLogger(__name__)

ERASED_NAME = "Erased contact"
ERASED_DO_NOT_CONTACT_REASON = "Erased"
CONFIRMATION_WORD = "ERASE"


class ErasureReason(models.TextChoices):
    """Why a contact is erased: a fixed list, so the log never holds free text about them."""

    REQUEST = "request", "The person asked us to erase their data"
    RETENTION = "retention", "Not verified within the retention period"
    NOT_NEEDED = "not_needed", "No longer needed for consultation"
    OBJECTION = "objection", "The person objected to our processing"


# Overwritten on erasure: field → the value that replaces it.
ERASED_VALUES = {
    "name": ERASED_NAME,
    "job_title": "",
    "email": "",
    "phone": "",
    "address_line_1": "",
    "address_line_2": "",
    "town": "",
    "postcode": "",
    "home_ward": None,
    "preferred_channel": "",
    "language": "",
    "needs_interpreter": False,
    "needs_bsl": False,
    "needs_large_print": False,
    "needs_step_free": False,
    "access_notes": "",
    "source": "",
    "last_verified": None,
    "email_consent": False,
    "post_consent": False,
    "phone_consent": False,
    "do_not_contact": True,
    "do_not_contact_reason": ERASED_DO_NOT_CONTACT_REASON,
}


def _require_manager(acting_user) -> None:
    if acting_user is None or not acting_user.has_perm("stakeholders.manage_contacts"):
        raise PermissionDenied("Only unit staff and administrators may do this.")


def _check_reason(reason: str) -> None:
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": "Choose why this contact is being erased."})


@transaction.atomic
def contact_erase(*, contact: Contact, reason: str, acting_user) -> Contact:
    """Erase ``contact``'s personal data everywhere, keeping the anonymous row. Irreversible."""
    _require_manager(acting_user)
    _check_reason(reason)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.is_erased:
        raise ValidationError("This contact has already been erased.")
    _erase(contact, reason=reason, acting_user=acting_user)
    contact_id, user_id = contact.pk, acting_user.pk
    transaction.on_commit(
        lambda: logger.info(
            "Contact %s erased by user %s (reason: %s)", contact_id, user_id, reason
        )
    )
    return contact


def contacts_erase_unverified(*, before: date) -> int:
    """Retention (the nightly task, no user): erase every contact not verified since
    ``before`` (never verified and added before it). One transaction per contact, each
    checked again under its lock, so a contact verified meanwhile is kept and a second
    run erases nobody twice. Returns how many were erased."""
    erased = 0
    for pk in contacts_not_verified_since(day=before).values_list("pk", flat=True):
        with transaction.atomic():
            contact = (
                contacts_not_verified_since(day=before).select_for_update().filter(pk=pk).first()
            )
            if contact is None:
                continue  # verified or erased meanwhile
            _erase(contact, reason=ErasureReason.RETENTION)
            transaction.on_commit(
                lambda pk=pk: logger.info(
                    "Contact %s erased by the retention task (reason: %s)",
                    pk,
                    ErasureReason.RETENTION,
                )
            )
        erased += 1
    return erased


def _erase(contact: Contact, *, reason: str, acting_user=None) -> None:
    """The erasure itself, on a contact locked by the caller's transaction; the audit
    entry records it (no user when the retention task erases)."""
    membership_ids = list(contact.memberships.values_list("pk", flat=True))

    # First, while the contact still has the details (an email address) that other apps
    # may find their records by.
    for provider in personal_data.providers():
        provider.erase(contact)
    import_jobs_forget_contact(contact=contact)
    audit_forget_contact(
        contact_id=contact.pk, values=[contact.name, contact.email, contact.phone, contact.postcode]
    )

    ConsentRecord.objects.filter(contact=contact).delete()
    Interaction.objects.filter(contact=contact).delete()
    EqualityProfile.objects.filter(contact=contact).delete()
    StaticListMember.objects.filter(contact=contact).delete()
    Membership.objects.filter(pk__in=membership_ids).delete()
    Organisation.objects.filter(single_point_of_contact=contact).update(
        single_point_of_contact=None, modified=timezone.now()
    )
    contact.topics.clear()

    for field, value in ERASED_VALUES.items():
        setattr(contact, field, value)
    contact.erased_at = timezone.now()
    contact.full_clean()
    contact.save()

    # Last, so the snapshot the overwrite above just wrote goes too.
    apps.get_model("stakeholders", "ContactEvent").objects.filter(pgh_obj_id=contact.pk).delete()
    apps.get_model("stakeholders", "MembershipEvent").objects.filter(
        Q(contact_id=contact.pk) | Q(pgh_obj_id__in=membership_ids)
    ).delete()
    apps.get_model("stakeholders", "OrganisationEvent").objects.filter(
        single_point_of_contact_id=contact.pk
    ).update(single_point_of_contact_id=None)
    # The Django admin's log names the object it changed.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)
    ).delete()

    audit_record(
        action=Action.ERASURE,
        actor=acting_user,
        target=contact,
        summary=f"Erased contact {contact.pk}",
        detail={"reason": reason},
        contact_ids=[contact.pk],
    )


@transaction.atomic
def contacts_erase(*, contacts, reason: str, acting_user) -> int:
    """Erase each of ``contacts`` (skipping any already erased), all or none."""
    _require_manager(acting_user)
    _check_reason(reason)
    erased = 0
    for contact in Contact.objects.filter(pk__in=[c.pk for c in contacts], erased_at=None):
        contact_erase(contact=contact, reason=reason, acting_user=acting_user)
        erased += 1
    return erased


@transaction.atomic
def contacts_verify(*, contacts, acting_user) -> int:
    """Record that ``contacts``' details were confirmed as current today.

    One UPDATE: the history trigger still writes a snapshot per contact, with the user
    from the request's history context.
    """
    _require_manager(acting_user)
    verified = (
        Contact.objects.visible_to(acting_user)
        .active()
        .filter(pk__in=[contact.pk for contact in contacts])
    )
    ids = list(verified.values_list("pk", flat=True))
    count = verified.update(last_verified=timezone.localdate(), modified=timezone.now())
    audit_record(
        action=Action.BULK_CHANGE,
        actor=acting_user,
        summary=f"Marked {count} contacts as verified today",
        detail={"fields": ["last_verified"], "rows": count},
        contact_ids=ids,
    )
    return count
