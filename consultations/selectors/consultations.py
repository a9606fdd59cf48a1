"""Reads of consultations for the list and detail pages, scoped to the user."""

from consultations.models import ClashAcknowledgement, Consultation, Event


def consultation_list(*, user, status: str = "", query: str = ""):
    consultations = Consultation.objects.visible_to(user).select_related("lead_officer")
    if status:
        consultations = consultations.filter(status=status)
    if query:
        consultations = consultations.filter(title__icontains=query)
    return consultations.prefetch_related("boroughs", "wards__borough").order_by(
        "-opens_on", "title", "pk"
    )


def consultation_detail_queryset(*, user):
    return (
        Consultation.objects.visible_to(user)
        .select_related("lead_officer")
        .prefetch_related("boroughs", "wards__borough", "communities")
    )


def consultation_events(*, user, consultation):
    return (
        Event.objects.visible_to(user)
        .filter(consultation=consultation)
        .select_related("ward", "borough")
        .order_by("starts_at")
    )


def consultation_clash_records(*, consultation):
    return ClashAcknowledgement.objects.filter(consultation=consultation).select_related(
        "acknowledged_by"
    )
