"""Saved segments, static lists and audiences: who a mail-out goes to, each person once.

Staff only (unit staff and administrators): sergeants and authority members get 403.
"""

from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from stakeholders.access import STAFF
from stakeholders.contact_rules import FATIGUE_WINDOW_DAYS, fatigue_cap
from stakeholders.forms.lists import AddToListForm, AudienceForm, SegmentForm, StaticListForm
from stakeholders.models import Contact, Segment, StaticList
from stakeholders.selectors.audiences import audience_list, audience_resolve
from stakeholders.selectors.contacts import contact_search
from stakeholders.selectors.lists import (
    describe_filters,
    segment_contacts,
    segment_filters_from,
    segment_list,
    segment_search,
    static_list_list,
    static_list_members,
)
from stakeholders.services.lists import (
    audience_create,
    segment_create,
    segment_delete,
    static_list_add_contacts,
    static_list_create,
    static_list_remove_member,
)

PER_PAGE = 50


# Segments ------------------------------------------------------------------------------


class SegmentListView(RoleRequiredMixin, ListView):
    access = STAFF
    template_name = "stakeholders/segment_list.html"
    context_object_name = "segments"
    paginate_by = PER_PAGE

    def get_queryset(self):
        return segment_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for segment in context["segments"]:
            segment.criteria = describe_filters(segment.filters)
        return context


class SegmentCreateView(RoleRequiredMixin, FormView):
    """Save the contact search in the query string as a segment."""

    access = STAFF
    form_class = SegmentForm
    template_name = "stakeholders/segment_form.html"

    @cached_property
    def filters(self) -> dict:
        return segment_filters_from(self.request.GET)

    def get_context_data(self, **kwargs):
        search = contact_search(user=self.request.user, params=self.filters)
        valid = bool(self.filters) and search.is_valid()
        return super().get_context_data(
            criteria=describe_filters(self.filters),
            search_valid=valid,
            match_count=search.qs.count() if valid else None,
            search_query=urlencode(self.filters),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            segment = segment_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                filters=self.filters,
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Segment “{segment}” saved.")
        return redirect("stakeholders:segment-detail", pk=segment.pk)


class SegmentDetailView(RoleRequiredMixin, DetailView):
    """The segment's criteria and the contacts it matches now."""

    access = STAFF
    model = Segment
    template_name = "stakeholders/segment_detail.html"
    context_object_name = "segment"

    def get_context_data(self, **kwargs):
        user = self.request.user
        search = segment_search(segment=self.object, user=user)
        contacts = segment_contacts(segment=self.object, user=user)
        page = Paginator(contacts, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            criteria=describe_filters(self.object.filters),
            search_errors=None if search.is_valid() else search.form.errors,
            search_query=urlencode(self.object.filters),
            page_obj=page,
            contacts=page.object_list,
            audiences=self.object.audiences.all(),
            **kwargs,
        )


class SegmentDeleteView(RoleRequiredMixin, SingleObjectMixin, View):
    access = STAFF
    model = Segment

    def post(self, request, *args, **kwargs):
        segment = self.get_object()
        segment_delete(segment=segment, acting_user=request.user)
        messages.success(request, f"Segment “{segment}” deleted.")
        return redirect("stakeholders:segment-list")


# Static lists --------------------------------------------------------------------------


class StaticListListView(RoleRequiredMixin, ListView):
    access = STAFF
    template_name = "stakeholders/staticlist_list.html"
    context_object_name = "static_lists"
    paginate_by = PER_PAGE

    def get_queryset(self):
        return static_list_list()


class StaticListCreateView(RoleRequiredMixin, FormView):
    access = STAFF
    form_class = StaticListForm
    template_name = "stakeholders/staticlist_form.html"

    def form_valid(self, form):
        try:
            static_list = static_list_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"List “{static_list}” created.")
        return redirect("stakeholders:list-detail", pk=static_list.pk)


class StaticListDetailView(RoleRequiredMixin, DetailView):
    """The list's members, with a button to take each one off."""

    access = STAFF
    model = StaticList
    template_name = "stakeholders/staticlist_detail.html"
    context_object_name = "static_list"

    def get_context_data(self, **kwargs):
        members = static_list_members(static_list=self.object, user=self.request.user)
        page = Paginator(members, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            members=page.object_list,
            audiences=self.object.audiences.all(),
            **kwargs,
        )


