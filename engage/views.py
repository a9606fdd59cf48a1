from django.db import connection
from django.http import JsonResponse
from django.views import View
from django.views.generic import TemplateView

from core.access import PublicMixin


class HomeView(PublicMixin, TemplateView):
    """What engage is for visitors; the sections they may use for signed-in users."""

    template_name = "home.html"


class HealthView(PublicMixin, View):
    """For load balancers and docker compose: answers 200 when the database answers."""

    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
