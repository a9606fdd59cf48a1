import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_unknown_address_shows_the_not_found_page(client, unit_staff):
    client.force_login(unit_staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'aria-label="Main"' in page  # the usual layout, with the navigation


def test_refused_page_explains_why(client, authority_member):
    client.force_login(authority_member)
    response = client.get("/stakeholders/")
    assert response.status_code == 403
    assert "Your role does not give you access" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    assert "Something went wrong" in render_to_string("500.html")


def test_health_check_answers_when_the_database_does(client):
    assert client.get("/healthz").json() == {"status": "ok"}
