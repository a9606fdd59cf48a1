"""Logging a ward panel meeting in one form, and correcting a logged meeting. Planners;
a sergeant only for their own wards' panels (404 elsewhere)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views import View

from consultations.access import PLANNERS
from consultations.choices import GroupKind
from consultations.forms.meetings import (
    ActionFormSet,
    ExistingActionFormSet,
    MeetingDetailsForm,
    MeetingLogForm,
)
from consultations.forms.priorities import NewPriorityFormSet
from consultations.models import ConsultativeGroup, Event, HeadCount, WardPriority
from consultations.selectors.panels import present_choices
from consultations.services.meetings import Action, NewPriority, Report, meeting_log, meeting_update
from core.access import RoleRequiredMixin


def _filled(formset):
    return [form.cleaned_data for form in formset.forms if form.has_changed()]


class MeetingLogView(RoleRequiredMixin, View):
    access = PLANNERS
    template_name = "consultations/meeting_log_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.access.allows(request.user):
            self.panel = get_object_or_404(
                ConsultativeGroup.objects.editable_by(request.user).filter(
                    kind=GroupKind.WARD_PANEL
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def build(self, data=None):
        form = MeetingLogForm(
            data,
            members=present_choices(panel=self.panel, user=self.request.user),
            open_priorities=WardPriority.objects.open()
            .filter(group=self.panel)
            .select_related("theme")
            .order_by("review_by", "pk"),
            initial={"day": timezone.localdate()},
        )
        priorities = NewPriorityFormSet(data, prefix="priorities")
        actions = ActionFormSet(data, prefix="actions")
        return form, priorities, actions

    def render_page(self, form, priorities, actions, status=200):
        context = {
            "panel": self.panel,
            "form": form,
            "priorities": priorities,
            "actions": actions,
            "limit": self.limit_errors,
        }
        return render(self.request, self.template_name, context, status=status)

    limit_errors = ()

    def get(self, request, *args, **kwargs):
        return self.render_page(*self.build())

    def post(self, request, *args, **kwargs):
        form, priorities, actions = self.build(request.POST)
        if form.is_valid() & priorities.is_valid() & actions.is_valid():
            data = form.cleaned_data
            try:
                event = meeting_log(
                    panel=self.panel,
                    day=data["day"],
                    starts=data["starts"],
                    ends=data["ends"],
                    venue_name=data["venue_name"],
                    present=list(data["present"]),
                    public_count=data["public_count"],
                    reports=[
                        Report(
                            priority=priority,
                            police_action=data[f"action_{priority.pk}"],
                            outcome=data[f"outcome_{priority.pk}"],
                            close=data[f"close_{priority.pk}"],
                        )
                        for priority in form.open_priorities
                    ],
                    new_priorities=[NewPriority(**row) for row in _filled(priorities)],
                    actions=[Action(**row) for row in _filled(actions)],
                    next_meeting_on=data["next_meeting_on"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                self.show_errors(form, error)
            else:
                messages.success(request, f"Meeting of {self.panel} logged.")
                return redirect(event.get_absolute_url())
        return self.render_page(form, priorities, actions, status=400)

    def show_errors(self, form, error):
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for field, field_errors in error.error_dict.items():
            if field == "new_priorities":
                self.limit_errors = [message for e in field_errors for message in e.messages]
            elif field in form.fields:
                form.add_error(field, field_errors)
            else:
                form.add_error(None, field_errors)


class MeetingEditView(RoleRequiredMixin, View):
    access = PLANNERS
    template_name = "consultations/meeting_log_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.access.allows(request.user):
            self.meeting = get_object_or_404(
                Event.objects.editable_by(request.user)
                .filter(group__kind=GroupKind.WARD_PANEL)
                .select_related("group"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def build(self, data=None):
        meeting = self.meeting
        local = timezone.localtime(meeting.starts_at)
        count = HeadCount.objects.filter(event=meeting, community__isnull=True).first()
        form = MeetingDetailsForm(
            data,
            initial={
                "day": local.date(),
                "starts": local.time(),
                "ends": timezone.localtime(meeting.ends_at).time(),
                "venue_name": meeting.venue_name,
                "public_count": count.count if count else None,
            },
        )
        existing = ExistingActionFormSet(
            data,
            prefix="existing",
            initial=[
                {"id": a.pk, "description": a.description, "owner": a.owner, "due_on": a.due_on}
                for a in meeting.panel_actions.all()
            ],
        )
        actions = ActionFormSet(data, prefix="actions")
        return form, existing, actions

    def render_page(self, form, existing, actions, status=200):
        context = {
            "panel": self.meeting.group,
            "meeting": self.meeting,
            "form": form,
            "existing": existing,
            "actions": actions,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(*self.build())

    def post(self, request, *args, **kwargs):
        form, existing, actions = self.build(request.POST)
        if form.is_valid() & existing.is_valid() & actions.is_valid():
            data = form.cleaned_data
            kept = {
                row["id"]: Action(row["description"], row["owner"], row["due_on"])
                for row in (f.cleaned_data for f in existing.forms)
                if not row.get("remove")
            }
            try:
                meeting_update(
                    meeting=self.meeting,
                    day=data["day"],
                    starts=data["starts"],
                    ends=data["ends"],
                    venue_name=data["venue_name"],
                    public_count=data["public_count"],
                    kept_actions=kept,
                    new_actions=[Action(**row) for row in _filled(actions)],
                    acting_user=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, "Meeting updated.")
                return redirect(self.meeting.get_absolute_url())
        return self.render_page(form, existing, actions, status=400)


urlpatterns = [
    path("panels/<int:pk>/meetings/new/", MeetingLogView.as_view(), name="meeting-log"),
    path("panels/meetings/<int:pk>/edit/", MeetingEditView.as_view(), name="meeting-edit"),
]
