"""Every 403 answered to a signed-in user is recorded, with the path."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def test_a_refusal_is_recorded_with_the_path_and_not_the_query(client, authority_member):
    client.force_login(authority_member)
    url = reverse("accounts:user-list")
    response = client.get(url + "?q=Jo+Bloggs", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action=Action.PERMISSION_REFUSED)
    assert entry.actor == authority_member
    assert entry.detail == {"method": "GET", "path": url}
    assert entry.client_address == "198.51.100.4"
    assert "Bloggs" not in entry.summary


def test_an_allowed_page_and_a_signed_out_visitor_record_no_refusal(client, administrator):
    client.get(reverse("accounts:user-list"))  # sent to sign in, not refused
    client.force_login(administrator)
    assert client.get(reverse("accounts:user-list")).status_code == 200
    assert not AuditEntry.objects.filter(action=Action.PERMISSION_REFUSED).exists()
