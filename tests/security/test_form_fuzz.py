"""Every form of engage, fuzzed through its view with Hypothesis: no input gives a 500
(issue 10, "What to build" 5 and defect 6).

The forms are found by reading every page of the URL conf (tests/security/pages.py) as
the role that posts it: each POST form's fields, kinds and options come from the HTML
(tests/security/html_forms.py). Each form is then posted as that role with values drawn
from hostile strategies: text with NUL, control and right-to-left characters or 10,000
characters long, huge and negative numbers, dates such as 9999-12-31 and 0001-01-01,
choices that are not offered, other wards' ids, missing fields and repeated fields.

The world is built once for the module inside a transaction that is rolled back at the
end; each example runs in a savepoint rolled back after it, so examples never see each
other's writes. Each date and number field is first tried at its extreme (9999-12-31,
999999999999), then 12 drawn examples a form; runs are derandomised (the same examples
each run) so ``make test`` is stable; ``HYPOTHESIS_PROFILE=explore`` draws many more.
"""

import os
import traceback
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.roles import Role
from tests.security.every_model_world import build_world
from tests.security.html_forms import Form, post_forms
from tests.security.pages import pages, routes

SLOW_IS_FINE = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.function_scoped_fixture,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci",
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=SLOW_IS_FINE,
)
settings.register_profile(
    "explore",
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=SLOW_IS_FINE,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

# Marked so pytest-django sets up the test database; each test's own transaction is a
# savepoint inside the module's (see fuzz_world).
pytestmark = pytest.mark.django_db

# Routes not fuzzed, and why.
NOT_FUZZED = {
    "accounts:sign-out": "ends the session the fuzzing uses",
    "accounts:password-reset-confirm": "Django's own view: its form is on the page the "
    "link redirects to; the password rules are tested in tests/accounts/test_password_rules.py",
    "accounts:two-factor-verify": "shown only between the password and the code; bad and "
    "replayed codes are tested in tests/accounts/test_two_factor.py",
    "accounts:two-factor-backup-codes": "shown only to a user with a second factor; its one "
    "field, the password, is tested in tests/accounts/test_two_factor.py",
}

# Routes whose form the world does not yet bring up on any page (fuzzed with no fields,
# so only "everything missing"): the world needs the state that shows them.
FORM_NOT_FOUND = {
    "consultations:invitation-create": "the audience preview shows no form for the world",
    "consultations:question-delete": "the question list shows no buttons for the world",
    "consultations:question-move": "the question list shows no buttons for the world",
    "workplans:import-commit": "the import's commit page shows no form for the world",
}

# Pages that show their POST form only for a query (a search or a choice made first).
FORM_PAGE_QUERY = {
    "consultations:invitation-create": lambda w: f"?audience={w.audience.pk}",
    "consultations:group-member-add": lambda w: "?q=Grace",
}

# Routes that only take POST, and the route whose page shows their form.
FORM_SHOWN_ON = {
    "stakeholders:interaction-follow-up-done": "stakeholders:follow-up-list",
    "stakeholders:segment-delete": "stakeholders:segment-detail",
    "stakeholders:list-remove-member": "stakeholders:list-detail",
    "stakeholders:duplicate-dismiss": "stakeholders:duplicate-merge",
    "stakeholders:import-commit": "stakeholders:import-preview",
    "consultations:group-member-leave": "consultations:group-detail",
    "consultations:question-delete": "consultations:question-list",
    "consultations:question-move": "consultations:question-list",
    "consultations:panel-member-reminders": "consultations:panel-members",
    "consultations:toolkit-delete": "consultations:toolkit-detail",
    "workplans:progress-create": "workplans:item-detail",
    "workplans:evidence-create": "workplans:item-detail",
    "workplans:evidence-delete": "workplans:item-detail",
}

# Who posts a route's form: the most scoped role allowed (the sergeant's choices are the
# ones limited to their wards), else unit staff, else an administrator; anonymous when
# the page is public.
POSTER_PREFERENCE = (Role.NEIGHBOURHOOD_SERGEANT, Role.UNIT_STAFF, Role.ADMINISTRATOR)

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ud7ff\ufffd\U0001f600",
    "x" * 10_000,
    "0",
    "-1",
    "1e309",
    "NaN",
    "9" * 40,
    "999999999999",
    "-2147483649",
    "9223372036854775808",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "31/12/9999",
    "24:00",
    "' OR 1=1 --",
    "<script>x</script>",
    "../../etc/passwd",
]
HUGE_NUMBERS = [-1, 0, 2**15, 2**31, 2**63, 10**12, 999999999999, -(2**63) - 1, 10**40]
DATES = ["9999-12-31", "0001-01-01", "1900-01-01", "2100-12-31", "2026-13-01", "0000-00-00"]
TIMES = ["00:00", "23:59", "24:00", "99:99", "12:00:00.999999"]


