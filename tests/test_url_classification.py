"""Every URL is classified as public or restricted to named roles (DESIGN.md, Access control).

The walk covers the whole URL conf, so a view added without a classification fails here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.access import access_of
from core.roles import Role

ADMIN_NAMESPACE = "admin"  # the Django admin checks AdministratorsOnlyAdminSite instead


def walk(resolver=None, namespace=""):
    """Yield (url name with namespace, URLPattern) for every route in the URL conf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def app_routes():
    return [
        (name, pattern) for name, pattern in walk() if not name.startswith(f"{ADMIN_NAMESPACE}:")
    ]


def sample_path(name, pattern):
    """A concrete path for the route: placeholder values for any parameters."""
    converters = pattern.pattern.converters
    kwargs = {
        key: 1 if type(conv).__name__ == "IntConverter" else "x" for key, conv in converters.items()
    }
    return reverse(name, kwargs=kwargs)


def view_class(pattern):
    return getattr(pattern.callback, "view_class", None)


def handles_writes(pattern):
    cls = view_class(pattern)
    return cls is not None and any(
        hasattr(cls, method) for method in ("post", "put", "patch", "delete")
    )


ROUTES = app_routes()
RESTRICTED = [
    (n, p) for n, p in ROUTES if access_of(p.callback) and not access_of(p.callback).public
]


def test_the_walk_finds_the_routes():
    names = {name for name, _ in ROUTES}
    assert {"home", "accounts:sign-in", "areas:ward-detail", "stakeholders:index"} <= names


@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[n for n, _ in ROUTES])
def test_every_view_is_classified(name, pattern):
    access = access_of(pattern.callback)
    assert access is not None, f"{name} is neither public nor restricted to named roles"
    assert access.public or access.roles, f"{name} is restricted to no role at all"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), RESTRICTED, ids=[n for n, _ in RESTRICTED])
def test_anonymous_visitor_is_sent_to_sign_in(client, name, pattern):
    path = sample_path(name, pattern)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


WRITE_VIEWS = [
    (n, p) for n, p in RESTRICTED if handles_writes(p) and not access_of(p.callback).own_account
]


@pytest.mark.parametrize(("name", "pattern"), WRITE_VIEWS, ids=[n for n, _ in WRITE_VIEWS])
def test_no_write_view_is_open_to_authority_members(name, pattern):
    assert Role.AUTHORITY_MEMBER not in access_of(pattern.callback).roles


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), WRITE_VIEWS, ids=[n for n, _ in WRITE_VIEWS])
def test_authority_member_is_refused_every_write_view(client, authority_member, name, pattern):
    client.force_login(authority_member)
    path = sample_path(name, pattern)
    assert client.get(path).status_code == 403
    assert client.post(path, {}).status_code == 403


def test_there_are_write_views_to_check():
    assert "accounts:user-create" in {name for name, _ in WRITE_VIEWS}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.UNIT_STAFF, Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT]
)
def test_django_admin_is_for_administrators_only(client, users_by_role, role):
    client.force_login(users_by_role[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_administrator_can_use_the_django_admin(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:areas_ward_changelist"))
    assert response.status_code == 200
