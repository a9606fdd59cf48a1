"""Users sign in by email address; what they may do comes from their roles (groups)."""

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from areas.models import Ward
from core.roles import LONDON_WIDE_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    wards = models.ManyToManyField(
        Ward,
        blank=True,
        related_name="sergeants",
        help_text="The wards a neighbourhood sergeant looks after.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick instead of deleting someone who has left."
    )
    is_staff = models.BooleanField(
        "Django admin access",
        default=False,
        help_text="Administrators get this automatically.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read once per request from their groups."""
        if not self.is_active:
            return frozenset()
        if self.is_superuser:  # the break-glass account made by createsuperuser
            return frozenset({Role.ADMINISTRATOR})
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(role for role in Role if role.value in names)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def roles_display(self) -> str:
        """The roles as a phrase: "administrator and unit staff"."""
        labels = sorted(role.label.lower() for role in self.roles)
        return " and ".join(filter(None, [", ".join(labels[:-1]), *labels[-1:]]))

    @property
    def has_london_wide_view(self) -> bool:
        return self.has_role(*LONDON_WIDE_ROLES)


class PasswordResetRequest(models.Model):
    """One request for a password reset link, kept an hour for the throttle.

    Only keyed hashes of the email address and the client address are stored: enough to
    count requests, useless to find anyone by. Rows older than the hour are deleted as
    new requests come in (``accounts.services.password_reset_request``).
    """

    email_digest = models.CharField(max_length=64, db_index=True)
    address_digest = models.CharField(max_length=64, db_index=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Password reset request at {self.created:%Y-%m-%d %H:%M}"
