"""Writes to equality monitoring answers: voluntary, special category data.

Only unit staff holding the extra permission may record answers. Answers need the
person's explicit consent (its date is recorded); an objection clears every answer and
records when it was made (the database refuses answers held after an objection).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from stakeholders.models import Contact, EqualityProfile

ANSWER_FIELDS = (
    "age_band",
    "sex",
    "gender_identity_differs",
    "sexual_orientation",
    "ethnicity",
    "religion",
    "disability",
)


@transaction.atomic
def equality_profile_save(
    *,
    contact: Contact,
    answers: dict[str, str],
    explicit_consent_given_on: datetime.date | None,
    objected: bool,
    acting_user,
) -> EqualityProfile | None:
    """Record a person's equality monitoring answers, or their objection.

    ``answers`` maps the fields in ANSWER_FIELDS to a choice value ("" for not asked).
    With ``objected`` every answer and the consent date are cleared, whatever was sent,
    and ``objected_on`` keeps the date of the first objection. When nothing is left to
    hold (no answer, no consent date, no objection) the record is removed: returns None.
    """
    if not acting_user.has_perm("stakeholders.edit_equality_data"):
        raise PermissionDenied("You may not record equality monitoring answers.")
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown equality questions: {', '.join(sorted(unknown))}")
    profile, _ = EqualityProfile.objects.select_for_update().get_or_create(contact=contact)
    today = timezone.localdate()
    if objected:
        for field in ANSWER_FIELDS:
            setattr(profile, field, "")
        profile.explicit_consent_given_on = None
        profile.objected_on = profile.objected_on if profile.objected else today
        profile.objected = True
    else:
        for field in ANSWER_FIELDS:
            setattr(profile, field, answers.get(field, "") or "")
        any_answer = any(getattr(profile, field) for field in ANSWER_FIELDS)
        if any_answer and explicit_consent_given_on is None:
            raise ValidationError(
                {
                    "explicit_consent_given_on": "Answers are held only with the person's "
                    "explicit consent: give the date they agreed."
                }
            )
        if explicit_consent_given_on and explicit_consent_given_on > today:
            raise ValidationError(
                {"explicit_consent_given_on": "The date consent was given cannot be in the future."}
            )
        if not any_answer and explicit_consent_given_on is None:
            profile.delete()
            _audit_equality(contact, acting_user, "Removed equality monitoring answers")
            return None
        profile.explicit_consent_given_on = explicit_consent_given_on
        profile.objected = False
        profile.objected_on = None
    profile.recorded_by = acting_user
    profile.full_clean()
    profile.save()
    _audit_equality(
        contact,
        acting_user,
        "Recorded an objection to equality monitoring" if objected else "Saved equality answers",
    )
    return profile


def _audit_equality(contact, acting_user, summary: str) -> None:
    """Which person's answers changed and who changed them: never the answers."""
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=acting_user,
        target=contact,
        summary=summary,
        detail={"fields": ["equality monitoring"]},
        contact_ids=[contact.pk],
    )
