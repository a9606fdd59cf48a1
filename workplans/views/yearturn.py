"""The year-turn re-prioritisation: a guided page through a plan's open items, one at a
time. Each "Save and next" saves one item's decisions; the page itself keeps nothing, so
leaving and coming back resumes at the first item not yet decided for the year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views import View

from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from workplans.access import EDITORS
from workplans.choices import ReviewKind
from workplans.forms.reviews import YearTurnItemForm
from workplans.fy import fy_label
from workplans.selectors.reviews import walk_items, year_turn_walk
from workplans.services.yearturn import item_reprioritise
from workplans.views.base import EditablePlanMixin


class YearTurnView(RoleRequiredMixin, EditablePlanMixin, View):
    access = EDITORS
    template_name = "workplans/year_turn.html"

    def render_page(self, walk, item=None, form=None, status=200):
        item = item or walk.current
        if item is not None and form is None:
            form = YearTurnItemForm(initial=YearTurnItemForm.initial_for(item))
        context = {
            "plan": self.plan,
            "walk": walk,
            "item": item,
            "form": form,
            "fy_label": fy_label(walk.for_fy),
            "breadcrumbs": self.breadcrumbs(),
            "review_url": reverse("workplans:review-create", kwargs={"pk": self.plan.pk})
            + f"?kind={ReviewKind.YEAR_TURN}",
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(year_turn_walk(self.plan))

    def post(self, request, *args, **kwargs):
        walk = year_turn_walk(self.plan)
        item_id = request.POST.get("item", "")
        if not item_id.isdigit():
            raise Http404("No such item in this plan's walk.")
        item = get_object_or_404(walk_items(self.plan, walk.for_fy), pk=item_id)
        form = YearTurnItemForm(request.POST, initial=YearTurnItemForm.initial_for(item))
        if form.is_valid():
            data = form.cleaned_data
            try:
                item_reprioritise(
                    item=item,
                    for_fy=walk.for_fy,
                    acting_user=request.user,
                    drop=form.dropping,
                    drop_reason=data["drop_reason"],
                    priority_project=data["priority_project"],
                    estimated_cost=data["estimated_cost"],
                    responsibility=data["responsibility"],
                    lead=data["lead"],
                    timing_text=data["timing_text"],
                    due_on=data["due_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                verb = "dropped" if form.dropping else "kept"
                messages.success(
                    request, f"“{item.description[:80]}” {verb} for {fy_label(walk.for_fy)}."
                )
                return redirect("workplans:year-turn", pk=self.plan.pk)
        return self.render_page(walk, item=item, form=form, status=400)


urlpatterns = [
    path("plans/<int:pk>/year-turn/", YearTurnView.as_view(), name="year-turn"),
]
