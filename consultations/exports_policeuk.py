"""Ward priorities in the shape police.uk publishes neighbourhood priorities.

police.uk's neighbourhood priorities (data.police.uk ``/api/<force>/<neighbourhood>/priorities``)
are objects with ``issue``, ``issue-date``, ``action`` and ``action-date``. We use those exact
names. ``issue`` is the theme and the description; ``action`` the latest police action
reported on the priority (empty if none yet) and ``action-date`` its date; dates are ISO.

CSV adds ``ward-code`` and ``ward-name`` in front and ``status`` (open/closed) at the end.
JSON is a list of objects: for one ward, exactly police.uk's four fields; for a borough,
each object also names its ``ward-code`` and ``ward-name``. No personal data is exported.
"""

import csv
import io
import json

from django.http import HttpResponse

from stakeholders.exports import safe_cell

CSV = "csv"
JSON = "json"
FORMATS = (CSV, JSON)
POLICEUK_FIELDS = ("issue", "issue-date", "action", "action-date")
CSV_FIELDS = ("ward-code", "ward-name", *POLICEUK_FIELDS, "status")


def _iso(value) -> str:
    return value.isoformat() if value else ""


def policeuk_row(priority) -> dict:
    """One priority (annotated by selectors.panel_reports.policeuk_priorities)."""
    ward = priority.group.ward
    return {
        "ward-code": ward.ons_code,
        "ward-name": ward.name,
        "issue": f"{priority.theme.name}: {priority.description}",
        "issue-date": _iso(priority.set_on),
        "action": priority.latest_action or "",
        "action-date": _iso(priority.latest_action_on),
        "status": "open" if priority.is_open else "closed",
    }


def policeuk_response(priorities, *, fmt: str, filename: str, with_ward: bool) -> HttpResponse:
    rows = [policeuk_row(priority) for priority in priorities]
    if fmt == CSV:
        buffer = io.StringIO()
        buffer.write("\ufeff")  # a byte-order mark, so Excel reads the file as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(CSV_FIELDS)
        for row in rows:
            writer.writerow([safe_cell(row[field]) for field in CSV_FIELDS])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        fields = (("ward-code", "ward-name") if with_ward else ()) + POLICEUK_FIELDS
        data = [{field: row[field] for field in fields} for row in rows]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
