"""What the work plan services share: setting a model's fields from keyword arguments,
and the position of a new row at the end of its siblings."""

from django.db.models import Max


def assign_fields(instance, data: dict, allowed: tuple[str, ...]) -> None:
    """Set each of ``data`` on ``instance``; a name not in ``allowed`` is a programming
    error (TypeError), never silently ignored."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(instance, name, value)


def next_position(siblings) -> int:
    """The position after the last of ``siblings`` (a queryset): new rows go last."""
    return (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
