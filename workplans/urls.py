from workplans.views import (
    exports,
    findings,
    home,
    imports,
    items,
    lists,
    plans,
    reviews,
    timeline,
    yearturn,
)

app_name = "workplans"

urlpatterns = [
    *home.urlpatterns,
    *plans.urlpatterns,
    *items.urlpatterns,
    *lists.urlpatterns,
    *timeline.urlpatterns,
    *findings.urlpatterns,
    *imports.urlpatterns,
    *exports.urlpatterns,
    *reviews.urlpatterns,
    *yearturn.urlpatterns,
]
