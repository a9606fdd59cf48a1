"""Standing consultative groups: the list, one group with its members and meetings, adding
and editing a group, and its members joining and leaving (issue 4, point 2)."""

import copy
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from consultations.access import PLANNERS, READERS
from consultations.choices import GroupKind
from consultations.forms.groups import GroupForm, MembershipForm
from consultations.models import ConsultativeGroup, GroupMembership
from consultations.selectors.events import (
    group_detail_queryset,
    group_editable_queryset,
    group_events,
    group_list_queryset,
    group_members,
    membership_candidates,
)
from consultations.services.groups import (
    group_create,
    group_member_add,
    group_member_leave,
    group_update,
)
from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from stakeholders.models import Contact

CANDIDATES_SHOWN = 20


def may_change_group(user, group) -> bool:
    return ConsultativeGroup.objects.editable_by(user).filter(pk=group.pk).exists()


class GroupListView(RoleRequiredMixin, ListView):
    """Every standing group, with its area and how many members it has."""

    access = READERS
    template_name = "consultations/group_list.html"
    context_object_name = "groups"
    paginate_by = 50

    @cached_property
    def kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if kind in GroupKind.values else ""

    def get_queryset(self):
        return group_list_queryset(user=self.request.user, kind=self.kind)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=GroupKind.choices,
            kind=self.kind,
            may_create=PLANNERS.allows(self.request.user),
            **kwargs,
        )


class GroupDetailView(RoleRequiredMixin, DetailView):
    """One group: what and where it is, its meeting programme, and its members (names only
    of people the user may see; the others are counted)."""

    access = READERS
    template_name = "consultations/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return group_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        user, group = self.request.user, self.object
        upcoming, past = group_events(group=group)
        return super().get_context_data(
            members=group_members(user=user, group=group),
            upcoming_events=upcoming,
            past_events=past,
            can_change=may_change_group(user, group),
            **kwargs,
        )


class GroupFormView(RoleRequiredMixin, FormView):
    """Shared by add and edit: the service saves; its errors go next to the fields."""

    access = PLANNERS
    form_class = GroupForm
    template_name = "consultations/group_form.html"
    group = None

    def get_form_kwargs(self):
        # A copy: a refused form must not change the heading of the page it is shown on.
        instance = copy.copy(self.group) if self.group else ConsultativeGroup()
        return {**super().get_form_kwargs(), "instance": instance, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            group = self.save(data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(group=group))
        return redirect(group)


class GroupCreateView(GroupFormView):
    success_message = "{group} added."

    def save(self, data):
        return group_create(acting_user=self.request.user, **data)


class GroupUpdateView(GroupFormView):
    success_message = "{group} saved."

    @cached_property
    def group(self):
        return get_object_or_404(
            group_editable_queryset(user=self.request.user), pk=self.kwargs["pk"]
        )

    def save(self, data):
        return group_update(group=self.group, acting_user=self.request.user, **data)


class GroupMemberAddView(RoleRequiredMixin, FormView):
    """Find a person by name or email (among the contacts the user may see), then choose
    them, with their role, when they joined and the communities they bring."""

    access = PLANNERS
    form_class = MembershipForm
    template_name = "consultations/groupmembership_form.html"

    @cached_property
    def group(self):
        return get_object_or_404(
            group_editable_queryset(user=self.request.user), pk=self.kwargs["pk"]
        )

    @cached_property
    def query(self) -> str:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        return source.get("q", "").strip()[:200]

    @cached_property
    def found(self) -> list[Contact]:
        return list(
            membership_candidates(
                user=self.request.user, group=self.group, query=self.query, limit=CANDIDATES_SHOWN
            )
        )

    def get_form_kwargs(self):
        contacts = Contact.objects.visible_to(self.request.user).active()
        candidates = self.found[:CANDIDATES_SHOWN]
        chosen = self.request.POST.get("contact", "")
        if chosen.isdigit() and all(c.pk != int(chosen) for c in candidates):
            # Keep the person chosen on show if the form comes back with an error.
            candidates = [*contacts.filter(pk=int(chosen)).select_related("home_ward"), *candidates]
        return {**super().get_form_kwargs(), "contacts": contacts, "candidates": candidates}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group,
            query=self.query,
            searched=len(self.query) >= 2,
            too_short=0 < len(self.query) < 2,
            found_count=len(self.found[:CANDIDATES_SHOWN]),
            more_found=len(self.found) > CANDIDATES_SHOWN,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            membership = group_member_add(
                group=self.group,
                contact=data["contact"],
                role=data["role"],
                joined_on=data["joined_on"],
                communities=data["communities"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{membership.contact.name} added to {self.group.name}.")
        return redirect(self.group)


class GroupMemberLeaveView(RoleRequiredMixin, View):
    """Record that a member has left the group today (their past membership is kept)."""

    access = PLANNERS
    http_method_names = ["post"]

    def post(self, request, pk, membership_pk):
        group = get_object_or_404(group_editable_queryset(user=request.user), pk=pk)
        visible = Contact.objects.visible_to(request.user).values("pk")
        membership = get_object_or_404(
            GroupMembership.objects.select_related("contact").filter(contact__in=visible),
            pk=membership_pk,
            group=group,
        )
        try:
            group_member_leave(membership=membership, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{membership.contact.name} has left {group.name}.")
        return redirect(group)


urlpatterns = [
    path("groups/", GroupListView.as_view(), name="group-list"),
    path("groups/new/", GroupCreateView.as_view(), name="group-create"),
    path("groups/<int:pk>/", GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", GroupUpdateView.as_view(), name="group-update"),
    path("groups/<int:pk>/members/new/", GroupMemberAddView.as_view(), name="group-member-add"),
    path(
        "groups/<int:pk>/members/<int:membership_pk>/leave/",
        GroupMemberLeaveView.as_view(),
        name="group-member-leave",
    ),
]
