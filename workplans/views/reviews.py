"""Reviews of a plan: recording one (it snapshots every item), a review's page with its
snapshot and what has changed since, and a plan's reviews."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from core.access import RoleRequiredMixin
from workplans.access import EDITORS, READERS
from workplans.choices import ReviewKind
from workplans.forms.reviews import ReviewForm
from workplans.models import WorkPlan
from workplans.selectors.reviews import (
    changes_since,
    review_entries,
    review_for_detail,
    reviews_of,
)
from workplans.services.reviews import review_record
from workplans.views.base import EditablePlanMixin, ServiceFormView


class ReviewCreateView(EditablePlanMixin, ServiceFormView):
    """``?kind=year_turn`` (the year-turn walk's offer) chooses the kind beforehand."""

    form_class = ReviewForm
    submit_label = "Record the review"
    success_message = "Review recorded, with a snapshot of every item."
    intro = (
        "Recording a review keeps a snapshot of every action and target as it stands now "
        "(status, RAG, percent complete and due date), so the plan can show what has moved "
        "and what has slipped since."
    )

    @property
    def heading(self):
        return f"Record a review of {self.plan.title}"

    def breadcrumbs(self):
        reviews = reverse("workplans:review-list", kwargs={"pk": self.plan.pk})
        return [*super().breadcrumbs(), ("Reviews", reviews)]

    def get_initial(self):
        initial = {"held_on": timezone.localdate()}
        if self.request.GET.get("kind") == ReviewKind.YEAR_TURN:
            initial.update(kind=ReviewKind.YEAR_TURN, reviewed_by=self.plan.owning_unit)
        return initial

    def save(self, data):
        return review_record(plan=self.plan, acting_user=self.request.user, **data)


class ReviewListView(RoleRequiredMixin, TemplateView):
    access = READERS
    template_name = "workplans/review_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        plan = get_object_or_404(WorkPlan.objects.visible_to(user), pk=self.kwargs["pk"])
        return super().get_context_data(
            plan=plan,
            reviews=reviews_of(plan),
            can_edit=EDITORS.allows(user),
            breadcrumbs=[(plan.title, plan.get_absolute_url())],
            **kwargs,
        )


class ReviewDetailView(RoleRequiredMixin, DetailView):
    access = READERS
    template_name = "workplans/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return review_for_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        plan = self.object.plan
        return super().get_context_data(
            plan=plan,
            entries=review_entries(self.object),
            changes=changes_since(self.object),
            breadcrumbs=[
                (plan.title, plan.get_absolute_url()),
                ("Reviews", reverse("workplans:review-list", kwargs={"pk": plan.pk})),
            ],
            **kwargs,
        )


urlpatterns = [
    path("plans/<int:pk>/reviews/", ReviewListView.as_view(), name="review-list"),
    path("plans/<int:pk>/reviews/new/", ReviewCreateView.as_view(), name="review-create"),
    path("reviews/<int:pk>/", ReviewDetailView.as_view(), name="review-detail"),
]
