from django.urls import path

from consultations.views import (
    attendance,
    calendar,
    consultations,
    events,
    findings,
    groups,
    home,
    home_sergeant,
    invitations,
    meetings,
    panel_members,
    panel_overview,
    panel_reports,
    priorities,
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
    *home_sergeant.urlpatterns,
    *meetings.urlpatterns,
    *priorities.urlpatterns,
    *panel_members.urlpatterns,
    *panel_reports.urlpatterns,
    *panel_overview.urlpatterns,
]
