"""Writes to accounts. Views call these; they never save users themselves."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.tasks import send_account_invitation
from core.roles import Role


def _check_roles_and_wards(*, roles, wards):
    if not roles:
        raise ValidationError({"roles": "Choose at least one role."})
    is_sergeant = Role.NEIGHBOURHOOD_SERGEANT in roles
    if is_sergeant and not wards:
        raise ValidationError({"wards": "A neighbourhood sergeant needs at least one ward."})
    if wards and not is_sergeant:
        raise ValidationError({"wards": "Only neighbourhood sergeants are assigned wards."})


def _apply_roles_and_wards(user, *, roles, wards):
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    user.wards.set(wards)
    user.__dict__.pop("roles", None)  # forget the cached roles


@transaction.atomic
def user_create(*, email, full_name, job_title="", roles, wards=(), acting_user) -> User:
    """Create an account with no usable password and email its holder a link to set one."""
    roles, wards = set(roles), list(wards)
    _check_roles_and_wards(roles=roles, wards=wards)
    user = User(
        email=email,
        full_name=full_name,
        job_title=job_title,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _apply_roles_and_wards(user, roles=roles, wards=wards)
    send_account_invitation.delay_on_commit(user.pk)
    return user


@transaction.atomic
def user_update(
    *, user, email, full_name, job_title, is_active, roles, wards=(), acting_user
) -> User:
    """Change an account's details, roles and wards. Nobody can lock themselves out."""
    roles, wards = set(roles), list(wards)
    _check_roles_and_wards(roles=roles, wards=wards)
    if user == acting_user and (not is_active or Role.ADMINISTRATOR not in roles):
        raise ValidationError(
            "You cannot remove your own administrator role or deactivate yourself; "
            "ask another administrator."
        )
    user.email, user.full_name, user.job_title = email, full_name, job_title
    user.is_active = is_active
    user.is_staff = Role.ADMINISTRATOR in roles
    user.full_clean()
    user.save(update_fields=["email", "full_name", "job_title", "is_active", "is_staff"])
    _apply_roles_and_wards(user, roles=roles, wards=wards)
    return user
