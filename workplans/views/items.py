"""An action's or target's page (progress, evidence, links), and adding and changing them."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView

from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from workplans.access import EDITORS, READERS
from workplans.forms.items import EvidenceForm, ItemForm, ProgressForm
from workplans.models import EvidenceLink, PlanItem
from workplans.selectors.items import item_detail_queryset, item_targets, item_updates
from workplans.services.items import evidence_add, evidence_remove, item_create, item_update
from workplans.services.progress import progress_record
from workplans.views.base import EditableObjectiveMixin, ServiceFormView

ITEM_LINKS = ("consultations", "findings")


class ItemDetailView(RoleRequiredMixin, DetailView):
    access = READERS
    template_name = "workplans/item_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return item_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        item, user = self.object, self.request.user
        can_edit = EDITORS.allows(user)
        context = {
            "targets": item_targets(item=item, user=user) if item.is_action else [],
            "updates": item_updates(item=item),
            "evidence": item.evidence.all(),
            "can_edit": can_edit,
        }
        if can_edit:
            context["progress_form"] = kwargs.pop("progress_form", None) or ProgressForm(
                initial={"written_on": timezone.localdate()}
            )
            context["evidence_form"] = kwargs.pop("evidence_form", None) or EvidenceForm()
        return super().get_context_data(**context, **kwargs)


class ItemFormView(ServiceFormView):
    form_class = ItemForm

    def item_fields(self, data) -> dict:
        """The form's data as the service takes it."""
        fields = dict(data)
        fields["timing_text"] = fields.get("timing_text") or ""
        fields.pop("objective", None)
        return fields


class ActionCreateView(EditableObjectiveMixin, ItemFormView):
    success_message = "Action added."

    @property
    def heading(self):
        return f"Add an action to “{self.objective.title}”"

    def save(self, data):
        return item_create(
            objective=self.objective, acting_user=self.request.user, **self.item_fields(data)
        )


class TargetCreateView(ItemFormView):
    success_message = "Target added."

    @cached_property
    def action(self):
        return get_object_or_404(
            PlanItem.objects.editable_by(self.request.user)
            .filter(parent__isnull=True)
            .select_related("plan", "objective"),
            pk=self.kwargs["pk"],
        )

    @property
    def heading(self):
        return "Add a target or milestone"

    @property
    def intro(self):
        return f"Under the action “{self.action.description}”."

    def breadcrumbs(self):
        plan = self.action.plan
        return [
            (plan.title, plan.get_absolute_url()),
            (self.action.description, self.action.get_absolute_url()),
        ]

    def get_initial(self):
        return {"responsibility": self.action.responsibility, "lead": self.action.lead_id}

    def save(self, data):
        return item_create(
            objective=self.action.objective,
            parent=self.action,
            acting_user=self.request.user,
            **self.item_fields(data),
        )


class ItemUpdateView(ItemFormView):
    success_message = "Saved."

    @cached_property
    def item(self):
        return get_object_or_404(
            PlanItem.objects.editable_by(self.request.user).select_related("plan", "parent"),
            pk=self.kwargs["pk"],
        )

    @property
    def heading(self):
        return f"Edit the {self.item.get_kind_display().lower()}"

    def breadcrumbs(self):
        plan = self.item.plan
        crumbs = [(plan.title, plan.get_absolute_url())]
        if self.item.parent:
            crumbs.append((self.item.parent.description, self.item.parent.get_absolute_url()))
        return [*crumbs, (self.item.description, self.item.get_absolute_url())]

    def get_initial(self):
        item = self.item
        initial = {
            name: getattr(item, name) for name in ItemForm.base_fields if hasattr(item, name)
        }
        initial["lead"] = item.lead_id
        initial["due_on"] = item.due_on if item.timing == "date" else None
        initial["timing_text"] = "" if item.timing == "date" else item.timing_text
        for name in ITEM_LINKS:
            initial[name] = list(getattr(item, name).values_list("pk", flat=True))
        return initial

    def save(self, data):
        return item_update(item=self.item, acting_user=self.request.user, **self.item_fields(data))


class ItemPostView(RoleRequiredMixin, View):
    """A form on the item's page: valid, it saves and returns to the page; refused, the
    page is shown again with the errors by the fields (400)."""

    access = EDITORS
    http_method_names = ["post"]
    form_class = None
    context_name = ""

    def post(self, request, pk):
        item = get_object_or_404(PlanItem.objects.editable_by(request.user), pk=pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.save(item, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(item)
        detail = ItemDetailView(request=request, kwargs={"pk": pk}, args=())
        detail.object = get_object_or_404(item_detail_queryset(user=request.user), pk=pk)
        context = detail.get_context_data(**{self.context_name: form})
        return detail.render_to_response(context, status=400)


class ProgressCreateView(ItemPostView):
    form_class = ProgressForm
    context_name = "progress_form"

    def save(self, item, data):
        progress_record(item=item, acting_user=self.request.user, **data)
        return "Progress recorded."


class EvidenceCreateView(ItemPostView):
    form_class = EvidenceForm
    context_name = "evidence_form"

    def save(self, item, data):
        evidence_add(item=item, acting_user=self.request.user, **data)
        return "Evidence link added."


class EvidenceDeleteView(RoleRequiredMixin, View):
    access = EDITORS
    http_method_names = ["post"]

    def post(self, request, pk):
        link = get_object_or_404(
            EvidenceLink.objects.filter(item__in=PlanItem.objects.editable_by(request.user)),
            pk=pk,
        )
        item = link.item
        evidence_remove(link=link, acting_user=request.user)
        messages.success(request, "Evidence link removed.")
        return redirect(item)


urlpatterns = [
    path("items/<int:pk>/", ItemDetailView.as_view(), name="item-detail"),
    path("objectives/<int:pk>/actions/new/", ActionCreateView.as_view(), name="item-create"),
    path("items/<int:pk>/targets/new/", TargetCreateView.as_view(), name="target-create"),
    path("items/<int:pk>/edit/", ItemUpdateView.as_view(), name="item-update"),
    path("items/<int:pk>/progress/", ProgressCreateView.as_view(), name="progress-create"),
    path("items/<int:pk>/evidence/", EvidenceCreateView.as_view(), name="evidence-create"),
    path("evidence/<int:pk>/remove/", EvidenceDeleteView.as_view(), name="evidence-delete"),
]
