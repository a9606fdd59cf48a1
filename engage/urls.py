from django.contrib import admin
from django.urls import include, path

from engage import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.HealthView.as_view(), name="health"),
    path("accounts/", include("accounts.urls")),
    path("areas/", include("areas.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("consultations/", include("consultations.urls")),
    path("workplans/", include("workplans.urls")),
    path("feedback/", include("feedback.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]