def _text():
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))


def _number():
    return st.one_of(
        st.sampled_from(HUGE_NUMBERS).map(str),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        _text(),
    )


def _date():
    return st.one_of(st.sampled_from(DATES), st.dates().map(str), _text())


def _time():
    return st.one_of(st.sampled_from(TIMES), st.times().map(lambda t: t.strftime("%H:%M")))


def _ids(world):
    """Ids a hostile user might submit for a choice: other wards' and groups', none at all."""
    return [
        str(world.other_ward.pk),
        str(world.other_panel.pk),
        str(world.other_ward.borough_id),
        "0",
        "-1",
        "9223372036854775808",
        "abc",
    ]


def _file():
    return st.builds(
        lambda name, content: SimpleUploadedFile(name, content),
        st.sampled_from(["a.csv", "a.xlsx", "a.pdf", "../a.exe", "\x00.csv", "a" * 300]),
        st.binary(max_size=200),
    )


def value_strategy(form_field, world):
    kind = form_field.kind
    initial = [st.just(value) for value in form_field.initial]
    if kind in ("select", "radio", "checkbox", "submit"):
        offered = form_field.options + _ids(world) + ["", "not-a-choice"]
        base = st.one_of(st.sampled_from(offered), _text())
    elif kind == "number":
        base = _number()
    elif kind == "date":
        base = _date()
    elif kind == "time":
        base = _time()
    elif kind == "datetime-local":
        base = st.builds(lambda d, t: f"{d}T{t}", _date(), _time())
    elif kind == "file":
        return st.one_of(st.just(None), _file())
    else:
        base = _text()
    single = st.one_of(*initial, base) if initial else base
    many = st.lists(single, min_size=2, max_size=3)
    return st.one_of(single, many) if kind != "file" else single


MISSING = object()
PLAUSIBLE = {
    "number": "1",
    "date": "2027-03-01",
    "time": "18:00",
    "datetime-local": "2027-03-01T18:00",
    "email": "someone@example.org",
    "url": "https://example.org/",
    "tel": "020 7946 0000",
    "file": None,
}


def plausible(form_field):
    """A value the form would likely accept: what the page filled in, else a typical one."""
    if form_field.initial and any(form_field.initial):
        return form_field.initial if form_field.multiple else form_field.initial[0]
    if form_field.kind in ("select", "radio", "submit"):
        offered = [option for option in form_field.options if option]
        return offered[0] if offered else ""
    if form_field.kind == "checkbox":
        return MISSING
    return PLAUSIBLE.get(form_field.kind, "Some text")


BOUNDARIES = {
    "date": "9999-12-31",
    "datetime-local": "9999-12-31T23:59",
    "number": "999999999999",
}


def boundary_examples(form) -> list[dict]:
    """One example per date and number field at its extreme, the others plausible, tried
    before the drawn ones: the out-of-range values that most often reach the database."""
    base = {name: plausible(form_field) for name, form_field in form.fields.items()}
    base = {key: value for key, value in base.items() if value is not MISSING and value}
    found = [
        {**base, name: BOUNDARIES[form_field.kind]}
        for name, form_field in form.fields.items()
        if form_field.kind in BOUNDARIES
    ]
    long_text = {
        name: "x" * 10_000
        for name, form_field in form.fields.items()
        if form_field.kind in ("text", "textarea")
    }
    return [*found, {**base, **long_text}] if long_text else found


