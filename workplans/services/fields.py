"""Setting a model's fields from a service's keyword arguments."""


def assign_fields(instance, data: dict, allowed: tuple[str, ...]) -> None:
    """Set each of ``data`` on ``instance``; a name not in ``allowed`` is a programming
    error (TypeError), never silently ignored."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(instance, name, value)
