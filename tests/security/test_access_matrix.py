"""Every URL, as every kind of user, by GET and by POST, answers as docs/security.md says.

The world (tests/security/world.py) is built once for the module; each request runs in a
savepoint that is rolled back, so an allowed POST that changes or deletes a record leaves
the world as it was for the next one. POSTs carry an empty body (the test client does not
check CSRF): a refused one answers login, 403 or 404; an allowed one a page with form
errors, 400, or a redirect after doing its work.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.security.matrix import SECURITY_MD, Table, answer_of, format_row, lets_in
from tests.security.world import USERS, build_world, url_kwargs
from tests.test_url_classification import walk

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TABLE = Table.read()
ROUTES = [(name, pattern) for name, pattern in walk() if not name.endswith(":None")]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, in a transaction rolled back when the module's tests are done."""
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def admin_kwargs(name: str, pattern, world) -> dict:
    """Parameters of the Django admin's URLs: the first record of the URL's model."""
    params = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    kwargs = {}
    if "app_label" in params:
        kwargs["app_label"] = "areas"
    if "content_type_id" in params:
        kwargs["content_type_id"] = ContentType.objects.get_for_model(world.consultation).pk
        kwargs["object_id"] = world.consultation.pk
    elif id_param := next((p for p in ("object_id", "id", "pk") if p in params), None):
        model = next(
            model
            for model, model_admin in admin.site._registry.items()
            if any(f"admin:{url.name}" == name for url in model_admin.get_urls())
        )
        record = model._default_manager.order_by("pk").first()
        kwargs[id_param] = record.pk if record else 0
    return kwargs


def path_for(name: str, pattern, world) -> str:
    if name.startswith("admin:"):
        return reverse(name, kwargs=admin_kwargs(name, pattern, world))
    kwargs = url_kwargs(name, pattern, world)
    assert kwargs is not None, (
        f"{name} ({pattern.pattern}) has parameters the matrix cannot fill: say which world "
        "object fills them in PK_OF or OTHER_KWARGS of tests/security/world.py."
    )
    return reverse(name, kwargs=kwargs)


def ask(user, method: str, path: str) -> tuple[str, str]:
    """One request as ``user``, in a savepoint rolled back afterwards: the answer, and the
    body as text."""
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        try:
            response = getattr(client, method)(path, {})
        except Exception as error:  # a crash is an answer the table lacks: report it
            answer, body = f"crash ({type(error).__name__}: {error})", b""
        else:
            answer = answer_of(response)
            # Streamed files are read to the end: the test client then closes them.
            body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    return answer, body.decode("utf-8", errors="replace")


# Who must never see the world's contact (a member of the public living in ward A).
NOT_FOR = ("authority member", "sergeant, other ward")


def personal_values(world) -> list[str]:
    return [world.contact.name, world.contact.email, world.contact.postcode]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[name for name, _ in ROUTES])
def test_the_url_answers_every_user_as_the_table_says(world, name, pattern):
    path = path_for(name, pattern, world)
    observed, leaks = {}, []
    for user in USERS:
        answers = {method: ask(world.users.get(user), method, path) for method in ("get", "post")}
        observed[user] = (answers["get"][0], answers["post"][0])
        if user in NOT_FOR:
            leaks += [
                f"  {user} sees {value!r} ({method.upper()})"
                for method, (_answer, body) in answers.items()
                for value in personal_values(world)
                if value in body
            ]
    expected = TABLE.expected(name)
    assert expected is not None, (
        f"{name} is not in {SECURITY_MD.name}. Add its row to the table, saying what each "
        f"user should get; today it answers:\n{format_row(name, observed)}"
    )
    wrong = []
    for user in USERS:
        for method, seen, meant in (
            ("GET", observed[user][0], expected[user].get),
            ("POST", observed[user][1], expected[user].post),
        ):
            if seen != meant:
                kind = "UNEXPECTED ALLOW" if lets_in(seen) and not lets_in(meant) else "differs"
                wrong.append(f"  {kind}: {method} {path} as {user}: {seen}, table says {meant}")
    if leaks:
        wrong += [f"  {name} shows the personal data of a contact of ward A:", *leaks]
    assert not wrong, (
        f"{name} does not answer as {SECURITY_MD.name} says:\n"
        + "\n".join(wrong)
        + f"\nIt answers:\n{format_row(name, observed)}"
    )


@pytest.mark.django_db
def test_the_leak_check_finds_the_contact_where_it_is_shown(world):
    """The values the leak check looks for are really on the pages of those who may see."""
    path = reverse("stakeholders:contact-detail", kwargs={"pk": world.contact.pk})
    answer, page = ask(world.users["sergeant, own ward"], "get", path)
    assert answer == "ok"
    assert all(value in page for value in personal_values(world))


def test_every_row_of_the_table_names_a_url():
    names = {name for name, _ in ROUTES}
    stale = TABLE.exact_names() - names
    assert not stale, f"Rows in {SECURITY_MD.name} for URLs that no longer exist: {sorted(stale)}"


def test_the_table_covers_the_url_conf():
    assert "consultations:consultation-detail" in TABLE.rows
    assert len(ROUTES) > 150
