"""The checks every work plan service makes of the acting user, whatever called it."""

from django.core.exceptions import PermissionDenied

from workplans.models.scope import is_editor


def check_editor(user) -> None:
    if not is_editor(user):
        raise PermissionDenied("Only unit staff and administrators change work plans.")
