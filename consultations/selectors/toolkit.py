"""Reads of the good-practice toolkit: its resources and the consultations marked as good
practice, searched together."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.functions import Coalesce

from consultations.choices import ResourceKind
from consultations.models import Consultation, ToolkitResource

SEARCH_CONFIG = "english"
# The kind filter: a resource kind, or the consultations marked as good practice.
GOOD_PRACTICE = "good_practice"
KIND_CHOICES = [*ResourceKind.choices, (GOOD_PRACTICE, "Consultations marked as good practice")]


@dataclass
class ToolkitResults:
    resources: QuerySet[ToolkitResource]
    good_practice: QuerySet[Consultation]


def _tags_text(field: str = "tags"):
    return Coalesce(
        Func(F(field), Value(" "), function="array_to_string", output_field=TextField()),
        Value(""),
        output_field=TextField(),
    )


def _resource_vector():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(_tags_text(), weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
    )


def _consultation_vector():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("good_practice_note", weight="B", config=SEARCH_CONFIG)
        + SearchVector("why", weight="C", config=SEARCH_CONFIG)
        + SearchVector("can_influence", weight="C", config=SEARCH_CONFIG)
    )


def toolkit_search(*, user, q: str = "", kind: str = "") -> ToolkitResults:
    """Resources and good-practice consultations matching ``q`` (web-search syntax over
    titles, summaries and tags, English stemming: "meetings" finds "meeting"), best match
    first; everything, by title, when ``q`` is empty. ``kind`` narrows to one resource
    kind, or to the good-practice consultations only."""
    resources = ToolkitResource.objects.select_related("consultation")
    consultations = Consultation.objects.visible_to(user).filter(is_good_practice=True)
    if kind in ResourceKind.values:
        consultations = consultations.none()
        resources = resources.filter(kind=kind)
    elif kind == GOOD_PRACTICE:
        resources = resources.none()
    q = (q or "").strip()
    if q:
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        resources = (
            resources.annotate(search=_resource_vector())
            .filter(search=query)
            .annotate(rank=SearchRank(_resource_vector(), query))
            .order_by("-rank", "title", "pk")
        )
        consultations = (
            consultations.annotate(search=_consultation_vector())
            .filter(search=query)
            .annotate(rank=SearchRank(_consultation_vector(), query))
            .order_by("-rank", "title", "pk")
        )
    else:
        resources = resources.order_by("title", "pk")
        consultations = consultations.order_by("-closes_on", "title", "pk")
    return ToolkitResults(
        resources=resources,
        good_practice=consultations.prefetch_related("toolkit_resources"),
    )


def toolkit_resource_detail_queryset(*, user) -> QuerySet[ToolkitResource]:
    """What the detail, edit and download pages look a resource up in. Resources hold no
    personal data; who may open the pages is the views' access."""
    if not user.is_authenticated:
        return ToolkitResource.objects.none()
    return ToolkitResource.objects.select_related("consultation", "added_by")


def good_practice_candidates(*, user) -> QuerySet[Consultation]:
    """The consultations ``user`` may mark as good practice (write lookups: editable_by)."""
    return Consultation.objects.editable_by(user)
