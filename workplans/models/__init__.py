from workplans.models.imports import PlanImport
from workplans.models.items import EvidenceLink, PlanItem, ProgressUpdate
from workplans.models.plans import Objective, WorkPlan
from workplans.models.reviews import PlanReview, ReviewEntry

__all__ = [
    "EvidenceLink",
    "Objective",
    "PlanImport",
    "PlanItem",
    "PlanReview",
    "ProgressUpdate",
    "ReviewEntry",
    "WorkPlan",
]
