import pytest
from django.urls import reverse

from consultations.choices import ConsultationStatus
from consultations.factories import ConsultationFactory
from consultations.models import Consultation
from core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_consultations_front_page(client, users_by_role, role):
    consultation = ConsultationFactory(pan_london=True)
    Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.OPEN)
    client.force_login(users_by_role[role])
    response = client.get(reverse("consultations:index"))
    assert response.status_code == 200
    assert response.context["open_count"] == 1


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("consultations:index"))
    assert response["Location"].startswith(reverse("accounts:sign-in"))
