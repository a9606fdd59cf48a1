"""The filters of the item lists and of a plan's tree (django-filter), over querysets
already annotated with ``rag`` (PlanItem.objects.with_rag())."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from workplans.choices import CLOSED_STATUSES, ItemKind, ItemStatus, Rag
from workplans.models import PlanItem, WorkPlan
from workplans.services.items import possible_leads


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="In the description, how, responsibility or indicator.",
    )
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, empty_label="Any status")
    rag = django_filters.ChoiceFilter(label="RAG", choices=Rag.choices, empty_label="Any RAG")
    lead = django_filters.ModelChoiceFilter(
        queryset=lambda request: possible_leads(), empty_label="Anyone"
    )
    priority_project = django_filters.BooleanFilter(
        label="Priority projects only",
        widget=forms.CheckboxInput,
        method="filter_priority",
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", widget=forms.CheckboxInput, method="filter_overdue"
    )
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, empty_label="Actions and targets")

    class Meta:
        model = PlanItem
        fields = []

    def filter_text(self, queryset, name, value):
        words = Q()
        for word in value.split():
            words &= (
                Q(description__icontains=word)
                | Q(how__icontains=word)
                | Q(responsibility__icontains=word)
                | Q(performance_indicator__icontains=word)
            )
        return queryset.filter(words)

    def filter_priority(self, queryset, name, value):
        return queryset.filter(priority_project=True) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


class ItemListFilter(ItemFilter):
    """The cross-plan lists add the plan, and open or closed work."""

    plan = django_filters.ModelChoiceFilter(
        queryset=WorkPlan.objects.all(), empty_label="Every plan"
    )
    finding = django_filters.NumberFilter(
        field_name="findings", label="Answering the finding", widget=forms.HiddenInput
    )
    state = django_filters.ChoiceFilter(
        label="Open or closed",
        choices=[("open", "Open work only"), ("closed", "Complete or dropped only")],
        empty_label="Open and closed",
        method="filter_state",
    )

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        return queryset.filter(status__in=CLOSED_STATUSES)
