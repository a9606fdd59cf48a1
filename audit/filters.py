"""The audit search: by who, what, when, which record or contact, and from where."""

import datetime

import django_filters
from django import forms
from django.utils import timezone

from audit.models import Action, AuditEntry

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# Bounds on the dates accepted, so a date like 9999-12-31 is refused, not a 500.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditSearchForm(forms.Form):
    """Dates outside EARLIEST..LATEST are refused, so 9999-12-31 is an error, not a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("since", "until"):
            self.fields[name].widget.attrs.update(min=f"{EARLIEST}", max=f"{LATEST}")

    def _bounded(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(f"Give a date between {EARLIEST:%Y} and {LATEST:%Y}.")
        return day

    def clean_since(self):
        return self._bounded("since")

    def clean_until(self):
        return self._bounded("until")


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label="Who",
        method="filter_actor",
        help_text="Part of the name or email address of the person who acted.",
        max_length=254,
    )
    action = django_filters.ChoiceFilter(choices=Action.choices, label="What")
    since = django_filters.DateFilter(
        label="From", method="filter_since", widget=DATE, help_text="On or after this day."
    )
    until = django_filters.DateFilter(
        label="To", method="filter_until", widget=DATE, help_text="On or before this day."
    )
    contact = IntegerFilter(
        label="Contact number",
        method="filter_contact",
        min_value=1,
        max_value=2**63 - 1,
        help_text="The number in the contact's web address.",
    )
    target = django_filters.CharFilter(label="Record number", field_name="target_id", max_length=64)
    address = django_filters.CharFilter(
        label="Client address",
        field_name="client_address",
        lookup_expr="startswith",
        max_length=64,
        help_text="An IP address, or its beginning.",
    )

    class Meta:
        model = AuditEntry
        fields = []
        form = AuditSearchForm

    def filter_actor(self, queryset, name, value):
        return queryset.filter(actor_label__icontains=value.strip())

    def filter_since(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_day_start(value + datetime.timedelta(days=1)))

    def filter_contact(self, queryset, name, value):
        return queryset.filter(contact_ids__contains=[int(value)])
