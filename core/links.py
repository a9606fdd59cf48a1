"""Links in emails, which are read outside the site: absolute, on ``SITE_URL``."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` ("/workplans/items/7/") as a full address on the site."""
    return settings.SITE_URL.rstrip("/") + path
