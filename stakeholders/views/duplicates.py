"""Duplicate review: the list of likely pairs (contacts and organisations as two tabs),
one pair side by side with a choice per differing field, merge, and "these are
different". Unit staff and administrators only."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.views import View
from django.views.generic import FormView, TemplateView

from core.access import RoleRequiredMixin
from stakeholders.access import STAFF
from stakeholders.forms.merge import MergeForm
from stakeholders.models import DuplicateDismissal
from stakeholders.selectors.duplicates import (
    attach_records,
    contact_links,
    duplicate_pairs,
    duplicate_queryset,
    organisation_links,
)
from stakeholders.services.merge import (
    CONTACT_MERGE_FIELDS,
    ORGANISATION_MERGE_FIELDS,
    contacts_merge,
    duplicate_dismiss,
    organisations_merge,
)

Kind = DuplicateDismissal.Kind
PAIRS_PER_PAGE = 25
TABS = ((Kind.CONTACT, "Contacts"), (Kind.ORGANISATION, "Organisations"))


def kind_from(value) -> str:
    return value if value in Kind.values else Kind.CONTACT


def list_url(kind: str) -> str:
    return f"{reverse('stakeholders:duplicate-list')}?kind={kind}"


class DuplicateListView(RoleRequiredMixin, TemplateView):
    """Likely duplicate pairs, strongest first, 25 to a page."""

    access = STAFF
    template_name = "stakeholders/duplicate_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kind = kind_from(self.request.GET.get("kind"))
        pairs = duplicate_pairs(user=user, kind=kind)
        page = Paginator(pairs, PAIRS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            kind=kind,
            kind_label=dict(TABS)[kind],
            tabs=[
                {"kind": value, "label": label, "url": list_url(value), "current": value == kind}
                for value, label in TABS
            ],
            page_obj=page,
            pairs=attach_records(list(page.object_list), user=user, kind=kind),
            pair_count=len(pairs),
            **kwargs,
        )


# --- one pair side by side ------------------------------------------------------------


@dataclass
class FieldRow:
    """One line of the side-by-side table."""

    name: str
    label: str
    first: str
    second: str
    differs: bool
    choosable: bool
    default: str = "first"
    note: str = ""
    bound_field: object = None

    @property
    def selected(self) -> str:
        return str(self.bound_field.value()) if self.bound_field is not None else ""

    @property
    def errors(self):
        return self.bound_field.errors if self.bound_field is not None else []


def display_value(record, field) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    if field.is_relation:
        return str(getattr(record, field.name))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M Y")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    return str(value)


def _default_sides(kind: str, first, second) -> dict[str, str]:
    """Which side's value to offer first for each field: the filled-in one; for a
    flag that protects the person (do not contact, access needs), the one that is set;
    the later verification date; an address, a reason and an umbrella body kept whole."""

    def filled(name):
        attname = first._meta.get_field(name).attname
        return "first" if getattr(first, attname) not in (None, "") else "second"

    fields = CONTACT_MERGE_FIELDS if kind == Kind.CONTACT else ORGANISATION_MERGE_FIELDS
    sides = {name: filled(name) for name in fields}
    for name in fields:
        field = first._meta.get_field(name)
        if field.get_internal_type() == "BooleanField":
            sides[name] = (
                "second" if getattr(second, name) and not getattr(first, name) else "first"
            )
    if first.last_verified and second.last_verified:
        sides["last_verified"] = "second" if second.last_verified > first.last_verified else "first"
    if kind == Kind.CONTACT:
        sides["do_not_contact_reason"] = sides["do_not_contact"]
        address_side = filled("postcode")
        for name in ("address_line_1", "address_line_2", "town", "postcode"):
            sides[name] = address_side
        area_side = (
            filled("home_ward")
            if (first.home_ward_id or second.home_ward_id)
            else filled("home_borough")
        )
        sides["home_borough"] = sides["home_ward"] = area_side
    else:
        pair_ids = {first.pk, second.pk}
        if first.parent_id in pair_ids:
            sides["parent"] = "second"
        elif second.parent_id in pair_ids:
            sides["parent"] = "first"
    return sides


def compare(kind: str, first, second) -> list[FieldRow]:
    """Every field of both records, side by side."""
    choosable = CONTACT_MERGE_FIELDS if kind == Kind.CONTACT else ORGANISATION_MERGE_FIELDS
    defaults = _default_sides(kind, first, second)
    rows = []
    for name in choosable:
        field = first._meta.get_field(name)
        differs = getattr(first, field.attname) != getattr(second, field.attname)
        rows.append(
            FieldRow(
                name=name,
                label=capfirst(field.verbose_name),
                first=display_value(first, field),
                second=display_value(second, field),
                differs=differs,
                choosable=differs,
                default=defaults[name],
            )
        )
    if kind == Kind.CONTACT:
        for channel in ("email", "post", "phone"):
            field = first._meta.get_field(f"{channel}_consent")
            rows.append(
                FieldRow(
                    name=field.name,
                    label=f"{channel.capitalize()} consent now",
                    first=display_value(first, field),
                    second=display_value(second, field),
                    differs=getattr(first, field.name) != getattr(second, field.name),
                    choosable=False,
                    note="Worked out again from both consent logs: the latest statement wins.",
                )
            )
    created = first._meta.get_field("created")
    rows.append(
        FieldRow(
            name="created",
            label="Added on",
            first=display_value(first, created),
            second=display_value(second, created),
            differs=first.created.date() != second.created.date(),
            choosable=False,
        )
    )
    return rows


CONTACT_LINKS = (
    ("memberships", "Organisations"),
    ("consent_records", "Consent records"),
    ("interactions", "Interactions logged"),
    ("lists", "Static lists"),
    ("outreach_records", "Invitations recorded"),
    ("organisations_led", "Single point of contact for"),
    ("topics", "Topics"),
    ("equality_profile", "Equality monitoring answers"),
    ("history", "History entries"),
)
ORGANISATION_LINKS = (
    ("memberships", "Members"),
    ("interactions", "Interactions logged"),
    ("children", "Umbrella body for"),
    ("boroughs", "Boroughs served"),
    ("wards", "Wards served"),
    ("communities", "Communities served"),
    ("topics", "Topics of interest"),
    ("history", "History entries"),
)


def _link_items(value) -> list[str]:
    if isinstance(value, bool):
        return ["Held" if value else "None held"]
    if isinstance(value, int):
        return [str(value)]
    return [
        f"{item.organisation.name} ({item.role})"
        if getattr(item, "role", "")
        else str(getattr(item, "organisation", item))
        for item in value
    ]


def link_rows(kind: str, first_links: dict, second_links: dict) -> list[dict]:
    """What each record links to, as lines of text per side. Rows a user may not see
    (equality monitoring without the permission) come as None and are left out."""
    labels = CONTACT_LINKS if kind == Kind.CONTACT else ORGANISATION_LINKS
    return [
        {
            "label": label,
            "first": _link_items(first_links[key]),
            "second": _link_items(second_links[key]),
        }
        for key, label in labels
        if first_links[key] is not None
    ]


class PairMixin:
    """The two records named in the URL, from those the user may see (else 404)."""

    @cached_property
    def kind(self) -> str:
        kind = self.kwargs["kind"]
        if kind not in Kind.values:
            raise Http404("No such kind of record.")
        return kind

    @cached_property
    def records(self):
        first_id, second_id = self.kwargs["first"], self.kwargs["second"]
        if first_id == second_id:
            raise BadRequest("A record cannot be merged with itself.")
        queryset = duplicate_queryset(user=self.request.user, kind=self.kind)
        return get_object_or_404(queryset, pk=first_id), get_object_or_404(queryset, pk=second_id)


class DuplicateMergeView(RoleRequiredMixin, PairMixin, FormView):
    """Two records side by side: every field, the differences marked in words, a
    choice of value for each difference, what each record links to; merge."""

    access = STAFF
    form_class = MergeForm
    template_name = "stakeholders/duplicate_merge.html"

    @cached_property
    def rows(self) -> list[FieldRow]:
        return compare(self.kind, *self.records)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "differing": [(row.name, row.label, row.default) for row in self.rows if row.choosable],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        for row in self.rows:
            if row.choosable:
                row.bound_field = form[row.name]
        first, second = self.records
        user = self.request.user
        if self.kind == Kind.CONTACT:
            links = (contact_links(first, user=user), contact_links(second, user=user))
        else:
            links = (organisation_links(first), organisation_links(second))
        return {
            **context,
            "kind": self.kind,
            "first": first,
            "second": second,
            "rows": self.rows,
            "difference_count": sum(1 for row in self.rows if row.differs),
            "link_rows": link_rows(self.kind, *links),
            "list_url": list_url(self.kind),
        }

    def form_valid(self, form):
        first, second = self.records
        winner, loser = (first, second) if form.cleaned_data["keep"] == "first" else (second, first)
        merge = contacts_merge if self.kind == Kind.CONTACT else organisations_merge
        loser_name = str(loser)
        try:
            winner = merge(
                winner=winner,
                loser=loser,
                field_choices=form.field_choices(),
                acting_user=self.request.user,
            )
        except ValidationError as error:
            self.add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Merged “{loser_name}” into “{winner}”. Every link now points at it."
        )
        return redirect(list_url(self.kind))

    def add_service_errors(self, form, error: ValidationError) -> None:
        """A service error next to the field it names, or at the top of the form."""
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        labels = {row.name: row.label for row in self.rows}
        for name, field_errors in error.error_dict.items():
            if name in form.fields:
                form.add_error(name, field_errors)
            else:
                label = labels.get(name)
                for message in ValidationError(field_errors).messages:
                    form.add_error(None, f"{label}: {message}" if label else message)


class DuplicateDismissView(RoleRequiredMixin, PairMixin, View):
    """ "These are different": the pair is not offered again."""

    access = STAFF
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        first, second = self.records
        duplicate_dismiss(
            kind=self.kind, first_id=first.pk, second_id=second.pk, acting_user=request.user
        )
        messages.success(
            request,
            f"Noted: “{first}” and “{second}” are different. They will not be offered again.",
        )
        return redirect(list_url(self.kind))


urlpatterns = [
    path("duplicates/", DuplicateListView.as_view(), name="duplicate-list"),
    path(
        "duplicates/<str:kind>/<int:first>/<int:second>/",
        DuplicateMergeView.as_view(),
        name="duplicate-merge",
    ),
    path(
        "duplicates/<str:kind>/<int:first>/<int:second>/dismiss/",
        DuplicateDismissView.as_view(),
        name="duplicate-dismiss",
    ),
]
