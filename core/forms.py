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
