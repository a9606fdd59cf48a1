"""Signed links in invitations: RSVP and briefing materials, for people with no account.

A token carries only the invitation's id, signed with the site's secret key, a salt of
its own (so no other signed value in engage can pass for it) and the time it was made.
It is refused when tampered with or older than ``MAX_AGE``.
"""

from datetime import timedelta

from django.core import signing

SALT = "consultations.invitation"
# Long enough for an invitation sent months ahead of an event (and its reminder).
MAX_AGE = timedelta(days=120)


def invitation_token(invitation) -> str:
    return signing.dumps(invitation.pk, salt=SALT)


def invitation_id_from_token(token: str) -> int | None:
    """The invitation id the token was made for, or None when tampered with or expired."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return value if isinstance(value, int) else None
