"""``{% event_people_summary event as summary %}``: counts of invitations and attendance
for the event page (counts only, no names, so any reader of the event may see them), and
whether the user may open the invitation pages (``summary.may_invite``)."""

from django import template

from consultations.selectors.invitations import attendance_summary
from core.access import may_use_url

register = template.Library()


@register.simple_tag(takes_context=True)
def event_people_summary(context, event):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "counts": attendance_summary(event=event),
        "may_invite": user is not None
        and may_use_url(user, "consultations:invitation-list", pk=event.pk),
    }
