"""Equality monitoring (issue 3, point 4): special category data, seen and changed only by
unit staff with the extra permission; reports show aggregates with small counts hidden."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from core.roles import Role
from core.small_counts import COMPLEMENT, SMALL, suppress
from stakeholders.factories import ContactFactory
from stakeholders.models import EqualityProfile
from stakeholders.selectors.equality import equality_report
from stakeholders.services.equality import equality_profile_save

pytestmark = pytest.mark.django_db

REPORT = reverse("stakeholders:equality-report")


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="stakeholders", codename__in=codenames)
    )
    return user


@pytest.fixture
def equality_officer(db):
    """Unit staff holding both equality permissions."""
    user = UserFactory(roles=[Role.UNIT_STAFF], full_name="Esi Equality")
    return grant(user, "view_equalityprofile", "change_equalityprofile")


@pytest.fixture
def equality_reader(db):
    """Unit staff who may see answers but not change them."""
    return grant(UserFactory(roles=[Role.UNIT_STAFF]), "view_equalityprofile")


@pytest.fixture
def contact(ward):
    return ContactFactory(name="Priya Private", home_ward=ward, home_borough=ward.borough)


def page_url(contact):
    return reverse("stakeholders:equality-update", args=[contact.pk])


def answers(**overrides):
    data = {
        "age_band": "25_34",
        "sex": "female",
        "gender_identity_differs": "no",
        "sexual_orientation": "bisexual",
        "ethnicity": "asian",
        "religion": "hindu",
        "disability": "prefer_not",
        "explicit_consent_given_on": "2026-11-01",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def profile(contact=None, *, objected=False, **fields):
    return EqualityProfile.objects.create(
        contact=contact or ContactFactory(),
        objected=objected,
        explicit_consent_given_on=None if objected else datetime.date(2026, 1, 1),
        **fields,
    )


# The per-person page -----------------------------------------------------------------


def test_unit_staff_with_the_permission_record_answers(client, equality_officer, contact):
    client.force_login(equality_officer)
    assert client.get(page_url(contact)).status_code == 200
    response = client.post(page_url(contact), answers())
    assert response.status_code == 302
    saved = EqualityProfile.objects.get(contact=contact)
    assert saved.ethnicity == "asian"
    assert saved.religion == "hindu"
    assert saved.disability == "prefer_not"
    assert saved.explicit_consent_given_on == datetime.date(2026, 11, 1)
    assert saved.recorded_by == equality_officer
    page = client.get(page_url(contact)).content.decode()
    assert 'value="asian" selected' in page or 'selected value="asian"' in page


def test_unit_staff_without_the_permission_are_told_the_page_does_not_exist(
    client, unit_staff, contact
):
    profile(contact, ethnicity="black")
    client.force_login(unit_staff)
    assert client.get(page_url(contact)).status_code == 404
    assert client.post(page_url(contact), answers(ethnicity="white")).status_code == 404
    assert EqualityProfile.objects.get(contact=contact).ethnicity == "black"


def test_the_view_permission_shows_answers_but_does_not_allow_changes(
    client, equality_reader, contact
):
    profile(contact, ethnicity="black", religion="christian")
    client.force_login(equality_reader)
    response = client.get(page_url(contact))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Black, Black British, Black Welsh, Caribbean or African" in page
    assert "Christian" in page
    assert '<form method="post" novalidate' not in page
    assert client.post(page_url(contact), answers(ethnicity="white")).status_code == 403
    assert EqualityProfile.objects.get(contact=contact).ethnicity == "black"


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT]
)
def test_other_roles_cannot_open_the_page_even_with_the_permission(
    client, users_by_role, role, contact
):
    user = grant(users_by_role[role], "view_equalityprofile", "change_equalityprofile")
    client.force_login(user)
    assert client.get(page_url(contact)).status_code == 403
    assert client.post(page_url(contact), answers()).status_code == 403
    assert not EqualityProfile.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, contact):
    for url in (page_url(contact), REPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_answers_need_the_date_of_explicit_consent(client, equality_officer, contact):
    client.force_login(equality_officer)
    response = client.post(page_url(contact), answers(explicit_consent_given_on=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_explicit_consent_given_on"' in page
    assert "explicit consent" in page
    assert not EqualityProfile.objects.exists()


def test_recording_an_objection_clears_every_answer(client, equality_officer, contact):
    profile(contact, ethnicity="black", religion="christian", age_band="65_plus")
    client.force_login(equality_officer)
    # Even if answers are sent along with the objection, none is kept.
    response = client.post(page_url(contact), answers(objected="on"))
    assert response.status_code == 302
    saved = EqualityProfile.objects.get(contact=contact)
    assert saved.objected
    assert saved.objected_on == timezone.localdate()
    for field in ("age_band", "sex", "sexual_orientation", "ethnicity", "religion", "disability"):
        assert getattr(saved, field) == ""
    assert saved.explicit_consent_given_on is None
    page = client.get(page_url(contact)).content.decode()
    assert "objected to equality monitoring on" in page


def test_the_database_refuses_answers_after_an_objection(contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        EqualityProfile.objects.create(contact=contact, objected=True, ethnicity="white")


def test_the_page_is_not_found_for_an_unknown_contact(client, equality_officer):
    client.force_login(equality_officer)
    assert client.get(reverse("stakeholders:equality-update", args=[999999])).status_code == 404


# Suppression ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "total", "expected", "expected_total"),
    [
        # Nothing small: everything shown; zero shows as 0.
        ([10, 0, 7], 17, ["10", "0", "7"], "17"),
        # One small count: it is "<5", and the next smallest (7, not 0) is hidden too.
        ([10, 0, 3, 7], 20, ["10", "0", SMALL, COMPLEMENT], "20"),
        # Two small counts: neither can be derived; nothing else hidden.
        ([10, 2, 1, 7], 20, ["10", SMALL, SMALL, "7"], "20"),
        # Ties: the first of the smallest is hidden.
        ([6, 4, 6], 16, [COMPLEMENT, SMALL, "6"], "16"),
        # A small total: it is hidden as well.
        ([3, 0], 3, [SMALL, "0"], SMALL),
        ([0, 0], 0, ["0", "0"], "0"),
    ],
)
def test_small_counts_are_suppressed(counts, total, expected, expected_total):
    assert suppress(counts, total) == (expected, expected_total)


# The report ---------------------------------------------------------------------------


def make_population():
    """12 people: ethnicity 8 White, 3 Asian, 1 not answered; 2 objections."""
    people = []
    for number in range(8):
        people.append(profile(ContactFactory(name=f"Whitney White {number}"), ethnicity="white"))
    for number in range(3):
        people.append(profile(ContactFactory(name=f"Ashok Asian {number}"), ethnicity="asian"))
    people.append(profile(ContactFactory(name="Nadia Noanswer")))
    profile(ContactFactory(name="Oscar Objector"), objected=True, objected_on=timezone.localdate())
    profile(ContactFactory(name="Olga Objector"), objected=True, objected_on=timezone.localdate())
    return people


def rows_of(report, field):
    question = next(q for q in report.questions if q.field == field)
    return {row.label: row.shown for row in question.rows}, question.total


def test_the_report_hides_small_counts_and_their_complement():
    make_population()
    report = equality_report()
    ethnicity, total = rows_of(report, "ethnicity")
    assert ethnicity["White"] == "8"
    assert ethnicity["Asian, Asian British or Asian Welsh"] == SMALL  # 3
    assert ethnicity["Not answered"] == SMALL  # 1
    assert ethnicity["Mixed or multiple ethnic groups"] == "0"
    assert total == "12"
    religion, _ = rows_of(report, "religion")
    assert religion["Not answered"] == "12"
    assert report.people == "12"
    assert report.objections == SMALL  # 2


def test_a_single_small_count_is_not_left_derivable_from_the_total():
    for _ in range(6):
        profile(sex="female")
    for _ in range(9):
        profile(sex="male")
    profile(sex="prefer_not")
    sex, total = rows_of(equality_report(), "sex")
    assert sex == {
        "Female": COMPLEMENT,
        "Male": "9",
        "Prefer not to say": SMALL,
        "Not answered": "0",
    }
    assert total == "16"


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR, Role.AUTHORITY_MEMBER])
def test_the_report_shows_aggregates_and_no_names(client, users_by_role, role):
    make_population()
    client.force_login(users_by_role[role])
    response = client.get(REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ethnic group" in page
    assert "&lt;5" in page
    for name in ("Whitney", "Ashok", "Nadia", "Oscar", "Olga", "Objector"):
        assert name not in page


def test_sergeants_cannot_read_the_report(client, sergeant):
    client.force_login(sergeant)
    assert client.get(REPORT).status_code == 403


def test_an_authority_member_reads_the_report_but_writes_nothing(client, authority_member, contact):
    grant(authority_member, "view_equalityprofile", "change_equalityprofile")
    client.force_login(authority_member)
    assert client.get(REPORT).status_code == 200
    assert client.post(page_url(contact), answers()).status_code == 403
    assert client.post(page_url(contact), answers(objected="on")).status_code == 403
    # The report has no POST handler at all.
    assert client.post(REPORT, answers()).status_code == 405
    assert not EqualityProfile.objects.exists()


# The service, whatever calls it ------------------------------------------------------


def test_the_service_clears_answers_on_objection_whatever_it_is_sent(equality_officer, contact):
    saved = equality_profile_save(
        contact=contact,
        answers={"ethnicity": "white", "religion": "none"},
        explicit_consent_given_on=datetime.date(2026, 11, 1),
        objected=True,
        acting_user=equality_officer,
    )
    saved.refresh_from_db()
    assert saved.objected and saved.objected_on == timezone.localdate()
    assert (saved.ethnicity, saved.religion, saved.explicit_consent_given_on) == ("", "", None)


def test_the_service_refuses_anyone_without_the_change_permission(equality_reader, contact):
    with pytest.raises(PermissionDenied):
        equality_profile_save(
            contact=contact,
            answers={"ethnicity": "white"},
            explicit_consent_given_on=datetime.date(2026, 11, 1),
            objected=False,
            acting_user=equality_reader,
        )
    assert not EqualityProfile.objects.exists()
