"""Security headers on a sample of every app's pages (issue 10, defect 5 and "Headers").

Every response Django builds carries the Content Security Policy (nothing inline, no
framing), the Permissions-Policy, ``Cache-Control: no-store``, ``nosniff`` and the
Referrer-Policy: signed-in pages, exports and downloads, the admin site, and the public
pages as a signed-out visitor sees them. Static files keep their caching.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import BriefingMaterial, Invitation, Question
from consultations.signing import invitation_token
from core.middleware import NoStoreMiddleware
from stakeholders.factories import ContactFactory, OrganisationFactory
from workplans.factories import WorkPlanFactory

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in policy.split(";") if part.strip())
    return dict(parts)


def assert_security_headers(response):
    assert directives(response["Content-Security-Policy"]) == EXPECTED_CSP
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def world(ward, settings, tmp_path):
    """One object of each kind the sampled pages show."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    consultation = ConsultationFactory(
        status=ConsultationStatus.OPEN,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=20),
        wards=[ward],
    )
    Question.objects.create(
        consultation=consultation,
        position=0,
        text="What worries you most?",
        kind=QuestionKind.FREE_TEXT,
        required=False,
    )
    event = EventFactory(consultation=consultation, published=True)
    material = BriefingMaterial.objects.create(
        event=event,
        title="Patrol map",
        file=SimpleUploadedFile("map.pdf", b"%PDF-1.4 the map"),
        content_type="application/pdf",
        size=16,
    )
    contact = ContactFactory(home_ward=ward, home_borough=ward.borough)
    invitation = Invitation.objects.create(event=event, contact=contact)
    return {
        "ward": ward,
        "consultation": consultation,
        "group": ConsultativeGroupFactory(ward=ward),
        "event": event,
        "material": material,
        "token": invitation_token(invitation),
        "contact": contact,
        "organisation": OrganisationFactory(),
        "plan": WorkPlanFactory(),
    }


def page(name, *arguments, query=""):
    """A page's address; each argument is the key of an object in ``world``, or as given."""

    def address(world):
        values = (world.get(argument, argument) for argument in arguments)
        return reverse(name, args=[getattr(value, "pk", value) for value in values]) + query

    address.label = name + query
    return address


# (role fixture, page), one or more per app.
SIGNED_IN_PAGES = [
    ("unit_staff", page("home")),
    ("unit_staff", page("accounts:password-change")),
    ("administrator", page("accounts:user-list")),
    ("unit_staff", page("areas:borough-list")),
    ("unit_staff", page("areas:ward-list")),
    ("unit_staff", page("stakeholders:index")),
    ("unit_staff", page("stakeholders:contact-list")),
    ("unit_staff", page("stakeholders:contact-detail", "contact")),
    ("unit_staff", page("stakeholders:contact-subject-access", "contact")),
    ("unit_staff", page("stakeholders:contact-subject-access-json", "contact")),
    ("unit_staff", page("stakeholders:contact-export", query="?format=csv")),
    ("unit_staff", page("stakeholders:contact-export", query="?format=xlsx")),
    ("unit_staff", page("stakeholders:organisation-detail", "organisation")),
    ("unit_staff", page("stakeholders:equality-report")),
    ("unit_staff", page("consultations:index")),
    ("unit_staff", page("consultations:consultation-detail", "consultation")),
    ("unit_staff", page("consultations:event-detail", "event")),
    ("unit_staff", page("consultations:group-detail", "group")),
    ("unit_staff", page("consultations:calendar-month")),
    ("unit_staff", page("consultations:material-download", "material")),
    ("sergeant", page("consultations:panel-home")),
    ("unit_staff", page("workplans:index")),
    ("authority_member", page("workplans:plan-detail", "plan")),
    ("unit_staff", page("workplans:plan-export", "plan", "csv")),
    ("unit_staff", page("feedback:index")),
    ("administrator", page("admin:index")),
    ("administrator", page("admin:accounts_user_changelist")),
    ("administrator", page("admin:areas_ward_change", "ward")),
]

PUBLIC_PAGES = [
    page("home"),
    page("accounts:sign-in"),
    page("accounts:password-reset"),
    page("consultations:public-event-list"),
    page("consultations:public-event-detail", "event"),
    page("consultations:public-response", "consultation"),
    page("consultations:rsvp", "token"),
    page("consultations:material-by-invitation", "token", "material"),
    page("consultations:ical-all"),
    page("admin:login"),
]


@pytest.mark.parametrize(
    ("role", "address"), SIGNED_IN_PAGES, ids=[f"{r}-{a.label}" for r, a in SIGNED_IN_PAGES]
)
def test_signed_in_pages_and_exports_carry_the_security_headers(
    client, request, world, role, address
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(address(world))

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("address", PUBLIC_PAGES, ids=[a.label for a in PUBLIC_PAGES])
def test_public_pages_carry_the_security_headers_for_anyone(client, world, address):
    response = client.get(address(world))

    assert response.status_code == 200
    assert_security_headers(response)


def test_refusals_and_redirects_carry_the_security_headers_too(client, authority_member):
    assert_security_headers(client.get(reverse("stakeholders:contact-list")))  # to sign in
    client.force_login(authority_member)
    refused = client.get(reverse("stakeholders:contact-list"))
    assert refused.status_code == 403
    assert_security_headers(refused)


def test_a_view_that_asks_for_caching_is_still_not_stored(rf):
    """A view's own caching headers cannot undo no-store: the two are merged, not stacked."""

    @cache_control(public=True, max_age=3600)
    def cacheable_view(request):
        return HttpResponse("cacheable?")

    response = NoStoreMiddleware(cacheable_view)(rf.get("/"))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "max-age=0"} <= directives
    assert not directives & {"public", "max-age=3600"}


def test_static_files_keep_their_caching(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic

    response = client.get("/static/css/engage.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


def test_a_failed_csrf_check_shows_engage_s_page_with_no_inline_style():
    """Django's own page for it has an inline <style>, which the policy would block."""
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:sign-in"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "This form could not be sent" in response.text
    assert "<style" not in response.text
    assert_security_headers(response)


ROOT = Path(__file__).resolve().parent.parent
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"  # a script with no src: inline code
    r"|<style\b"
    r"|\sstyle\s*="
    r"|\son[a-z]+\s*="  # onclick= and every other event handler attribute
    r"|\shx-on"
    r"|javascript:",
    re.IGNORECASE,
)


def test_no_template_has_inline_scripts_or_styles():
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    assert len(templates) > 50
    found = [
        f"{template.relative_to(ROOT)}: {match.group(0)}"
        for template in templates
        for match in INLINE.finditer(template.read_text())
    ]
    assert found == []
