import re

from django.core.exceptions import ValidationError

# The Royal Mail format, including the special case GIR 0AA.
UK_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: str) -> str:
    """'sw1a1aa ' -> 'SW1A 1AA'. Leaves a value it cannot read as it is, upper-cased."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_uk_postcode(value: str) -> None:
    if value and not UK_POSTCODE.match(normalise_postcode(value)):
        raise ValidationError(
            "Enter a UK postcode, like SW1A 1AA.", code="invalid_postcode", params={"value": value}
        )
