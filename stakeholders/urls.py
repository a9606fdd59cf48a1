from django.urls import path

from stakeholders.views import (
    consent,
    contacts,
    data_protection,
    duplicates,
    equality,
    home,
    imports,
    interactions,
    lists,
    organisations,
)

app_name = "stakeholders"

urlpatterns = [
    path("", home.IndexView.as_view(), name="index"),
    *contacts.urlpatterns,
    *organisations.urlpatterns,
    *consent.urlpatterns,
    *interactions.urlpatterns,
    *equality.urlpatterns,
    *lists.urlpatterns,
    *duplicates.urlpatterns,
    *imports.urlpatterns,
    *data_protection.urlpatterns,
]
