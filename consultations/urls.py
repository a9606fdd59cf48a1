from django.urls import path

from consultations.views import (
    attendance,
    calendar,
    consultations,
    events,
    findings,
    groups,
    home,
    invitations,
    public,
    responses,
    toolkit,
)

app_name = "consultations"

urlpatterns = [
    path("", home.IndexView.as_view(), name="index"),
    *consultations.urlpatterns,
    *groups.urlpatterns,
    *events.urlpatterns,
    *calendar.urlpatterns,
    *invitations.urlpatterns,
    *attendance.urlpatterns,
    *responses.urlpatterns,
    *findings.urlpatterns,
    *toolkit.urlpatterns,
    *public.urlpatterns,
]