class StaticListAddContactsView(RoleRequiredMixin, FormView):
    """Add the contacts a search matches (all, or those ticked) to a list, new or not.

    The search comes in the query string, as the contact list links to it; ``contacts``
    in the query string ticks those contacts to begin with.
    """

    access = STAFF
    form_class = AddToListForm
    template_name = "stakeholders/staticlist_add_contacts.html"

    @cached_property
    def filters(self) -> dict:
        return segment_filters_from(self.request.GET)

    @cached_property
    def search(self):
        return contact_search(user=self.request.user, params=self.filters)

    @cached_property
    def matches(self):
        if not self.search.is_valid():
            return Contact.objects.none()
        return self.search.qs.order_by("name", "pk")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contacts": self.matches}

    def get_initial(self):
        ticked = self.request.GET.getlist("contacts")
        if ticked:
            return {"which": AddToListForm.TICKED, "contacts": ticked}
        return {"which": AddToListForm.ALL}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        page = Paginator(self.matches, PER_PAGE).get_page(self.request.GET.get("page"))
        if form.is_bound:
            ticked = set(form.data.getlist("contacts"))
        else:
            ticked = {str(pk) for pk in form.initial.get("contacts", [])}
        context.update(
            criteria=describe_filters(self.filters),
            search_errors=None if self.search.is_valid() else self.search.form.errors,
            search_query=urlencode(self.filters),
            match_count=page.paginator.count,
            page_obj=page,
            ticked=ticked,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.search.is_valid():
            messages.error(request, "This search cannot be used as it is; change it first.")
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        everyone = data["which"] == AddToListForm.ALL
        contacts = self.matches if everyone else data["contacts"]
        try:
            with transaction.atomic():
                static_list = data["static_list"] or static_list_create(
                    name=data["new_list_name"], acting_user=self.request.user
                )
                added = static_list_add_contacts(
                    static_list=static_list, contacts=contacts, acting_user=self.request.user
                )
        except ValidationError as error:
            add_service_errors(form, error, rename={"name": "new_list_name"})
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Added {added.added} to “{static_list}”; "
            f"{added.already_members} {'was' if added.already_members == 1 else 'were'} "
            "already on it.",
        )
        return redirect("stakeholders:list-detail", pk=static_list.pk)


class StaticListRemoveMemberView(RoleRequiredMixin, View):
    access = STAFF

    def post(self, request, pk, contact_pk):
        static_list = get_object_or_404(StaticList, pk=pk)
        contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=contact_pk)
        if static_list_remove_member(
            static_list=static_list, contact=contact, acting_user=request.user
        ):
            messages.success(request, f"{contact} taken off “{static_list}”.")
        else:
            messages.info(request, f"{contact} was not on “{static_list}”.")
        return redirect("stakeholders:list-detail", pk=static_list.pk)


# Audiences -----------------------------------------------------------------------------


class AudienceListView(RoleRequiredMixin, ListView):
    access = STAFF
    template_name = "stakeholders/audience_list.html"
    context_object_name = "audiences"
    paginate_by = PER_PAGE

    def get_queryset(self):
        return audience_list()


class AudienceCreateView(RoleRequiredMixin, FormView):
    access = STAFF
    form_class = AudienceForm
    template_name = "stakeholders/audience_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            audience = audience_create(
                name=data["name"],
                channel=data["channel"],
                segments=data["segments"],
                static_lists=data["static_lists"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Audience “{audience}” saved.")
        return redirect("stakeholders:audience-detail", pk=audience.pk)


class AudienceDetailView(RoleRequiredMixin, DetailView):
    """The report before anything is sent: how many were found, how many were removed
    and why (and who), and who remains, with their recent invitations."""

    access = STAFF
    template_name = "stakeholders/audience_detail.html"
    context_object_name = "audience"

    def get_queryset(self):
        return audience_list()

    def get_context_data(self, **kwargs):
        result = audience_resolve(audience=self.object, user=self.request.user)
        page = Paginator(result.recipient_pages(), PER_PAGE).get_page(self.request.GET.get("page"))
        removal = result.removal(self.request.GET.get("removed", ""))
        removed_page = None
        if removal and removal.count:
            removed_page = Paginator(result.removed_pages(removal.slug), PER_PAGE).get_page(
                self.request.GET.get("removed_page")
            )
        return super().get_context_data(
            result=result,
            page_obj=page,
            removal=removal,
            removed_page=removed_page,
            fatigue_cap=fatigue_cap(),
            fatigue_window_days=FATIGUE_WINDOW_DAYS,
            **kwargs,
        )


urlpatterns = [
    path("segments/", SegmentListView.as_view(), name="segment-list"),
    path("segments/new/", SegmentCreateView.as_view(), name="segment-create"),
    path("segments/<int:pk>/", SegmentDetailView.as_view(), name="segment-detail"),
    path("segments/<int:pk>/delete/", SegmentDeleteView.as_view(), name="segment-delete"),
    path("lists/", StaticListListView.as_view(), name="list-list"),
    path("lists/new/", StaticListCreateView.as_view(), name="list-create"),
    path("lists/add/", StaticListAddContactsView.as_view(), name="list-add-contacts"),
    path("lists/<int:pk>/", StaticListDetailView.as_view(), name="list-detail"),
    path(
        "lists/<int:pk>/members/<int:contact_pk>/remove/",
        StaticListRemoveMemberView.as_view(),
        name="list-remove-member",
    ),
    path("audiences/", AudienceListView.as_view(), name="audience-list"),
    path("audiences/new/", AudienceCreateView.as_view(), name="audience-create"),
    path("audiences/<int:pk>/", AudienceDetailView.as_view(), name="audience-detail"),
]
