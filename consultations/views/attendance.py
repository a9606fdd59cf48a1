"""Attendance at an event: tick invited people who came, add walk-ins (known or new),
and record anonymous head counts. Planners; a sergeant only for events in their wards
(404 elsewhere), and only the names of contacts in their wards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views import View

from areas.models import Ward
from consultations.access import PLANNERS
from consultations.forms.attendance import HeadCountForm, WalkInNewForm, WalkInSearchForm
from consultations.selectors.invitations import (
    attendance_sheet,
    communities,
    head_counts,
    walk_in_candidates,
)
from consultations.services.attendance import (
    attendance_add_new_contact,
    attendance_add_walk_in,
    attendance_tick,
    head_counts_record,
)
from consultations.views.invitations import EventMixin
from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from core.roles import Role
from stakeholders.models import Contact


def _int_list(values) -> list[int] | None:
    try:
        return [int(value) for value in values]
    except (TypeError, ValueError):
        return None


class AttendanceRecordView(RoleRequiredMixin, EventMixin, View):
    access = PLANNERS
    template_name = "consultations/attendance_form.html"

    def new_contact_wards(self):
        """Wards a new walk-in can be said to live in: the event's, and a sergeant's own."""
        user = self.request.user
        ward_ids = {self.event.ward_id} - {None}
        if user.has_role(Role.NEIGHBOURHOOD_SERGEANT):
            ward_ids |= set(user.wards.values_list("pk", flat=True))
        return Ward.objects.filter(pk__in=ward_ids).order_by("name")

    def render_page(self, *, new_form=None, tick_errors=(), walk_in_errors=(), status=200):
        user = self.request.user
        search = WalkInSearchForm(self.request.GET if "q" in self.request.GET else None)
        candidates = None
        if search.is_bound and search.is_valid():
            candidates = walk_in_candidates(
                event=self.event, user=user, query=search.cleaned_data["q"]
            )
        context = {
            "event": self.event,
            "sheet": attendance_sheet(event=self.event, user=user),
            "search_form": search,
            "candidates": candidates,
            "new_form": new_form or WalkInNewForm(wards=self.new_contact_wards()),
            "tick_errors": tick_errors,
            "walk_in_errors": walk_in_errors,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "tick":
            return self.tick()
        if action == "walk_in":
            return self.walk_in()
        if action == "new":
            return self.new_contact()
        return self.render_page(tick_errors=["Choose what to record."], status=400)

    def tick(self):
        shown = _int_list(self.request.POST.getlist("shown"))
        attended = _int_list(self.request.POST.getlist("attended"))
        if shown is None or attended is None:
            return self.render_page(tick_errors=["Tick only people on this list."])
        try:
            added, removed = attendance_tick(
                event=self.event,
                shown_ids=shown,
                attended_ids=attended,
                acting_user=self.request.user,
            )
        except ValidationError as error:
            return self.render_page(tick_errors=error.messages)
        messages.success(self.request, f"Attendance saved: {added} added, {removed} removed.")
        return redirect("consultations:attendance-record", pk=self.event.pk)

    def walk_in(self):
        contact_ids = _int_list([self.request.POST.get("contact")])
        contact = None
        if contact_ids:
            contact = (
                Contact.objects.visible_to(self.request.user).filter(pk=contact_ids[0]).first()
            )
        if contact is None:
            return self.render_page(walk_in_errors=["Choose one of the contacts found."])
        try:
            attendance_add_walk_in(event=self.event, contact=contact, acting_user=self.request.user)
        except ValidationError as error:
            return self.render_page(walk_in_errors=error.messages)
        messages.success(self.request, f"{contact} recorded as attending.")
        return redirect("consultations:attendance-record", pk=self.event.pk)

    def new_contact(self):
        form = WalkInNewForm(self.request.POST, wards=self.new_contact_wards())
        if not form.is_valid():
            return self.render_page(new_form=form)
        data = form.cleaned_data
        try:
            attendance = attendance_add_new_contact(
                event=self.event,
                acting_user=self.request.user,
                name=data["name"],
                category=data["category"],
                email=data["email"],
                postcode=data["postcode"],
                home_ward=data["home_ward"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(new_form=form)
        messages.success(
            self.request, f"{attendance.contact} added as a new contact and a walk-in."
        )
        return redirect("consultations:attendance-record", pk=self.event.pk)


class HeadCountRecordView(RoleRequiredMixin, EventMixin, View):
    access = PLANNERS
    template_name = "consultations/headcount_form.html"

    def render_form(self, form):
        return render(self.request, self.template_name, {"event": self.event, "form": form})

    def get(self, request, *args, **kwargs):
        total, by_community = head_counts(event=self.event)
        initial = {"total": total}
        initial.update({f"community_{pk}": count for pk, count in by_community.items()})
        return self.render_form(HeadCountForm(initial=initial, communities=communities()))

    def post(self, request, *args, **kwargs):
        form = HeadCountForm(request.POST, communities=communities())
        if not form.is_valid():
            return self.render_form(form)
        try:
            head_counts_record(
                event=self.event,
                total=form.cleaned_data["total"],
                by_community=form.community_counts(),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(request, "Head counts saved.")
        return redirect(self.event.get_absolute_url())


urlpatterns = [
    path(
        "events/<int:pk>/attendance/",
        AttendanceRecordView.as_view(),
        name="attendance-record",
    ),
    path(
        "events/<int:pk>/head-counts/",
        HeadCountRecordView.as_view(),
        name="headcount-record",
    ),
]
