"""Every route of the URL conf, with its arguments taken from the world
(tests/security/every_model_world.py).

``ROUTE_ARGS`` names, for every route that takes arguments, how to fill them from the
world; ``test_every_route_is_walked`` (in test_stored_xss.py) fails when a route is in
neither ``ROUTE_ARGS``, the routes without arguments, nor ``NOT_WALKED``, so a new page
cannot be left out of the security tests by accident.
"""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.access import access_of
from core.roles import Role
from tests.security.every_model_world import ROLES
from tests.test_url_classification import walk

ADMIN_NAMESPACE = "admin:"


def _reset_args(w):
    user = w.users[Role.UNIT_STAFF]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _pair(w):
    first, second = sorted([w.contact.pk, w.twin.pk])
    return {"kind": "contact", "first": first, "second": second}


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


# Route name → kwargs from the world. A list gives several pages for one route.
ROUTE_ARGS = {
    "accounts:password-reset-confirm": _reset_args,
    "accounts:user-update": lambda w: [{"pk": user.pk} for user in w.users.values()],
    "areas:borough-detail": lambda w: {"ons_code": w.borough.ons_code},
    "areas:ward-detail": lambda w: {"ons_code": w.ward.ons_code},
    "stakeholders:contact-detail": _pk("contact"),
    "stakeholders:contact-update": _pk("contact"),
    "stakeholders:organisation-detail": lambda w: [
        {"pk": w.organisation.pk},
        {"pk": w.other_organisation.pk},
    ],
    "stakeholders:organisation-update": _pk("organisation"),
    "stakeholders:contact-consent": _pk("contact"),
    "stakeholders:contact-interaction-create": _pk("contact"),
    "stakeholders:organisation-interaction-create": _pk("organisation"),
    "stakeholders:interaction-follow-up-done": _pk("own_follow_up"),
    "stakeholders:equality-update": _pk("contact"),
    "stakeholders:segment-detail": _pk("segment"),
    "stakeholders:segment-delete": _pk("segment"),
    "stakeholders:list-detail": _pk("static_list"),
    "stakeholders:list-remove-member": lambda w: {
        "pk": w.static_list.pk,
        "contact_pk": w.contact.pk,
    },
    "stakeholders:audience-detail": _pk("audience"),
    "stakeholders:duplicate-merge": _pair,
    "stakeholders:duplicate-dismiss": _pair,
    "stakeholders:import-preview": lambda w: [
        {"pk": w.import_job.pk},
        {"pk": w.checked_import_job.pk},
    ],
    "stakeholders:import-mapping": _pk("import_job"),
    "stakeholders:import-commit": _pk("checked_import_job"),
    "stakeholders:import-progress": lambda w: [
        {"pk": w.import_job.pk},
        {"pk": w.checked_import_job.pk},
    ],
    "stakeholders:contact-subject-access": _pk("contact"),
    "stakeholders:contact-subject-access-json": _pk("contact"),
    "stakeholders:contact-erase": _pk("contact"),
    "consultations:consultation-detail": lambda w: [
        {"pk": w.consultation.pk},
        {"pk": w.draft_consultation.pk},
    ],
    "consultations:consultation-update": _pk("consultation"),
    "consultations:consultation-transition": lambda w: [
        {"pk": w.consultation.pk, "action": "close"},
        {"pk": w.draft_consultation.pk, "action": "plan"},
    ],
    "consultations:group-detail": lambda w: [
        {"pk": w.panel.pk},
        {"pk": w.borough_group.pk},
    ],
    "consultations:group-update": _pk("panel"),
    "consultations:group-member-add": _pk("panel"),
    "consultations:group-member-leave": lambda w: {
        "pk": w.panel.pk,
        "membership_pk": w.group_membership.pk,
    },
    "consultations:event-create-for-consultation": _pk("consultation"),
    "consultations:event-create-for-group": _pk("panel"),
    "consultations:event-detail": lambda w: [{"pk": w.event.pk}, {"pk": w.meeting.pk}],
    "consultations:event-update": lambda w: [{"pk": w.event.pk}, {"pk": w.meeting.pk}],
    "consultations:material-upload": _pk("event"),
    "consultations:material-download": _pk("material"),
    "consultations:ical-borough": lambda w: {"ons_code": w.borough.ons_code},
    "consultations:ical-group": _pk("panel"),
    "consultations:invitation-list": _pk("event"),
    "consultations:invitation-create": _pk("event"),
    "consultations:rsvp": lambda w: {"token": w.invitation_token},
    "consultations:material-by-invitation": lambda w: {
        "token": w.invitation_token,
        "pk": w.material.pk,
    },
    "consultations:attendance-record": _pk("event"),
    "consultations:headcount-record": _pk("event"),
    "consultations:public-response": _pk("consultation"),
    "consultations:public-response-thanks": _pk("consultation"),
    "consultations:question-list": _pk("consultation"),
    "consultations:question-create": _pk("consultation"),
    "consultations:question-update": lambda w: [
        {"pk": w.question.pk},
        {"pk": w.draft_question.pk},
    ],
    "consultations:question-delete": _pk("draft_question"),
    "consultations:question-move": _pk("draft_question"),
    "consultations:response-list": _pk("consultation"),
    "consultations:response-detail": _pk("response"),
    "consultations:response-offline-create": _pk("consultation"),
    "consultations:finding-list": _pk("consultation"),
    "consultations:finding-create": _pk("consultation"),
    "consultations:finding-detail": _pk("finding"),
    "consultations:finding-update": _pk("finding"),
    "consultations:response-code": _pk("response"),
    "consultations:toolkit-detail": _pk("resource"),
    "consultations:toolkit-update": _pk("resource"),
    "consultations:toolkit-delete": _pk("resource"),
    "consultations:toolkit-file": _pk("resource"),
    "consultations:good-practice-mark": _pk("consultation"),
    "consultations:public-event-detail": _pk("event"),
    "consultations:meeting-log": _pk("panel"),
    "consultations:meeting-edit": _pk("meeting"),
    "consultations:priority-detail": lambda w: [
        {"pk": w.priority.pk},
        {"pk": w.closed_priority.pk},
    ],
    "consultations:priority-close": _pk("priority"),
    "consultations:panel-members": _pk("panel"),
    "consultations:panel-member-reminders": lambda w: {
        "pk": w.panel.pk,
        "membership_pk": w.group_membership.pk,
    },
    "consultations:policeuk-export-ward": lambda w: [
        {"ons_code": w.ward.ons_code, "fmt": fmt} for fmt in ("csv", "json")
    ],
    "consultations:policeuk-export-borough": lambda w: [
        {"ons_code": w.borough.ons_code, "fmt": fmt} for fmt in ("csv", "json")
    ],
    "workplans:plan-detail": _pk("plan"),
    "workplans:plan-update": _pk("plan"),
    "workplans:objective-create": _pk("plan"),
    "workplans:objective-update": _pk("objective"),
    "workplans:item-detail": lambda w: [{"pk": w.action.pk}, {"pk": w.target.pk}],
    "workplans:item-create": _pk("objective"),
    "workplans:target-create": _pk("action"),
    "workplans:item-update": lambda w: [{"pk": w.action.pk}, {"pk": w.target.pk}],
    "workplans:progress-create": _pk("target"),
    "workplans:evidence-create": _pk("target"),
    "workplans:evidence-delete": lambda w: {"pk": w.target.evidence.get().pk},
    "workplans:plan-timeline": _pk("plan"),
    "workplans:finding-action": _pk("finding"),
    "workplans:import-mapping": lambda w: [
        {"pk": w.plan_import.pk},
        {"pk": w.new_plan_import.pk},
    ],
    "workplans:import-preview": lambda w: [
        {"pk": w.plan_import.pk},
        {"pk": w.new_plan_import.pk},
    ],
    "workplans:import-commit": _pk("plan_import"),
    "workplans:import-reading": _pk("plan_import"),
    "workplans:plan-export": lambda w: [
        {"pk": w.plan.pk, "format": fmt} for fmt in ("csv", "xlsx")
    ],
    "workplans:review-list": _pk("plan"),
    "workplans:review-create": _pk("plan"),
    "workplans:review-detail": _pk("review"),
    "workplans:year-turn": _pk("plan"),
}

