"""Reads for the ward panels' reports: a panel's membership and make-up, the police.uk
export of neighbourhood priorities, and the statutory duty tracker (issue 5, points 2, 6, 7)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from areas.models import Ward
from consultations.choices import ConsultationStatus, GroupKind
from consultations.models import (
    Consultation,
    ConsultativeGroup,
    Event,
    GroupMembership,
    HeadCount,
    MeetingSummary,
    PriorityUpdate,
    WardPriority,
)
from core.small_counts import COMPLEMENT, suppress
from stakeholders.models import Community, Contact

# Panel membership ---------------------------------------------------------------------


def panel_queryset(*, user) -> QuerySet[ConsultativeGroup]:
    """The ward panels ``user`` may read (every signed-in user)."""
    return (
        ConsultativeGroup.objects.visible_to(user)
        .filter(kind=GroupKind.WARD_PANEL)
        .select_related("borough", "ward")
    )


@dataclass(frozen=True)
class PanelMembers:
    """A panel's memberships, current and past, as ``user`` may see them: named ones are
    contacts the user may see; the others are only counted."""

    current: list[GroupMembership]
    current_others: int
    past: list[GroupMembership]
    past_others: int

    @property
    def current_total(self) -> int:
        return len(self.current) + self.current_others


def panel_members(*, user, panel: ConsultativeGroup) -> PanelMembers:
    visible = Contact.objects.visible_to(user).values("pk")
    memberships = GroupMembership.objects.filter(group=panel)
    named = (
        memberships.filter(contact__in=visible)
        .select_related("contact")
        .prefetch_related("communities")
        .order_by("role", "contact__name", "pk")
    )
    others = (
        memberships.exclude(contact__in=visible)
        .order_by()
        .aggregate(
            current=Count("pk", filter=Q(left_on__isnull=True)),
            past=Count("pk", filter=Q(left_on__isnull=False)),
        )
    )
    named = list(named)
    return PanelMembers(
        current=[m for m in named if m.left_on is None],
        current_others=others["current"],
        past=[m for m in named if m.left_on is not None],
        past_others=others["past"],
    )


@dataclass(frozen=True)
class PanelMakeUp:
    """Counts only, over every current member (named or not), suppressed as the equality
    report is (``core.small_counts``): the communities people bring are special category
    data, and a panel is small enough for a count of 1 to point at someone."""

    members: int
    by_strand: list[tuple[str, str]]  # every strand, in order, with zeros: the gaps show
    by_community: list[tuple[str, str]]  # communities brought by at least one member
    bringing_none: str


def panel_make_up(*, panel: ConsultativeGroup) -> PanelMakeUp:
    """Primary and secondary suppression at two levels. The strands and "no community"
    add up (people aside who bring several) to the members, who are shown: suppressed
    against that total. A strand's communities add up to the strand: suppressed against
    its count; and when a strand is hidden to protect another ("[c]"), its communities are
    hidden with it, or they would give its count away."""
    current = GroupMembership.objects.filter(group=panel, left_on__isnull=True)
    through = GroupMembership.communities.through
    pairs = list(
        through.objects.filter(groupmembership__in=current)
        .values_list("groupmembership_id", "community__name", "community__strand")
        .order_by()
    )
    by_community = Counter((strand, name) for _, name, strand in pairs)
    # A member bringing two communities of one strand counts once for that strand.
    by_strand = Counter(strand for _, strand in {(m, s) for m, _, s in pairs})
    members = current.count()
    strands = Community.Strand.choices
    strand_counts = [by_strand.get(value, 0) for value, _ in strands]
    bringing_none = members - len({m for m, _, _ in pairs})
    shown, _ = suppress([*strand_counts, bringing_none], members)
    strand_shown = dict(zip((value for value, _ in strands), shown, strict=False))
    community_shown = []
    for strand, _ in strands:
        names = sorted(name for s, name in by_community if s == strand)
        if strand_shown[strand] == COMPLEMENT:
            counts = [COMPLEMENT] * len(names)
        else:
            counts, _ = suppress([by_community[(strand, n)] for n in names], by_strand[strand])
        community_shown.extend(zip(names, counts, strict=True))
    return PanelMakeUp(
        members=members,
        by_strand=[(label, strand_shown[value]) for value, label in strands],
        by_community=sorted(community_shown),
        bringing_none=shown[-1],
    )


# police.uk export ----------------------------------------------------------------------


def policeuk_priorities(*, user, wards: QuerySet[Ward]) -> QuerySet[WardPriority]:
    """Open and closed priorities of the ward panels of ``wards``, each with its latest
    police action (text and date) annotated, oldest first within a ward."""
    latest = PriorityUpdate.objects.filter(priority=OuterRef("pk")).order_by("-reported_on", "-pk")
    return (
        WardPriority.objects.visible_to(user)
        .filter(group__kind=GroupKind.WARD_PANEL, group__ward__in=wards)
        .select_related("theme", "group__ward")
        .annotate(
            latest_action=Subquery(latest.values("police_action")[:1]),
            latest_action_on=Subquery(latest.values("reported_on")[:1]),
        )
        .order_by("group__ward__name", "group__ward__ons_code", "set_on", "pk")
    )


# Statutory duty tracker ------------------------------------------------------------------

# Statuses of a consultation that has been open (it got past planned).
HAS_OPENED = (
    ConsultationStatus.OPEN,
    ConsultationStatus.CLOSED,
    ConsultationStatus.FEEDBACK_PUBLISHED,
    ConsultationStatus.ARCHIVED,
)
FEEDBACK_GIVEN = (ConsultationStatus.FEEDBACK_PUBLISHED, ConsultationStatus.ARCHIVED)
REGULAR_MEETINGS = 2


def tracker_window(today: date | None = None) -> tuple[date, date]:
    """The last 12 months, up to and including today."""
    today = today or timezone.localdate()
    return today - relativedelta(months=12), today


def _either(first, second):
    return ExpressionWrapper(Q(first) | Q(second), output_field=BooleanField())


def statutory_tracker(*, user, wards: QuerySet[Ward], today: date | None = None):
    """Each ward with four yes/no annotations for the last 12 months: the duties of section
    34 of the Police Reform and Social Responsibility Act 2011 (arrangements for obtaining
    the views of people in each neighbourhood about crime and disorder, and for providing
    them with information and feedback, through regular public meetings). Computed from
    the records, never ticked by hand:

    ``consulted``
        A consultation covering the ward (scoped to it, to its borough, or to all of London)
        whose ``opens_on`` falls in the window and whose status got past planned (open or
        later); or a meeting of the ward's panel took place (not cancelled, started in the
        window, already begun).
    ``informed``
        A published, not cancelled event in the ward or of its panel that started in the
        window; or a "you said, we did" MeetingSummary sent in the window for a meeting of
        its panel.
    ``met_regularly``
        At least two meetings of its ward panel in the window, not cancelled, already over,
        each with a public head count (the total: community blank) recorded.
    ``fed_back``
        A consultation covering the ward, with feedback published (or since archived),
        whose ``feedback_promised_by`` falls in the window; or a MeetingSummary sent in the
        window for a meeting of its panel.

    One query for all the wards, whatever their number (Exists and counted subqueries).
    ``user`` is unused but kept: every read names who reads; none of this is personal.
    """
    start, end = tracker_window(today)
    tz = timezone.get_current_timezone()
    start_at = datetime.combine(start, time.min, tzinfo=tz)
    end_at = datetime.combine(end + relativedelta(days=1), time.min, tzinfo=tz)
    now = min(timezone.now(), end_at)

    covering = Consultation.objects.filter(
        Q(pan_london=True) | Q(wards=OuterRef("pk")) | Q(boroughs=OuterRef("borough_id"))
    )
    panel_meetings = Event.objects.filter(
        group__kind=GroupKind.WARD_PANEL,
        group__ward=OuterRef("pk"),
        cancelled=False,
        starts_at__gte=start_at,
    )
    summaries_sent = MeetingSummary.objects.filter(
        meeting__group__kind=GroupKind.WARD_PANEL,
        meeting__group__ward=OuterRef("pk"),
        status=MeetingSummary.Status.SENT,
        sent_at__gte=start_at,
        sent_at__lt=end_at,
    )
    informing_events = Event.objects.filter(
        Q(ward=OuterRef("pk")) | Q(group__kind=GroupKind.WARD_PANEL, group__ward=OuterRef("pk")),
        published=True,
        cancelled=False,
        starts_at__gte=start_at,
        starts_at__lt=now,
    )
    public_meetings = (
        panel_meetings.filter(
            Exists(HeadCount.objects.filter(event=OuterRef("pk"), community__isnull=True)),
            ends_at__lt=now,
        )
        .order_by()
        .values("group__ward")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return (
        wards.select_related("borough")
        .annotate(
            consulted=_either(
                Exists(
                    covering.filter(opens_on__gte=start, opens_on__lte=end, status__in=HAS_OPENED)
                ),
                Exists(panel_meetings.filter(starts_at__lt=now)),
            ),
            informed=_either(Exists(informing_events), Exists(summaries_sent)),
            public_meetings=Coalesce(
                Subquery(public_meetings, output_field=IntegerField()), Value(0)
            ),
            met_regularly=ExpressionWrapper(
                Q(public_meetings__gte=REGULAR_MEETINGS), output_field=BooleanField()
            ),
            fed_back=_either(
                Exists(
                    covering.filter(
                        status__in=FEEDBACK_GIVEN,
                        feedback_promised_by__gte=start,
                        feedback_promised_by__lte=end,
                    )
                ),
                Exists(summaries_sent),
            ),
        )
        .order_by("borough__name", "name", "pk")
    )
