"""Items across plans: every item with filters (by status, RAG, lead, plan, overdue), and
"my actions", the signed-in lead's own."""

from django.http import QueryDict
from django.urls import path
from django.views.generic import ListView

from core.access import RoleRequiredMixin
from workplans.access import EDITORS, READERS
from workplans.selectors.items import item_list


class ItemListView(RoleRequiredMixin, ListView):
    """Filter every plan's items; 50 a page; the filters stay in every link."""

    access = READERS
    template_name = "workplans/item_list.html"
    context_object_name = "items"
    paginate_by = 50
    heading = "Actions and targets"

    def filter_data(self) -> QueryDict:
        return self.request.GET

    def get_queryset(self):
        self.search = item_list(user=self.request.user, data=self.filter_data())
        return self.search.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, heading=self.heading, **kwargs)


class MyItemsView(ItemListView):
    """The items the signed-in user leads, open ones unless asked otherwise."""

    access = EDITORS
    heading = "My actions"

    def filter_data(self) -> QueryDict:
        data = self.request.GET.copy()
        data["lead"] = str(self.request.user.pk)
        data.setdefault("state", "open")
        return data


urlpatterns = [
    path("actions/", ItemListView.as_view(), name="item-list"),
    path("actions/mine/", MyItemsView.as_view(), name="my-items"),
]