# Extra pages of routes that change what they show with the query string.
EXTRA_QUERIES = {
    "stakeholders:duplicate-list": ["?kind=organisation"],
    "stakeholders:contact-list": ["?q=Grace"],
    "consultations:group-list": ["?kind=ward_panel"],
}

# Routes the walk leaves out, and why.
NOT_WALKED = {
    "accounts:sign-out": "signing out ends the session the walk is using",
    "accounts:two-factor-verify": "shown only between the password and the code; it shows "
    "no stored text",
    "accounts:two-factor-backup-codes": "shown only to a user with a second factor; it shows "
    "the codes engage makes",
}


@dataclass(frozen=True)
class Page:
    route: str
    path: str
    pattern: object

    @property
    def access(self):
        return access_of(self.pattern.callback)

    @property
    def view_class(self):
        return getattr(self.pattern.callback, "view_class", None)

    def handles(self, method: str) -> bool:
        view = self.view_class
        if view is None:
            return method == "get"
        allowed = getattr(view, "http_method_names", ())
        return method in allowed and hasattr(view, method)

    def roles(self) -> list:
        """Who opens it: anonymous (None) for a public page, else each role it allows."""
        access = self.access
        if access.public:
            return [None, Role.UNIT_STAFF]
        return [role for role in ROLES if role in access.roles]


def routes():
    """(name, URLPattern) of every route but the Django admin's."""
    return [(name, p) for name, p in walk() if not name.startswith(ADMIN_NAMESPACE)]


def unlisted_routes() -> list[str]:
    """Routes with arguments that ROUTE_ARGS does not fill and NOT_WALKED does not excuse."""
    return [
        name
        for name, pattern in routes()
        if pattern.pattern.converters and name not in ROUTE_ARGS and name not in NOT_WALKED
    ]


def pages(world) -> list[Page]:
    """Every page of the URL conf for this world (routes with arguments once per set)."""
    found = []
    for name, pattern in routes():
        if name in NOT_WALKED:
            continue
        if pattern.pattern.converters:
            args = ROUTE_ARGS[name](world)
            paths = [reverse(name, kwargs=kwargs) for kwargs in _as_list(args)]
        else:
            paths = [reverse(name)]
            paths += [paths[0] + query for query in EXTRA_QUERIES.get(name, [])]
        found += [Page(route=name, path=path, pattern=pattern) for path in paths]
    return found


def _as_list(args):
    return args if isinstance(args, list) else [args]
