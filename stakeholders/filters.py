"""The contact and organisation searches. A saved segment stores a ContactFilter's data
(the query string as a dict) and is evaluated through the same filter when used."""

import django_filters
from django import forms
from django.db.models import Q

from areas.models import Borough, Ward
from stakeholders.choices import Channel, ConsulteeCategory, OrganisationKind
from stakeholders.models import Community, Contact, Membership, Organisation, Topic


class ContactFilter(django_filters.FilterSet):
    """The field names are stored in saved segments: rename none of them."""

    q = django_filters.CharFilter(
        label="Name or email",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # A name, not a drop-down: there are thousands of organisations.
    organisation = django_filters.CharFilter(
        method="filter_organisation",
        label="Organisation",
        help_text="Part of the organisation's name.",
    )
    borough = django_filters.ModelChoiceFilter(
        queryset=Borough.objects.all(), field_name="home_borough", label="Home borough"
    )
    ward = django_filters.ModelChoiceFilter(
        queryset=Ward.objects.select_related("borough"), field_name="home_ward", label="Home ward"
    )
    category = django_filters.ChoiceFilter(
        choices=ConsulteeCategory.choices, label="Consultee category"
    )
    community = django_filters.ModelChoiceFilter(
        queryset=Community.objects.all(),
        method="filter_community",
        label="Community served (by their organisations)",
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), field_name="topics", label="Topic"
    )
    consent = django_filters.ChoiceFilter(
        choices=Channel.choices, method="filter_consent", label="Has consent for"
    )
    preferred_channel = django_filters.ChoiceFilter(
        choices=Channel.choices, label="Preferred channel"
    )

    class Meta:
        model = Contact
        fields = []

    def filter_text(self, queryset, name, value):
        """Email matches exactly (any case); names match by words, typos tolerated.

        Both name conditions are answered from the trigram index on the name (ILIKE and
        the ``<%`` word-similarity operator, at PostgreSQL's default threshold of 0.6), so
        a search does not score every contact.
        """
        value = value.strip()
        if "@" in value:
            return queryset.filter(email__iexact=value)
        return queryset.filter(Q(name__icontains=value) | Q(name__trigram_word_similar=value))

    def filter_consent(self, queryset, name, value):
        return queryset.filter(**{f"{Channel(value).value}_consent": True})

    # Filters through organisations use a subquery rather than a join, so each person
    # appears once without DISTINCT (which would make every count and page of a
    # 100,000-contact search sort the whole result).
    def filter_organisation(self, queryset, name, value):
        members = Membership.objects.filter(organisation__name__icontains=value.strip())
        return queryset.filter(pk__in=members.values("contact_id"))

    def filter_community(self, queryset, name, value):
        members = Membership.objects.filter(organisation__communities=value)
        return queryset.filter(pk__in=members.values("contact_id"))


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    borough = django_filters.ModelChoiceFilter(
        queryset=Borough.objects.all(), method="filter_borough", label="Serves borough"
    )
    community = django_filters.ModelChoiceFilter(
        queryset=Community.objects.all(), field_name="communities", label="Community served"
    )
    topic = django_filters.ModelChoiceFilter(queryset=Topic.objects.all(), field_name="topics")

    class Meta:
        model = Organisation
        fields = []

    def filter_borough(self, queryset, name, value):
        """Organisations serving the borough, one of its wards, or all of London."""
        return queryset.filter(
            Q(boroughs=value) | Q(wards__borough=value) | Q(pan_london=True)
        ).distinct()
