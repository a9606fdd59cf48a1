"""Clearly fictional consultations for the demo: a year's worth of consultations in every
status across the demo wards and boroughs, standing groups with their meeting programme,
events, invitations in every state, attendance and head counts, online and paper
responses, findings coded to them, and the good-practice toolkit.

The why and can-influence texts follow the seeds: the 2002 consultation strategy (why we
consult: service improvement, future planning, statutory requirements) and the 2010-13
Community Engagement Commitment's six principles (Information, Inclusion, Preparation,
Integration, Involve, Feedback). People, places and results are invented; invitations go
only to contacts engage may contact (stakeholders.contact_rules). The same database gives
the same data every time (dates are relative to today).
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from areas.models import Borough, Ward
from consultations.choices import (
    ConsultationStatus,
    EngagementLevel,
    FindingSource,
    GroupKind,
    GroupRole,
    InvitationStatus,
    Method,
    QuestionKind,
    ResourceKind,
)
from consultations.models import (
    Answer,
    Attendance,
    Consultation,
    ConsultativeGroup,
    Event,
    Finding,
    GroupMembership,
    HeadCount,
    Invitation,
    Question,
    Response,
    ToolkitResource,
)
from core.roles import Role
from stakeholders.choices import Channel, ConsulteeCategory
from stakeholders.contact_rules import contactable
from stakeholders.models import Community, Contact, OutreachRecord

SEED = 4004
DEMO_STAFF_EMAIL = "staff@engage.example"
UNIT = "Consultation, Diversity and Outreach Unit (demo)"

# (title pattern, why, can influence, already fixed, level, methods, scope, statutory basis,
# powers to explain). Scope: "ward", "borough" or "london".
CONSULTATIONS = (
    (
        "Ward priorities for {ward} (demo)",
        "The ward's Safer Neighbourhoods team sets three priorities each year; they decide "
        "where its officers and PCSOs spend their patrol time.",
        "Which three local problems the team works on for the next twelve months, and how "
        "it reports progress to the ward panel.",
        "The size of the team (2 constables and 3 PCSOs per ward) is set London-wide.",
        EngagementLevel.DECIDING_TOGETHER,
        [Method.PUBLIC_MEETING, Method.STREET_BRIEFING, Method.ONLINE],
        "ward",
        "",
        "",
    ),
    (
        "Front counter opening hours in {borough} (demo)",
        "The public access review is redesigning how people reach the police face to face; "
        "any change needs the support of local communities.",
        "Which opening times and which locations (including surgeries in libraries or "
        "community centres) would serve people best.",
        "Telephone and online reporting stay as they are.",
        EngagementLevel.CONSULTATION,
        [Method.SURVEY, Method.ONLINE, Method.PUBLIC_MEETING],
        "borough",
        "",
        "",
    ),
    (
        "Stop and search: what young people in {borough} want to know (demo)",
        "Young people told the youth panel they do not know their rights when stopped; the "
        "borough wants to explain the powers and hear how searches feel to those searched.",
        "How officers explain a search, what the receipt says, and where the monitoring "
        "data is published.",
        "The legal powers themselves are set by Parliament.",
        EngagementLevel.CONSULTATION,
        [Method.WORKSHOP, Method.FOCUS_GROUP],
        "borough",
        "",
        "Stop and search under section 1 of PACE and section 60 of the Criminal Justice and "
        "Public Order Act 1994.",
    ),
    (
        "Policing plan priorities for London (demo)",
        "The Authority must obtain the views of people about the policing of their area "
        "before it sets the annual policing plan.",
        "The order of the London-wide priorities and the measures used to judge them.",
        "The overall budget for the year has been agreed.",
        EngagementLevel.CONSULTATION,
        [Method.SURVEY, Method.ONLINE, Method.PUBLIC_MEETING],
        "london",
        "Police Act 1996, section 96: arrangements for obtaining the views of the community",
        "",
    ),
    (
        "Safer Neighbourhoods base move in {ward} (demo)",
        "The estates strategy proposes moving the ward's base; local people, councillors "
        "and the ward panel are asked before the decision.",
        "Which of two shortlisted sites is chosen, and the drop-in hours at the new base.",
        "The current building's lease ends and cannot be renewed.",
        EngagementLevel.CONSULTATION,
        [Method.PUBLIC_MEETING, Method.STREET_BRIEFING],
        "ward",
        "",
        "",
    ),
    (
        "Hate crime reporting with faith communities in {borough} (demo)",
        "Reports of hate crime have fallen while community groups say incidents have not; "
        "the borough wants to find out what stops people reporting.",
        "Where third-party reporting centres are placed and how victims are kept informed.",
        "",
        EngagementLevel.DECIDING_TOGETHER,
        [Method.FOCUS_GROUP, Method.WORKSHOP],
        "borough",
        "",
        "",
    ),
    (
        "Information for new communities on how to report crime (demo)",
        "Newly arrived communities told the independent advisory group that they do not "
        "know how to contact the police; this is to give clear information (Information).",
        "Which languages and which channels the leaflets and sessions use.",
        "The content of the law on reporting is fixed.",
        EngagementLevel.INFORMATION,
        [Method.STREET_BRIEFING, Method.OTHER],
        "london",
        "",
        "",
    ),
    (
        "Night-time economy patrols in {ward} (demo)",
        "Residents and licensees disagree about late-night disorder; the team wants an "
        "agreed plan before the summer.",
        "Patrol times, where the taxi marshal point goes, and how licensees report trouble.",
        "Licensing decisions are the council's, not the police's.",
        EngagementLevel.DECIDING_TOGETHER,
        [Method.PUBLIC_MEETING, Method.ONLINE],
        "ward",
        "",
        "",
    ),
    (
        "Community payback projects in {borough} (demo)",
        "People can nominate projects for offenders on community sentences; the panel "
        "choosing them wants more residents involved (Involve).",
        "Which nominated projects are chosen this year.",
        "",
        EngagementLevel.DELEGATION,
        [Method.ONLINE, Method.SURVEY],
        "borough",
        "",
        "",
    ),
    (
        "Disability hate crime: an accessible reporting guide (demo)",
        "Disabled people's organisations asked for a reporting guide they helped write.",
        "The wording, formats (easy read, BSL video, large print) and where it is shared.",
        "",
        EngagementLevel.DECIDING_TOGETHER,
        [Method.WORKSHOP, Method.FOCUS_GROUP],
        "london",
        "",
        "",
    ),
    (
        "Anti-social behaviour on the {ward} estates (demo)",
        "Calls about anti-social behaviour on the estates doubled; the team and the housing "
        "provider want residents to shape the response.",
        "Which blocks are visited first and what the joint patrols focus on.",
        "The housing provider's tenancy rules are not part of this.",
        EngagementLevel.CONSULTATION,
        [Method.STREET_BRIEFING, Method.PUBLIC_MEETING],
        "ward",
        "",
        "",
    ),
    (
        "Youth engagement programme for {borough} (demo)",
        "Engagement with children and young people is core Safer Neighbourhoods work; the "
        "programme's next year is being planned with them.",
        "The activities offered and the times and places they run.",
        "The funding available is fixed for the year.",
        EngagementLevel.DECIDING_TOGETHER,
        [Method.WORKSHOP, Method.ONLINE],
        "borough",
        "",
        "",
    ),
)
# Each consultation's status, in the order of CONSULTATIONS: every status at least twice.
STATUSES = (
    ConsultationStatus.CLOSED,
    ConsultationStatus.OPEN,
    ConsultationStatus.ARCHIVED,
    ConsultationStatus.OPEN,
    ConsultationStatus.PLANNED,
    ConsultationStatus.FEEDBACK_PUBLISHED,
    ConsultationStatus.DRAFT,
    ConsultationStatus.PLANNED,
    ConsultationStatus.FEEDBACK_PUBLISHED,
    ConsultationStatus.ARCHIVED,
    ConsultationStatus.CLOSED,
    ConsultationStatus.DRAFT,
)
# Days from today: (opens, closes, feedback promised by), per status.
DATES = {
    ConsultationStatus.DRAFT: (75, 120, 170),
    ConsultationStatus.PLANNED: (21, 60, 100),
    ConsultationStatus.OPEN: (-14, 28, 70),
    ConsultationStatus.CLOSED: (-80, -10, 30),
    ConsultationStatus.FEEDBACK_PUBLISHED: (-200, -140, -90),
    ConsultationStatus.ARCHIVED: (-420, -360, -300),
}
VENUES = (
    ("Eastfield Community Centre (demo)", "12 Fictional Road"),
    ("St Agnes Church Hall (demo)", "3 Imaginary Lane"),
    ("Riverside Library (demo)", "40 Example Street"),
    ("Northgate Youth Club (demo)", "7 Sample Close"),
    ("Town Hall Committee Room 2 (demo)", "1 Civic Way"),
)
QUESTIONS = (
    (QuestionKind.RATING, "How safe do you feel in your area after dark?", []),
    (
        QuestionKind.SINGLE_CHOICE,
        "Which problem should come first?",
        ["Anti-social behaviour", "Burglary", "Drug dealing", "Speeding"],
    ),
    (
        QuestionKind.MULTIPLE_CHOICE,
        "How would you like to hear back?",
        ["Email", "Ward panel meeting", "Leaflet", "Social media"],
    ),
    (QuestionKind.FREE_TEXT, "Anything else you want the team to know?", []),
)
COMMENTS = (
    "More patrols near the station in the evening, please.",
    "Nobody told us what happened after the last meeting.",
    "The young people on the estate want somewhere to go, not to be moved on.",
    "Meetings at 7pm are hard for parents: try a Saturday morning.",
    "Leaflets in Somali and Bengali would help a lot.",
    "Speeding on the main road is the biggest worry for us.",
)
FINDINGS = (
    ("Evening patrols near transport hubs", ["patrols", "transport"]),
    ("People did not hear what came of earlier meetings", ["feedback"]),
    ("Young people want places to go, not dispersal", ["young people", "youth"]),
    ("Meeting times exclude parents and shift workers", ["access", "inclusion"]),
    ("Information in community languages", ["languages", "inclusion"]),
)
PRINCIPLES = (
    (
        "Information",
        "Give clear information on how people who live in, work in or visit London can "
        "get involved. Say why each activity is happening.",
    ),
    (
        "Inclusion",
        "Involve a wide range of communities (age, race, sexual orientation, gender "
        "including transgender, disability and faith), including groups who have not "
        "taken part before.",
    ),
    (
        "Preparation",
        "Give participants (ward panels, CPEGs and others) the information they need "
        "beforehand: briefing papers, data and the decisions still open.",
    ),
    (
        "Integration",
        "Plan engagement jointly, within the unit and with local authority partners, to "
        "avoid duplication, reduce costs and share results. Check the planning calendar "
        "for clashes first.",
    ),
    (
        "Involve",
        "Only engage where people can raise issues and influence decisions; engage early, "
        "at ward, borough and London level.",
    ),
    (
        "Feedback",
        "Tell everyone involved, promptly and in more than one way, what was decided and "
        "how their views shaped it (you said, we did).",
    ),
)
# A one-page PDF, written out by hand: the template resource's file.
TEMPLATE_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R
/Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 88 >> stream
BT /F1 14 Tf 60 780 Td (Invitation letter template \\(demo\\): why, what you can influence) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def seed_consultations(*, stdout) -> None:
    """Add the demo consultations, groups and toolkit, unless consultations exist."""
    if Consultation.objects.exists():
        stdout.write("Consultations: the database already has some; left as they are.")
        return
    seeder = _ConsultationSeeder()
    seeder.run()
    stdout.write(
        f"Consultations: {Consultation.objects.count()} consultations, "
        f"{ConsultativeGroup.objects.count()} standing groups, {Event.objects.count()} "
        f"events, {Invitation.objects.count()} invitations, {Attendance.objects.count()} "
        f"attendances, {Response.objects.count()} responses, "
        f"{ToolkitResource.objects.count()} toolkit resources."
    )


class _ConsultationSeeder:
    def __init__(self):
        self.rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
        self.today = timezone.localdate()
        self.staff = list(
            User.objects.filter(groups__name=Role.UNIT_STAFF.value).order_by("email", "pk")
        )
        lead = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
        self.lead = lead or (self.staff[0] if self.staff else None)
        if self.lead is None:
            self.lead = User.objects.order_by("pk").first()
        self.wards = list(Ward.objects.select_related("borough").order_by("ons_code", "pk"))
        self.boroughs = sorted({ward.borough for ward in self.wards}, key=lambda b: b.name) or list(
            Borough.objects.order_by("name")[:3]
        )
        self.communities = list(Community.objects.order_by("pk"))
        contacts = Contact.objects.active().order_by("pk")
        self.contacts = list(contacts.only("pk", "home_ward_id", "home_borough_id"))
        self.invitable = set(contactable(contacts, Channel.EMAIL).values_list("pk", flat=True))
        self.events: list[Event] = []
        self.case_study_of: list[Consultation] = []

    def run(self) -> None:
        if self.lead is None:
            return  # no users at all: nobody to lead anything
        self.seed_groups()
        self.seed_consultations()
        self.seed_group_meetings()
        self.seed_invitations_and_attendance()
        self.seed_toolkit()

    # --- helpers ------------------------------------------------------------------------

    def at(self, days: int, hour: int = 19) -> datetime:
        day = self.today + timedelta(days=days)
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    def contacts_near(self, *, ward=None, borough=None) -> list[Contact]:
        if ward is not None:
            local = [c for c in self.contacts if c.home_ward_id == ward.pk]
        elif borough is not None:
            local = [c for c in self.contacts if c.home_borough_id == borough.pk]
        else:
            local = self.contacts
        return local or self.contacts

    def officer(self):
        return self.rng.choice(self.staff) if self.staff else self.lead

    # --- groups -------------------------------------------------------------------------

    def seed_groups(self) -> None:
        self.groups: list[ConsultativeGroup] = []
        for ward in self.wards:
            self.groups.append(
                self._group(
                    name=f"{ward.name} Ward Panel (demo)",
                    kind=GroupKind.WARD_PANEL,
                    ward=ward,
                    borough=ward.borough,
                    every=60,
                    description="Residents, businesses and councillors who set the ward's "
                    "policing priorities with its Safer Neighbourhoods team.",
                )
            )
        for borough in self.boroughs:
            self.groups.append(
                self._group(
                    name=f"{borough.name} Community and Police Engagement Group (demo)",
                    kind=GroupKind.BOROUGH_GROUP,
                    borough=borough,
                    every=90,
                    description="The borough's CPEG (Safer Neighbourhood Board): holds the "
                    "borough commander to account and shares what the ward panels raise.",
                )
            )
        self.groups.append(
            self._group(
                name="London Independent Advisory Group (demo)",
                kind=GroupKind.IAG,
                pan_london=True,
                every=45,
                description="Independent advice on critical incidents, stop and search "
                "and community tension.",
            )
        )
        youth_borough = self.boroughs[0] if self.boroughs else None
        self.groups.append(
            self._group(
                name=f"{youth_borough.name if youth_borough else 'London'} Youth Panel (demo)",
                kind=GroupKind.YOUTH_PANEL,
                borough=youth_borough,
                every=30,
                description="Young people aged 14 to 21 who advise on how the police "
                "engage with young people.",
            )
        )

    def _group(self, *, name, kind, every, description, ward=None, borough=None, pan_london=False):
        group = ConsultativeGroup(
            name=name,
            kind=kind,
            ward=ward,
            borough=borough,
            pan_london=pan_london,
            meets_every_days=every,
            description=description,
        )
        group.full_clean()
        group.save()
        pool = self.contacts_near(ward=ward, borough=borough)
        size = min(len(pool), self.rng.randint(5, 9))
        roles = [GroupRole.CHAIR, GroupRole.SECRETARY, GroupRole.COUNCILLOR]
        for number, contact in enumerate(self.rng.sample(pool, k=size)):
            membership = GroupMembership(
                group=group,
                contact=contact,
                role=roles[number] if number < len(roles) else GroupRole.MEMBER,
                joined_on=self.today - timedelta(days=self.rng.randint(30, 900)),
            )
            membership.full_clean()
            membership.save()
            if self.communities and self.rng.random() < 0.4:
                membership.communities.add(self.rng.choice(self.communities))
        return group

    # --- consultations ------------------------------------------------------------------

    def seed_consultations(self) -> None:
        self.consultations: list[Consultation] = []
        rng = self.rng
        for number, (spec, status) in enumerate(zip(CONSULTATIONS, STATUSES, strict=True)):
            title, why, influence, fixed, level, methods, scope, statute, powers = spec
            ward = self.wards[(number * 5) % len(self.wards)] if self.wards else None
            borough = ward.borough if ward else (self.boroughs[0] if self.boroughs else None)
            if scope == "ward" and ward is None:
                scope = "borough" if borough else "london"
            if scope == "borough" and borough is None:
                scope = "london"
            opens, closes, feedback = DATES[status]
            estimated = Decimal(rng.randrange(200, 6000, 50))
            finished = status in {
                ConsultationStatus.CLOSED,
                ConsultationStatus.FEEDBACK_PUBLISHED,
                ConsultationStatus.ARCHIVED,
            }
            consultation = Consultation(
                title=title.format(
                    ward=ward.name if ward else "", borough=borough.name if borough else ""
                ),
                why=why,
                can_influence=influence,
                already_fixed=fixed,
                engagement_level=level,
                methods=list(methods),
                lead_officer=self.officer(),
                unit=UNIT if scope == "london" else f"{borough.name} Safer Neighbourhoods",
                pan_london=scope == "london",
                audience_categories=rng.sample(list(ConsulteeCategory.values), k=rng.randint(1, 3)),
                statutory=bool(statute),
                statutory_basis=statute,
                powers_to_explain=powers,
                opens_on=self.today + timedelta(days=opens),
                closes_on=self.today + timedelta(days=closes),
                feedback_promised_by=self.today + timedelta(days=feedback),
                estimated_cost=estimated,
                actual_cost=(estimated * Decimal("0.9")).quantize(Decimal("1"))
                if finished
                else None,
                status=status,
            )
            consultation.full_clean()
            consultation.save()
            if scope == "ward":
                consultation.wards.add(ward)
            elif scope == "borough":
                consultation.boroughs.add(borough)
            if self.communities:
                consultation.communities.add(*rng.sample(self.communities, k=rng.randint(1, 3)))
            self.consultations.append(consultation)
            if status != ConsultationStatus.DRAFT:
                self.consultation_events(consultation, ward=ward, borough=borough, opens=opens)
            if status != ConsultationStatus.DRAFT and (
                Method.ONLINE in methods or Method.SURVEY in methods
            ):
                self.questions_and_responses(consultation, opens=opens, closes=closes)
            if finished:
                self.findings(consultation)
        for consultation in self.consultations:
            if (
                consultation.status
                in {
                    ConsultationStatus.FEEDBACK_PUBLISHED,
                    ConsultationStatus.ARCHIVED,
                }
                and len(self.case_study_of) < 2
            ):
                consultation.is_good_practice = True
                consultation.good_practice_note = (
                    "Told people why from the first leaflet, worked through the ward panels "
                    "and community groups to reach people who had not taken part before, and "
                    "published what changed within the promised date."
                )
                consultation.save(update_fields=["is_good_practice", "good_practice_note"])
                self.case_study_of.append(consultation)

    def consultation_events(self, consultation, *, ward, borough, opens) -> None:
        rng = self.rng
        for session in range(rng.randint(1, 3)):
            venue, address = rng.choice(VENUES)
            starts = self.at(opens + 3 + session * 9, hour=rng.choice((10, 14, 18, 19)))
            event = Event(
                consultation=consultation,
                title=f"{consultation.title.removesuffix(' (demo)')}: session {session + 1}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                venue_name=venue,
                venue_address=address,
                borough=None if consultation.pan_london else borough,
                ward=ward if consultation.wards.exists() else None,
                step_free=rng.random() < 0.8,
                hearing_loop=rng.random() < 0.5,
                interpreters=rng.choice(("", "", "BSL", "Somali, Bengali")),
                capacity=rng.choice((None, 40, 60, 120)),
                published=consultation.status != ConsultationStatus.PLANNED or session == 0,
            )
            event.full_clean()
            event.save()
            self.events.append(event)

    def seed_group_meetings(self) -> None:
        """The meeting programme: past meetings over about six months and the next few."""
        rng = self.rng
        for group in self.groups:
            every = group.meets_every_days or 60
            venue, address = rng.choice(VENUES)
            for day in range(-180 + rng.randint(0, every), 120, every):
                starts = self.at(day, hour=rng.choice((18, 19)))
                event = Event(
                    group=group,
                    title=f"{group.name.removesuffix(' (demo)')} meeting",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=90),
                    venue_name=venue,
                    venue_address=address,
                    borough=group.borough,
                    ward=group.ward,
                    step_free=True,
                    hearing_loop=rng.random() < 0.5,
                    published=group.kind != GroupKind.IAG,
                    online_link="https://meet.example.org/demo" if rng.random() < 0.3 else "",
                )
                event.full_clean()
                event.save()
                self.events.append(event)

    # --- invitations and attendance -----------------------------------------------------

    def seed_invitations_and_attendance(self) -> None:
        rng = self.rng
        now = timezone.now()
        invitations, outreach, attendances, head_counts = [], [], [], []
        members = {}
        for membership in GroupMembership.objects.order_by("pk"):
            members.setdefault(membership.group_id, []).append(membership.contact_id)
        for event in self.events:
            if event.group_id:
                invitees = [pk for pk in members.get(event.group_id, []) if pk in self.invitable]
            else:
                pool = [
                    c.pk
                    for c in self.contacts_near(ward=event.ward, borough=event.borough)
                    if c.pk in self.invitable
                ]
                invitees = rng.sample(pool, k=min(len(pool), rng.randint(6, 15)))
            past = event.starts_at < now
            if event.starts_at > now + timedelta(days=45):
                continue  # too far ahead to have invited anyone yet
            sent_at = event.starts_at - timedelta(days=21)
            for contact_id in invitees:
                roll = rng.random()
                if not past and roll < 0.15:
                    status = InvitationStatus.QUEUED
                elif roll < 0.2:
                    status = InvitationStatus.FAILED
                elif roll < 0.55:
                    status = InvitationStatus.SENT
                elif roll < 0.85:
                    status = InvitationStatus.ACCEPTED
                else:
                    status = InvitationStatus.DECLINED
                sent = status not in {InvitationStatus.QUEUED, InvitationStatus.FAILED}
                invitations.append(
                    Invitation(
                        event=event,
                        contact_id=contact_id,
                        status=status,
                        attempts=0 if status == InvitationStatus.QUEUED else 1,
                        last_error="Mailbox unavailable (demo)"
                        if status == InvitationStatus.FAILED
                        else "",
                        sent_at=min(sent_at, now) if sent else None,
                        responded_at=min(sent_at + timedelta(days=3), now)
                        if status in {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}
                        else None,
                    )
                )
                if sent:
                    outreach.append(
                        OutreachRecord(
                            contact_id=contact_id,
                            channel=Channel.EMAIL,
                            sent_at=min(sent_at, now),
                            description=f"Invited to {event.title}"[:300],
                        )
                    )
                if past and (status == InvitationStatus.ACCEPTED and rng.random() < 0.85):
                    attendances.append(Attendance(event=event, contact_id=contact_id))
            if past:
                invited = set(invitees)
                walk_ins = [
                    c.pk
                    for c in self.contacts_near(ward=event.ward, borough=event.borough)
                    if c.pk not in invited
                ]
                for contact_id in rng.sample(walk_ins, k=min(len(walk_ins), rng.randint(0, 2))):
                    attendances.append(Attendance(event=event, contact_id=contact_id, walk_in=True))
                total = rng.randint(12, 70)
                head_counts.append(HeadCount(event=event, count=total))
                if event.consultation_id and self.communities and rng.random() < 0.5:
                    for community in rng.sample(self.communities, k=min(3, len(self.communities))):
                        head_counts.append(
                            HeadCount(event=event, community=community, count=rng.randint(1, 8))
                        )
        Invitation.objects.bulk_create(invitations)
        OutreachRecord.objects.bulk_create(outreach)
        Attendance.objects.bulk_create(attendances)
        HeadCount.objects.bulk_create(head_counts)

    # --- responses and findings ---------------------------------------------------------

    def questions_and_responses(self, consultation, *, opens, closes) -> None:
        rng = self.rng
        questions = []
        for position, (kind, text, options) in enumerate(QUESTIONS):
            question = Question(
                consultation=consultation,
                position=position,
                text=text,
                kind=kind,
                options=list(options),
                required=kind == QuestionKind.RATING,
            )
            question.full_clean()
            question.save()
            questions.append(question)
        if opens > 0:
            return  # not open yet: no responses
        for number in range(rng.randint(4, 9)):
            offline = number % 3 == 2
            named = rng.random() < 0.4
            response = Response.objects.create(
                consultation=consultation,
                name=f"Respondent {number + 1} (demo)" if named else "",
                email=f"respondent{consultation.pk}-{number}@example.org" if named else "",
                consents_to_contact=named,
                offline=offline,
                entered_by=self.officer() if offline else None,
            )
            created = self.at(min(opens + number * 3, -1), hour=12)
            Response.objects.filter(pk=response.pk).update(created=created, modified=created)
            for question in questions:
                answer = Answer(response=response, question=question)
                if question.kind == QuestionKind.RATING:
                    answer.rating = rng.randint(1, 5)
                elif question.kind == QuestionKind.SINGLE_CHOICE:
                    answer.choices = [rng.choice(question.options)]
                elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                    answer.choices = rng.sample(question.options, k=rng.randint(1, 2))
                else:
                    answer.text = rng.choice(COMMENTS)
                answer.save()

    def findings(self, consultation) -> None:
        rng = self.rng
        responses = list(consultation.responses.order_by("pk"))
        events = [event for event in self.events if event.consultation_id == consultation.pk]
        for title, tags in rng.sample(FINDINGS, k=3):
            source = FindingSource.RESPONSE if responses else FindingSource.EVENT
            finding = Finding(
                consultation=consultation,
                title=title,
                description=f"Raised in {consultation.title.removesuffix(' (demo)')}.",
                source=source,
                event=events[0] if events and source == FindingSource.EVENT else None,
                tags=tags,
                times_raised=rng.randint(2, 25),
                recorded_by=self.lead,
            )
            finding.full_clean()
            finding.save()
            if responses:
                finding.responses.add(*rng.sample(responses, k=min(len(responses), 3)))
        panel = next((g for g in self.groups if g.kind == GroupKind.WARD_PANEL), None)
        if panel is not None and not Finding.objects.filter(group=panel).exists():
            Finding.objects.create(
                group=panel,
                title="Parking on pavements outside the school",
                source=FindingSource.GROUP_MEETING,
                tags=["road safety"],
                times_raised=6,
                recorded_by=self.lead,
            )

    # --- toolkit ------------------------------------------------------------------------

    def seed_toolkit(self) -> None:
        for name, text in PRINCIPLES:
            ToolkitResource.objects.create(
                title=f"The six principles: {name} (demo guidance)",
                kind=ResourceKind.GUIDANCE,
                summary=text,
                tags=["six principles", name.lower()],
                added_by=self.lead,
            )
        template = ToolkitResource(
            title="Invitation letter template (demo)",
            kind=ResourceKind.TEMPLATE,
            summary="A letter that tells people why the activity is happening, what they can "
            "influence and what is already fixed, with the venue's access details.",
            tags=["template", "invitation", "information", "preparation"],
            added_by=self.lead,
        )
        template.file.save("invitation-letter-template.pdf", ContentFile(TEMPLATE_PDF), save=False)
        template.save()
        for consultation in self.case_study_of:
            ToolkitResource.objects.create(
                title=f"Case study: {consultation.title.removesuffix(' (demo)')} (demo)",
                kind=ResourceKind.CASE_STUDY,
                summary=consultation.good_practice_note,
                consultation=consultation,
                tags=["case study", "good practice", "feedback"],
                added_by=self.lead,
            )
