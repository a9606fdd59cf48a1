"""A small world with one or more rows of every model of engage's apps, and its users.

Shared by the stored-XSS crawl and the form fuzzing (tests/security/test_stored_xss.py,
tests/security/test_form_fuzz.py). Rows are made with the apps' factories and plain ORM
calls: the point is that every page has something to show, not how it got there.

The sergeant looks after ``ward`` (every object of the world in scope is in that ward);
``other_ward`` and ``other_panel`` are outside their scope.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import User
from areas.factories import BoroughFactory, WardFactory
from consultations.choices import (
    ConsultationStatus,
    FindingSource,
    GroupKind,
    GroupRole,
    InvitationStatus,
    QuestionKind,
    ResourceKind,
)
from consultations.factories import (
    ConsultationFactory,
    ConsultativeGroupFactory,
    EventFactory,
    WardPriorityFactory,
)
from consultations.models import (
    Answer,
    Attendance,
    BriefingMaterial,
    ClashAcknowledgement,
    Finding,
    GroupMembership,
    HeadCount,
    Invitation,
    MeetingSummary,
    PanelAction,
    PriorityUpdate,
    Question,
    ReminderSent,
    Response,
    ToolkitResource,
)
from consultations.signing import invitation_token
from core.roles import Role
from stakeholders.choices import Channel, InteractionKind
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import (
    Audience,
    Community,
    DuplicateDismissal,
    EqualityProfile,
    ImportJob,
    Interaction,
    OutreachRecord,
    Segment,
    StaticList,
    StaticListMember,
    Topic,
)
from stakeholders.services.imports import (
    import_job_create,
    import_mapping_set,
    import_preview_build,
)
from workplans.choices import ItemStatus, ReviewKind, Timing
from workplans.factories import (
    ObjectiveFactory,
    PlanItemFactory,
    ProgressUpdateFactory,
    WorkPlanFactory,
)
from workplans.models import EvidenceLink, PlanImport, PlanReview, ReviewEntry
from workplans.services.imports.fields import OTHER

ROLES = (
    Role.ADMINISTRATOR,
    Role.UNIT_STAFF,
    Role.AUTHORITY_MEMBER,
    Role.NEIGHBOURHOOD_SERGEANT,
)


@dataclass
class World:
    """The rows of the world by name (``world.contact``), and a user per role."""

    users: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["rows"][name]
        except KeyError:
            raise AttributeError(name) from None

    def add(self, **rows):
        self.rows.update(rows)


def build_world(*, import_text=str) -> World:
    """Make the world (point settings.MEDIA_ROOT at a temporary folder first: it writes
    uploaded files). ``import_text(text)`` gives what the contact import's file holds in
    place of ``text`` (the stored-XSS test puts its payloads there, as an attacker's
    spreadsheet would)."""
    world = World()
    today = timezone.localdate()
    now = timezone.now()

    borough = BoroughFactory()
    ward = WardFactory(borough=borough)
    other_ward = WardFactory(borough=borough)
    world.add(borough=borough, command_unit=borough.command_unit, ward=ward)
    world.add(other_ward=other_ward)

    world.users = {
        Role.ADMINISTRATOR: UserFactory(roles=[Role.ADMINISTRATOR], job_title="Admin"),
        Role.UNIT_STAFF: UserFactory(roles=[Role.UNIT_STAFF], job_title="Officer"),
        Role.AUTHORITY_MEMBER: UserFactory(roles=[Role.AUTHORITY_MEMBER], job_title="Member"),
        Role.NEIGHBOURHOOD_SERGEANT: UserFactory(
            roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[ward], job_title="Sergeant"
        ),
    }
    staff = world.users[Role.UNIT_STAFF]
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_equalityprofile", "change_equalityprofile"])
    )
    world.add(user=staff)

    _stakeholders(world, ward=ward, staff=staff, today=today)
    _consultations(world, ward=ward, other_ward=other_ward, staff=staff, now=now, today=today)
    _panels(world, staff=staff, now=now, today=today)
    _workplans(world, staff=staff, today=today)
    _files(world, staff=staff)
    _imports(world, staff=staff, text=import_text)
    return world


def _stakeholders(world, *, ward, staff, today):
    community = Community.objects.create(name="World community: estate youth", strand="age")
    topic = Topic.objects.create(name="World topic: pavements")
    contact = ContactFactory(
        name="Grace Hopkins",
        email="grace@example.org",
        consent=[Channel.EMAIL],
        home_ward=ward,
        home_borough=ward.borough,
        job_title="Chair",
        address_line_2="Flat 2",
        language="Polish",
        access_notes="Step-free access",
        source="Ward panel sign-up sheet",
    )
    contact.topics.add(topic)
    twin = ContactFactory(
        name="Grace Hopkins", email="GRACE@example.org", home_ward=ward, home_borough=ward.borough
    )
    membership = MembershipFactory(contact=contact, role="Secretary")
    organisation = membership.organisation
    organisation.communities.add(community)
    organisation.topics.add(topic)
    organisation.wards.add(ward)
    type(organisation).objects.filter(pk=organisation.pk).update(
        single_point_of_contact=contact, notes="Meets monthly", website="https://example.org/"
    )
    other_organisation = OrganisationFactory(name="Brixton Tenants Group", parent=organisation)
    EqualityProfile.objects.create(contact=contact, age_band="25_34", recorded_by=staff)
    interaction = Interaction.objects.create(
        contact=contact,
        kind=InteractionKind.PHONED,
        summary="Asked about the next meeting",
        logged_by=staff,
        follow_up_on=today,
    )
    Interaction.objects.create(
        organisation=organisation,
        kind=InteractionKind.MET,
        summary="Met the committee",
        logged_by=staff,
    )
    OutreachRecord.objects.create(
        contact=contact, channel=Channel.EMAIL, description="Invited to the ward panel"
    )
    contact.consent_records.update(note="Signed the form", wording_version="v3")
    segment = Segment.objects.create(
        name="Everyone in the ward", description="All of them", filters={"q": "Grace"}
    )
    static_list = StaticList.objects.create(name="Panel chairs", description="Chairs")
    StaticListMember.objects.create(static_list=static_list, contact=contact, added_by=staff)
    audience = Audience.objects.create(name="Ward meeting", channel=Channel.EMAIL)
    audience.segments.add(segment)
    audience.static_lists.add(static_list)
    third = ContactFactory(
        name="Someone Else", email="else@example.org", last_verified=today - timedelta(days=4000)
    )
    own_follow_up = Interaction.objects.create(
        contact=contact,
        kind=InteractionKind.EMAILED,
        summary="Sent the minutes",
        logged_by=User.objects.get(wards=ward),
        follow_up_on=today,
    )
    DuplicateDismissal.objects.create(
        kind="contact", first_id=min(contact.pk, third.pk), second_id=max(contact.pk, third.pk)
    )
    world.add(
        community=community,
        topic=topic,
        contact=contact,
        twin=twin,
        organisation=organisation,
        other_organisation=other_organisation,
        membership=membership,
        interaction=interaction,
        own_follow_up=own_follow_up,
        segment=segment,
        static_list=static_list,
        audience=audience,
    )


def _consultations(world, *, ward, other_ward, staff, now, today):
    consultation = ConsultationFactory(
        wards=[ward],
        status=ConsultationStatus.OPEN,
        lead_officer=staff,
        already_fixed="The budget",
        statutory=True,
        statutory_basis="Police Act 1996 s.96",
        powers_to_explain="Stop and search",
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=21),
        is_good_practice=True,
        good_practice_note="Well attended",
    )
    consultation.communities.add(world.community)
    draft = ConsultationFactory(wards=[ward], lead_officer=staff)
    draft_questions = [
        Question.objects.create(
            consultation=draft, position=position, text="Draft question", kind=kind
        )
        for position, kind in enumerate([QuestionKind.FREE_TEXT, QuestionKind.RATING])
    ]
    questions = [
        Question.objects.create(
            consultation=consultation,
            position=position,
            text="What worries you most?",
            help_text="Say as much as you like",
            kind=kind,
            options=["Speeding", "Burglary"] if "choice" in kind else [],
            required=False,
        )
        for position, kind in enumerate(
            [
                QuestionKind.FREE_TEXT,
                QuestionKind.SINGLE_CHOICE,
                QuestionKind.MULTIPLE_CHOICE,
                QuestionKind.RATING,
            ]
        )
    ]
    response = Response.objects.create(
        consultation=consultation, name="Ann Example", email="ann@example.org", entered_by=staff
    )
    Answer.objects.create(response=response, question=questions[0], text="Speeding cars")
    Answer.objects.create(response=response, question=questions[1], choices=["Speeding"])
    Answer.objects.create(response=response, question=questions[2], choices=["Burglary"])
    Answer.objects.create(response=response, question=questions[3], rating=4)
    event = EventFactory(
        consultation=consultation,
        published=True,
        ward=ward,
        borough=ward.borough,
        venue_address="1 High Street",
        interpreters="BSL",
        access_notes="Lift at the back",
        online_link="https://meet.example.org/",
    )
    panel = ConsultativeGroupFactory(ward=ward, borough=ward.borough, description="Our panel")
    other_panel = ConsultativeGroupFactory(ward=other_ward, borough=other_ward.borough)
    borough_group = ConsultativeGroupFactory(
        kind=GroupKind.BOROUGH_GROUP, ward=None, borough=ward.borough, name="Borough CPEG"
    )
    group_membership = GroupMembership.objects.create(
        group=panel,
        contact=world.contact,
        role=GroupRole.CHAIR,
        joined_on=today - timedelta(days=300),
        wants_reminders=True,
    )
    group_membership.communities.add(world.community)
    Attendance.objects.create(event=event, contact=world.contact, recorded_by=staff)
    HeadCount.objects.create(event=event, count=12)
    HeadCount.objects.create(event=event, community=world.community, count=3)
    ClashAcknowledgement.objects.create(
        event=event,
        other_activity="Borough festival",
        reason="Only date the hall is free",
        acknowledged_by=staff,
    )
    ClashAcknowledgement.objects.create(
        consultation=consultation,
        other_activity="Another survey",
        reason="Different audience",
        acknowledged_by=staff,
    )
    invitation = Invitation.objects.create(
        event=event, contact=world.contact, status=InvitationStatus.SENT, sent_at=now
    )
    Invitation.objects.create(
        event=event,
        contact=world.twin,
        status=InvitationStatus.FAILED,
        last_error="Mailbox unavailable",
    )
    finding = Finding.objects.create(
        consultation=consultation,
        title="Speeding near schools",
        description="Raised by many",
        source=FindingSource.RESPONSE,
        event=event,
        tags=["roads"],
        times_raised=3,
        recorded_by=staff,
    )
    finding.responses.add(response)
    resource = ToolkitResource.objects.create(
        title="Planning guidance",
        kind=ResourceKind.GUIDANCE,
        summary="How to plan.",
        link="https://example.org/guide",
        consultation=consultation,
        tags=["planning"],
        added_by=staff,
    )
    world.add(
        consultation=consultation,
        draft_consultation=draft,
        question=questions[0],
        draft_question=draft_questions[1],
        response=response,
        event=event,
        panel=panel,
        other_panel=other_panel,
        borough_group=borough_group,
        group_membership=group_membership,
        invitation=invitation,
        invitation_token=invitation_token(invitation),
        finding=finding,
        resource=resource,
    )


def _panels(world, *, staff, now, today):
    panel = world.panel
    meeting = EventFactory(
        consultation=None,
        group=panel,
        title="Ward panel meeting",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=2),
        ward=panel.ward,
        borough=panel.ward.borough,
        published=True,
    )
    next_meeting = EventFactory(
        consultation=None,
        group=panel,
        title="Next ward panel meeting",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=2),
        ward=panel.ward,
        borough=panel.ward.borough,
    )
    priority = WardPriorityFactory(
        group=panel,
        set_at=meeting,
        set_on=today - timedelta(days=90),
        review_by=today - timedelta(days=1),
        created_by=staff,
    )
    closed = WardPriorityFactory(
        group=panel,
        set_on=today - timedelta(days=200),
        review_by=today - timedelta(days=100),
        closed_on=today - timedelta(days=10),
        closed_at=meeting,
        outcome="resolved",
    )
    PriorityUpdate.objects.create(
        priority=priority,
        meeting=meeting,
        reported_on=today - timedelta(days=10),
        police_action="Extra patrols",
        outcome="improved",
        recorded_by=staff,
    )
    PanelAction.objects.create(
        meeting=meeting, description="Write to the council", owner="Chair", due_on=today
    )
    MeetingSummary.objects.create(
        meeting=meeting, contact=world.contact, last_error="Temporary failure"
    )
    ReminderSent.objects.create(condition=f"meeting:{next_meeting.pk}:contact:1")
    Finding.objects.create(
        group=panel, title="Parking on pavements", source=FindingSource.GROUP_MEETING
    )
    world.add(
        meeting=meeting,
        next_meeting=next_meeting,
        priority=priority,
        closed_priority=closed,
        theme=priority.theme,
    )


def _workplans(world, *, staff, today):
    plan = WorkPlanFactory(
        title="Strategic Consultation Unit work plan",
        owner=staff,
        description="Our plan",
        endorsed_by="Consultation Board",
        strategy="MPS Consultation Strategy",
        created_by=staff,
    )
    objective = ObjectiveFactory(plan=plan, title="Inclusive consultation", description="Why")
    action = PlanItemFactory(
        objective=objective,
        description="Voluntary sector capacity building",
        how="Workshops",
        responsibility="MPA CDO Unit",
        lead=staff,
        status=ItemStatus.AT_RISK,
        timing=Timing.DATE,
        timing_text="30/4/02",
        due_on=today + timedelta(days=5),
        performance_indicator="Ten groups trained",
    )
    action.findings.add(world.finding)
    action.consultations.add(world.consultation)
    target = PlanItemFactory(
        objective=objective,
        parent=action,
        description="Consider challenge funding",
        status=ItemStatus.ON_TRACK,
        rag_override="red",
        rag_override_reason="Funding withdrawn",
        lead=staff,
    )
    ProgressUpdateFactory(item=target, author=staff)
    EvidenceLink.objects.create(
        item=target, title="Bid", url="https://example.org/bid", added_by=staff
    )
    review = PlanReview.objects.create(
        plan=plan,
        kind=ReviewKind.BOARD,
        held_on=today - timedelta(days=1),
        reviewed_by="Consultation Board",
        notes="Good progress",
        recorded_by=staff,
    )
    for item in (action, target):
        ReviewEntry.objects.create(
            review=review, item=item, status=item.status, rag="amber", percent_complete=10
        )
    plan_import = PlanImport.objects.create(
        created_by=staff,
        shape=OTHER,
        filename="plan.csv",
        plan=plan,
        headers=["Action Required", "Year"],
        rows=[[2, ["Survey frameworks", "1"]]],
        mapping={"action": 0, "timing": 1},
    )
    new_plan_import = PlanImport.objects.create(
        created_by=staff,
        shape=OTHER,
        filename="new-plan.csv",
        headers=["Action Required", "Year"],
        rows=[[2, ["Survey frameworks", "1"]]],
        mapping={"action": 0, "timing": 1},
        plan_title="Imported plan",
        plan_owning_unit="MPS",
        plan_starts_fy=plan.starts_fy,
        plan_ends_fy=plan.ends_fy,
    )
    world.add(
        plan=plan,
        objective=objective,
        action=action,
        target=target,
        review=review,
        plan_import=plan_import,
        new_plan_import=new_plan_import,
    )


def _files(world, *, staff):
    """Rows that carry an uploaded file."""
    material = BriefingMaterial.objects.create(
        event=world.event,
        title="Patrol map",
        file=SimpleUploadedFile("map.pdf", b"%PDF-1.4 the map"),
        content_type="application/pdf",
        size=16,
        uploaded_by=staff,
    )
    type(world.resource).objects.filter(pk=world.resource.pk).update(
        file=default_storage.save("toolkit/guide.pdf", ContentFile(b"%PDF-1.4 guidance"))
    )
    world.add(material=material)


def _imports(world, *, staff, text):
    """Contact imports through the real service, one waiting for its columns to be matched
    and one checked and waiting to be committed (the preview shows every cell)."""
    headings = ["Name", text("Notes column"), "Post code", "Category", "Organisation"]
    row = [text("Ann Example"), text("Likes tea"), "NW5 1AB", "Member of the public", ""]
    bad = [text("Bo Example"), text("Likes coffee"), "ZZ99 ZZZZ", text("Staff"), text("Org")]
    jobs = []
    for name in ("panel.csv", "checked.csv"):
        jobs.append(
            import_job_create(
                kind=ImportJob.Kind.CONTACTS,
                uploaded_file=SimpleUploadedFile(name, _csv([headings, row, bad, row])),
                acting_user=staff,
            )
        )
    checked = import_mapping_set(
        job=jobs[1], mapping={**jobs[1].mapping, "job_title": 1}, acting_user=staff
    )
    checked = import_preview_build(job=checked)
    world.add(import_job=jobs[0], checked_import_job=checked)


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()
