"""The planning calendar (month and list views) and the public iCalendar feeds."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from areas.models import Borough
from consultations import ical
from consultations.access import READERS
from consultations.forms.consultations import CalendarFilterForm
from consultations.models import ConsultativeGroup
from consultations.selectors.calendar import (
    calendar_items,
    month_bounds,
    month_weeks,
    published_events,
)
from core.access import PublicMixin, RoleRequiredMixin
from core.bounds import EARLIEST_DATE, LATEST_DATE

LIST_HORIZON_DAYS = 365


class CalendarFilterMixin:
    def filter_form(self):
        return CalendarFilterForm(self.request.GET or None)

    def filters(self, form):
        return form.filters() if form.is_bound else {}


def _int(value, default, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


class CalendarMonthView(RoleRequiredMixin, CalendarFilterMixin, TemplateView):
    """One month of consultations (opening and closing days), their events and group
    meetings, across all units and boroughs."""

    access = READERS
    template_name = "consultations/calendar_month.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = _int(self.request.GET.get("year"), today.year, 2000, 2100)
        month = _int(self.request.GET.get("month"), today.month, 1, 12)
        form = self.filter_form()
        first, last = month_bounds(year, month)
        items = calendar_items(
            user=self.request.user, start=first, end=last, filters=self.filters(form)
        )
        previous = first - dt.timedelta(days=1)
        following = last + dt.timedelta(days=1)
        return super().get_context_data(
            filter_form=form,
            month_start=first,
            previous_month=previous,
            next_month=following,
            weeks=month_weeks(year, month, items),
            items=items,
            today=today,
            **kwargs,
        )


class CalendarListView(RoleRequiredMixin, CalendarFilterMixin, TemplateView):
    """The same items in date order, a year ahead from ``from`` (today by default)."""

    access = READERS
    template_name = "consultations/calendar_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        try:
            start = dt.date.fromisoformat(self.request.GET.get("from", ""))
        except ValueError:
            start = timezone.localdate()
        if not EARLIEST_DATE <= start <= LATEST_DATE:
            start = timezone.localdate()
        end = start + dt.timedelta(days=LIST_HORIZON_DAYS)
        form = self.filter_form()
        items = calendar_items(
            user=self.request.user, start=start, end=end, filters=self.filters(form)
        )
        page = Paginator(items, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter_form=form,
            start=start,
            end=end,
            page_obj=page,
            items=page.object_list,
            **kwargs,
        )


def _public_list_url(request) -> str:
    try:
        return request.build_absolute_uri(reverse("consultations:public-event-list"))
    except NoReverseMatch:
        return request.build_absolute_uri("/")


class ICalFeedView(PublicMixin, View):
    """An iCalendar feed of published events: public, no personal data."""

    def feed(self, **kwargs):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        name, events, filename = self.feed(**kwargs)
        body = ical.build_calendar(events, name=name, url=_public_list_url(request))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class ICalAllView(ICalFeedView):
    def feed(self):
        return "Consultation and engagement events", published_events(), "engage.ics"


class ICalBoroughView(ICalFeedView):
    def feed(self, ons_code):
        borough = get_object_or_404(Borough, ons_code=ons_code)
        return (
            f"Consultation and engagement events: {borough.name}",
            published_events(borough=borough),
            f"engage-{borough.ons_code}.ics",
        )


class ICalGroupView(ICalFeedView):
    def feed(self, pk):
        group = get_object_or_404(ConsultativeGroup, pk=pk)
        return (
            f"Meetings: {group.name}",
            published_events(group=group),
            f"engage-group-{group.pk}.ics",
        )


urlpatterns = [
    path("calendar/", CalendarMonthView.as_view(), name="calendar-month"),
    path("calendar/list/", CalendarListView.as_view(), name="calendar-list"),
    path("calendar.ics", ICalAllView.as_view(), name="ical-all"),
    path("calendar/borough/<str:ons_code>.ics", ICalBoroughView.as_view(), name="ical-borough"),
    path("calendar/group/<int:pk>.ics", ICalGroupView.as_view(), name="ical-group"),
]
