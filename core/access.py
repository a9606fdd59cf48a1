"""Who may use which view: the single place that answers "may this user do this".

Every view in engage is classified, either as public or as restricted to named roles,
with the mixins below; tests/test_url_classification.py walks the URL
conf and fails on any view that is not. Which *rows* a user may see is the job of each
model's ``visible_to(user)`` queryset method and the predicates in each app's rules.py.

A signed-out visitor to a restricted view is sent to sign in; a signed-in user without
one of the view's roles (or without the view's extra permission, where it names one)
gets 403.
"""

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, resolve, reverse

from core.roles import Role


@dataclass(frozen=True)
class Access:
    """How a view is classified: public, or open to these roles only.

    ``own_account`` marks views that change only the signed-in user's own account
    (password change, sign out): the one kind of write an authority member may make.
    ``permission`` names a Django permission needed on top of one of the roles (for
    example ``audit.view_auditentry``: the audit trail is for some staff, not every one).
    """

    public: bool = False
    roles: frozenset[Role] = frozenset()
    own_account: bool = False
    permission: str = ""

    def allows(self, user) -> bool:
        if self.public:
            return True
        if not (user.is_authenticated and user.has_role(*self.roles)):
            return False
        return not self.permission or user.has_perm(self.permission)


PUBLIC = Access(public=True)


def access_of(view_callback) -> Access | None:
    """The classification of a resolved view callback, or None if it has none."""
    view_class = getattr(view_callback, "view_class", None)
    return getattr(view_class or view_callback, "access", None)


def may_use_url(user, url_name: str, *args, **kwargs) -> bool:
    """Whether ``user`` may open the page named ``url_name`` (used by the navigation)."""
    try:
        path = reverse(url_name, args=args, kwargs=kwargs)
    except NoReverseMatch:
        return False
    access = access_of(resolve(path).func)
    return access is not None and access.allows(user)


class PublicMixin:
    """For views anyone may open, signed in or not."""

    access = PUBLIC


class RoleRequiredMixin(LoginRequiredMixin):
    """For views restricted to named roles. Set ``access = Access(roles=...)``."""

    access: Access

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.access.allows(request.user):
            raise PermissionDenied("Your role does not give you access to this page.")
        return super().dispatch(request, *args, **kwargs)
