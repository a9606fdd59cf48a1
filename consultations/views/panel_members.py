"""A ward panel's members and its make-up (issue 5, point 2): who is on it, with role,
the communities they bring and when they joined or left; the make-up as counts only."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import View
from django.views.generic import DetailView

from consultations.access import PLANNERS, READERS
from consultations.choices import GroupKind
from consultations.models import ConsultativeGroup, GroupMembership
from consultations.selectors.panel_reports import panel_make_up, panel_members, panel_queryset
from consultations.services.panel_members import panel_member_set_reminders
from core.access import RoleRequiredMixin
from stakeholders.models import Contact


class PanelMembersView(RoleRequiredMixin, DetailView):
    """Names only of contacts the user may see (a sergeant: their wards; an authority
    member: nobody); the others are counted. The make-up counts every current member."""

    access = READERS
    template_name = "consultations/panel_members.html"
    context_object_name = "panel"

    def get_queryset(self):
        return panel_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        user, panel = self.request.user, self.object
        return super().get_context_data(
            members=panel_members(user=user, panel=panel),
            make_up=panel_make_up(panel=panel),
            can_change=ConsultativeGroup.objects.editable_by(user).filter(pk=panel.pk).exists(),
            **kwargs,
        )


class PanelMemberRemindersView(RoleRequiredMixin, View):
    """Switch a current member's meeting reminders on or off (they asked, or stopped)."""

    access = PLANNERS
    http_method_names = ["post"]

    def post(self, request, pk, membership_pk):
        panel = get_object_or_404(
            ConsultativeGroup.objects.editable_by(request.user).filter(kind=GroupKind.WARD_PANEL),
            pk=pk,
        )
        visible = Contact.objects.visible_to(request.user).values("pk")
        membership = get_object_or_404(
            GroupMembership.objects.select_related("contact").filter(
                contact__in=visible, left_on__isnull=True
            ),
            pk=membership_pk,
            group=panel,
        )
        wants = request.POST.get("wants_reminders") == "on"
        panel_member_set_reminders(
            membership=membership, wants_reminders=wants, acting_user=request.user
        )
        name = membership.contact.name
        messages.success(
            request,
            f"{name} will be reminded before meetings."
            if wants
            else f"{name} will no longer be reminded before meetings.",
        )
        return redirect("consultations:panel-members", pk=panel.pk)


urlpatterns = [
    path("panels/<int:pk>/members/", PanelMembersView.as_view(), name="panel-members"),
    path(
        "panels/<int:pk>/members/<int:membership_pk>/reminders/",
        PanelMemberRemindersView.as_view(),
        name="panel-member-reminders",
    ),
]