@st.composite
def form_data(draw, form, world):
    """A plausible filling of the form with up to three fields made hostile (or left out,
    or repeated), so the hostile value gets past the other fields' checks."""
    data = {name: plausible(form_field) for name, form_field in form.fields.items()}
    if form.fields:
        names = sorted(form.fields)
        for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
            strategy = value_strategy(form.fields[name], world)
            data[name] = draw(st.one_of(st.just(MISSING), strategy))
    return {key: value for key, value in data.items() if value is not MISSING and value is not None}


def poster(page):
    access = page.access
    if access.public:
        return None
    return next(role for role in POSTER_PREFERENCE if role in access.roles)


def discover(world):
    """(page, role, form) for every page whose view takes POST, with the form posted to it:
    read from the page itself, or for a POST-only route from the page in FORM_SHOWN_ON."""
    client = Client()
    every = pages(world)
    targets = [p for p in every if p.handles("post") and p.route not in NOT_FUZZED]
    to_read = set()
    for target in targets:
        shown_on = target.route if target.handles("get") else FORM_SHOWN_ON.get(target.route)
        role = poster(target)
        query = FORM_PAGE_QUERY.get(shown_on, lambda w: "")(world)
        to_read |= {(p.path + query, role) for p in every if p.route == shown_on}
    forms = {}
    for path, role in sorted(to_read, key=lambda item: (str(item[1]), item[0])):
        if role is None:
            client.logout()
        else:
            client.force_login(world.users[role])
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode()):
            forms.setdefault((urlsplit(form.action or path).path, role), form)
    return [(p, poster(p), forms.get((p.path, poster(p)))) for p in targets]


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and its forms, built once and rolled back when the module is done."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        world = build_world()
        yield world, discover(world)
        transaction.set_rollback(True)


def _route_names():
    return sorted(
        {
            name
            for name, pattern in routes()
            if name not in NOT_FUZZED
            and hasattr(getattr(pattern.callback, "view_class", None), "post")
        }
    )


ROUTES = _route_names()


@pytest.mark.parametrize("route", ROUTES)
def test_no_input_to_a_form_gives_a_500(route, fuzz_world, django_db_blocker):
    world, found = fuzz_world
    targets = [(page, role, form) for page, role, form in found if page.route == route]
    assert targets, f"{route}: no page of the world posts to it"
    formless = [page.path for page, _role, form in targets if form is None]
    if route not in FORM_NOT_FOUND:
        assert formless == [], f"no page shows the form posted to {formless}: see FORM_SHOWN_ON"
    failures = []
    for page, role, form in targets:
        form = form or Form(action=page.path)  # FORM_NOT_FOUND: only missing fields
        client = Client()
        with django_db_blocker.unblock():
            if role is not None:
                client.force_login(world.users[role])
            _fuzz(client, page, form, world, failures)
    assert failures == [], "\n".join(failures)


def _fuzz(client, page, form, world, failures):
    strategy = form_data(form, world)
    last = {}

    @settings(settings.get_profile(PROFILE))
    @given(data=strategy)
    def post(data):
        with transaction.atomic():
            try:
                status, error = client.post(page.path, data).status_code, None
            except Exception as exc:  # the view raised: Django would answer 500
                status, error = 500, exc
            finally:
                transaction.set_rollback(True)
        if status < 500:
            return
        kind = type(error).__name__ if error else "500"
        last["where"] = traceback.format_exception(error)[-2].strip() if error else ""
        last["what"] = f"{kind}: {error!s:.300}"
        raise AssertionError(f"{_short(data)}")

    for boundary in boundary_examples(form):
        post = example(data=boundary)(post)
    try:
        post()
    except AssertionError as smallest:  # the input Hypothesis shrank the failure to
        failures.append(
            f"{page.path} ({page.route}) {last['what']}\n    at {last['where']}\n    for {smallest}"
        )


def _short(data) -> dict:
    return {key: (repr(value)[:60]) for key, value in data.items()}
