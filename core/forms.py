from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError, rename: dict | None = None) -> None:
    """Show a service's ValidationError on ``form``: each message next to the field it
    names (``rename`` maps a service's field name to the form's), the rest at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    rename = rename or {}
    for field, field_errors in error.error_dict.items():
        field = rename.get(field, field)
        form.add_error(field if field in form.fields else None, field_errors)


def choices_within(queryset, *, keep=None):
    """The rows a choice field may offer: ``queryset`` (what the user may choose, e.g.
    ``Ward.objects.editable_by(user)``), plus the row already saved (``keep``, a pk), so
    that editing other details neither loses it nor makes the form invalid. The services
    refuse a *changed* choice outside the user's scope."""
    if keep is None:
        return queryset
    return queryset | queryset.model._default_manager.filter(pk=keep)
