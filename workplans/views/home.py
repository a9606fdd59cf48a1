from django.urls import path
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from workplans.access import READERS


class IndexView(RoleRequiredMixin, TemplateView):
    """The section's landing page; it fills in as the section is built."""

    access = READERS
    template_name = "workplans/index.html"


urlpatterns = [path("", IndexView.as_view(), name="index")]
