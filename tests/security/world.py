"""A small world for the access matrix: one record of every kind a URL needs.

Everything ward-scoped is in ward A (borough A); the sergeant of ward A has it in scope,
the sergeant of ward B (another borough) does not. ``url_kwargs(name, world)`` fills each
URL's parameters from it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.factories import UserFactory
from areas.factories import BoroughFactory, WardFactory
from consultations.choices import (
    ConsultationStatus,
    FindingSource,
    GroupKind,
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
    Finding,
    GroupMembership,
    Invitation,
    PriorityUpdate,
    Question,
    Response,
    ToolkitResource,
)
from consultations.signing import invitation_token
from core.roles import Role
from stakeholders.choices import InteractionKind
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import (
    Audience,
    EqualityProfile,
    ImportJob,
    Interaction,
    Segment,
    StaticList,
    StaticListMember,
)
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import EvidenceLink, PlanImport, PlanReview

# The users of the matrix, in the order of the table's columns.
USERS = (
    "anonymous",
    "administrator",
    "unit staff",
    "authority member",
    "sergeant, own ward",
    "sergeant, other ward",
    "disabled user",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    borough_a, borough_b = BoroughFactory(), BoroughFactory()
    ward_a, ward_b = WardFactory(borough=borough_a), WardFactory(borough=borough_b)
    users = {
        "administrator": UserFactory(roles=[Role.ADMINISTRATOR]),
        "unit staff": UserFactory(roles=[Role.UNIT_STAFF]),
        "authority member": UserFactory(roles=[Role.AUTHORITY_MEMBER]),
        "sergeant, own ward": UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[ward_a]),
        "sergeant, other ward": UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[ward_b]),
        "disabled user": UserFactory(roles=[Role.UNIT_STAFF], is_active=False),
    }
    staff = users["unit staff"]
    sergeant_a = users["sergeant, own ward"]
    now = timezone.now()

    contact = ContactFactory(home_ward=ward_a)
    twin = ContactFactory(name=contact.name, email=f"twin.{contact.email}", home_ward=ward_a)
    organisation = OrganisationFactory()
    organisation.wards.set([ward_a])
    MembershipFactory(contact=contact, organisation=organisation)
    EqualityProfile.objects.create(contact=contact)
    interaction = Interaction.objects.create(
        contact=contact,
        kind=InteractionKind.choices[0][0],
        summary="Phoned about the panel.",
        logged_by=sergeant_a,
        follow_up_on=timezone.localdate() + timedelta(days=7),
    )
    segment = Segment.objects.create(name="Ward A residents", filters={}, created_by=staff)
    static_list = StaticList.objects.create(name="Panel invitees", created_by=staff)
    StaticListMember.objects.create(static_list=static_list, contact=contact, added_by=staff)
    audience = Audience.objects.create(name="Ward A mail-out", channel="email", created_by=staff)
    audience.static_lists.set([static_list])
    import_job = ImportJob.objects.create(
        kind=ImportJob.Kind.CONTACTS,
        file=ContentFile(b"name,email\nAda,ada@example.org\n", name="contacts.csv"),
        original_name="contacts.csv",
        headers=["name", "email"],
        created_by=staff,
    )

    consultation = ConsultationFactory(
        status=ConsultationStatus.OPEN, lead_officer=sergeant_a, wards=[ward_a]
    )
    question = Question.objects.create(
        consultation=consultation, text="What worries you most?", kind=QuestionKind.choices[0][0]
    )
    response = Response.objects.create(consultation=consultation, name=contact.name)
    Answer.objects.create(response=response, question=question, text="Burglary.")
    event = EventFactory(consultation=consultation, ward=ward_a, borough=borough_a, published=True)
    material = BriefingMaterial.objects.create(
        event=event,
        title="Briefing",
        file=ContentFile(b"%PDF-1.4\n", name="briefing.pdf"),
        content_type="application/pdf",
        size=9,
        uploaded_by=staff,
    )
    invitation = Invitation.objects.create(event=event, contact=contact)
    Attendance.objects.create(event=event, contact=contact, recorded_by=sergeant_a)
    panel = ConsultativeGroupFactory(kind=GroupKind.WARD_PANEL, ward=ward_a)
    membership = GroupMembership.objects.create(group=panel, contact=contact)
    meeting = EventFactory(
        consultation=None, group=panel, ward=ward_a, borough=borough_a, starts_at=now
    )
    priority = WardPriorityFactory(group=panel, set_at=meeting)
    PriorityUpdate.objects.create(
        priority=priority,
        meeting=meeting,
        reported_on=timezone.localdate(),
        police_action="Patrols.",
    )
    finding = Finding.objects.create(
        consultation=consultation,
        title="Burglary worries people",
        source=FindingSource.choices[0][0],
    )
    toolkit = ToolkitResource.objects.create(
        title="Running a ward panel",
        kind=ResourceKind.choices[0][0],
        summary="How to.",
        file=ContentFile(b"%PDF-1.4\n", name="guide.pdf"),
        added_by=staff,
    )

    plan = WorkPlanFactory()
    objective = ObjectiveFactory(plan=plan)
    item = PlanItemFactory(objective=objective)
    evidence = EvidenceLink.objects.create(
        item=item, title="Minutes", url="https://example.org/minutes", added_by=staff
    )
    review = PlanReview.objects.create(
        plan=plan,
        kind=PlanReview._meta.get_field("kind").choices[0][0],
        held_on=timezone.localdate(),
        reviewed_by="Consultation Board",
        recorded_by=staff,
    )
    plan_import = PlanImport.objects.create(
        created_by=staff, filename="plan.csv", headers=["Action"], rows=[[2, ["Map"]]], plan=plan
    )

    world.users = users
    world.objects = {
        "borough": borough_a,
        "ward": ward_a,
        "contact": contact,
        "twin": twin,
        "organisation": organisation,
        "interaction": interaction,
        "segment": segment,
        "static_list": static_list,
        "audience": audience,
        "import_job": import_job,
        "consultation": consultation,
        "question": question,
        "response": response,
        "event": event,
        "material": material,
        "invitation": invitation,
        "panel": panel,
        "membership": membership,
        "meeting": meeting,
        "priority": priority,
        "finding": finding,
        "toolkit": toolkit,
        "plan": plan,
        "objective": objective,
        "item": item,
        "evidence": evidence,
        "review": review,
        "plan_import": plan_import,
        "someone": users["unit staff"],
        # An authenticator app for the Django admin's device pages, held by a user who
        # never signs in here (a device makes whoever holds it enter a code).
        "authenticator": TOTPDevice.objects.create(
            user=UserFactory(roles=[Role.AUTHORITY_MEMBER]), name="Phone", confirmed=True
        ),
    }
    return world


# Which world object fills ``pk`` (and any other parameter) of each URL. URLs whose only
# parameter is ``pk`` name their object here; the few with more parameters get a function.
PK_OF = {
    "accounts:user-update": "someone",
    "stakeholders:contact-detail": "contact",
    "stakeholders:contact-update": "contact",
    "stakeholders:contact-consent": "contact",
    "stakeholders:contact-interaction-create": "contact",
    "stakeholders:equality-update": "contact",
    "stakeholders:contact-subject-access": "contact",
    "stakeholders:contact-subject-access-json": "contact",
    "stakeholders:contact-erase": "contact",
    "stakeholders:organisation-detail": "organisation",
    "stakeholders:organisation-update": "organisation",
    "stakeholders:organisation-interaction-create": "organisation",
    "stakeholders:interaction-follow-up-done": "interaction",
    "stakeholders:segment-detail": "segment",
    "stakeholders:segment-delete": "segment",
    "stakeholders:list-detail": "static_list",
    "stakeholders:audience-detail": "audience",
    "stakeholders:import-preview": "import_job",
    "stakeholders:import-mapping": "import_job",
    "stakeholders:import-commit": "import_job",
    "stakeholders:import-progress": "import_job",
    "consultations:consultation-detail": "consultation",
    "consultations:consultation-update": "consultation",
    "consultations:group-detail": "panel",
    "consultations:group-update": "panel",
    "consultations:group-member-add": "panel",
    "consultations:event-create-for-consultation": "consultation",
    "consultations:event-create-for-group": "panel",
    "consultations:event-detail": "event",
    "consultations:event-update": "event",
    "consultations:material-upload": "event",
    "consultations:material-download": "material",
    "consultations:ical-group": "panel",
    "consultations:invitation-list": "event",
    "consultations:invitation-create": "event",
    "consultations:attendance-record": "event",
    "consultations:headcount-record": "event",
    "consultations:public-response": "consultation",
    "consultations:public-response-thanks": "consultation",
    "consultations:question-list": "consultation",
    "consultations:question-create": "consultation",
    "consultations:question-update": "question",
    "consultations:question-delete": "question",
    "consultations:question-move": "question",
    "consultations:response-list": "consultation",
    "consultations:response-detail": "response",
    "consultations:response-offline-create": "consultation",
    "consultations:finding-list": "consultation",
    "consultations:finding-create": "consultation",
    "consultations:finding-detail": "finding",
    "consultations:finding-update": "finding",
    "consultations:response-code": "response",
    "consultations:toolkit-detail": "toolkit",
    "consultations:toolkit-update": "toolkit",
    "consultations:toolkit-delete": "toolkit",
    "consultations:toolkit-file": "toolkit",
    "consultations:good-practice-mark": "consultation",
    "consultations:public-event-detail": "event",
    "consultations:meeting-log": "panel",
    "consultations:meeting-edit": "meeting",
    "consultations:priority-detail": "priority",
    "consultations:priority-close": "priority",
    "consultations:panel-members": "panel",
    "workplans:plan-detail": "plan",
    "workplans:plan-update": "plan",
    "workplans:objective-create": "plan",
    "workplans:objective-update": "objective",
    "workplans:item-detail": "item",
    "workplans:item-create": "objective",
    "workplans:target-create": "item",
    "workplans:item-update": "item",
    "workplans:progress-create": "item",
    "workplans:evidence-create": "item",
    "workplans:evidence-delete": "evidence",
    "workplans:plan-timeline": "plan",
    "workplans:finding-action": "finding",
    "workplans:import-mapping": "plan_import",
    "workplans:import-preview": "plan_import",
    "workplans:import-commit": "plan_import",
    "workplans:import-reading": "plan_import",
    "workplans:review-list": "plan",
    "workplans:review-create": "plan",
    "workplans:review-detail": "review",
    "workplans:year-turn": "plan",
}

OTHER_KWARGS = {
    "accounts:password-reset-confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w.someone.pk)),
        "token": default_token_generator.make_token(w.someone),
    },
    "areas:borough-detail": lambda w: {"ons_code": w.borough.ons_code},
    "areas:ward-detail": lambda w: {"ons_code": w.ward.ons_code},
    "stakeholders:list-remove-member": lambda w: {
        "pk": w.static_list.pk,
        "contact_pk": w.contact.pk,
    },
    "stakeholders:duplicate-merge": lambda w: {
        "kind": "contact",
        **dict(zip(("first", "second"), sorted((w.contact.pk, w.twin.pk)), strict=True)),
    },
    "stakeholders:duplicate-dismiss": lambda w: {
        "kind": "contact",
        **dict(zip(("first", "second"), sorted((w.contact.pk, w.twin.pk)), strict=True)),
    },
    "consultations:consultation-transition": lambda w: {
        "pk": w.consultation.pk,
        "action": "close",
    },
    "consultations:group-member-leave": lambda w: {
        "pk": w.panel.pk,
        "membership_pk": w.membership.pk,
    },
    "consultations:ical-borough": lambda w: {"ons_code": w.borough.ons_code},
    "consultations:rsvp": lambda w: {"token": invitation_token(w.invitation)},
    "consultations:material-by-invitation": lambda w: {
        "token": invitation_token(w.invitation),
        "pk": w.material.pk,
    },
    "consultations:panel-member-reminders": lambda w: {
        "pk": w.panel.pk,
        "membership_pk": w.membership.pk,
    },
    "consultations:policeuk-export-ward": lambda w: {"ons_code": w.ward.ons_code, "fmt": "csv"},
    "consultations:policeuk-export-borough": lambda w: {
        "ons_code": w.borough.ons_code,
        "fmt": "csv",
    },
    "workplans:plan-export": lambda w: {"pk": w.plan.pk, "format": "csv"},
}


def url_kwargs(name: str, pattern, world: World) -> dict | None:
    """The parameters for URL ``name`` taken from the world, or None if nobody said how."""
    if name in OTHER_KWARGS:
        return OTHER_KWARGS[name](world)
    if name in PK_OF:
        return {"pk": getattr(world, PK_OF[name]).pk}
    if not pattern.pattern.converters:
        return {}
    return None
