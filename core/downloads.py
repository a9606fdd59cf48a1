"""Serving a stored file as a download: always an attachment (never shown in the browser,
where an HTML or SVG file could run script), with ``X-Content-Type-Options: nosniff`` and
a file name that is safe whatever the uploader called the file.

The name given is cleaned (no folders, quotes, control characters or line breaks) and sent
twice, as RFC 6266 advises: an ASCII ``filename=`` for old clients and the full name in
``filename*=UTF-8''…`` (RFC 5987). Its ending is the caller's: the type the content was
checked to be, never the uploader's.
"""

import unicodedata
from pathlib import PurePath
from urllib.parse import quote

from django.http import FileResponse

MAX_NAME = 150
# Besides control characters: what quoting, paths or a shell would read as syntax.
_UNSAFE = frozenset('"\\/<>:*?|;%')


def safe_stem(name: str) -> str:
    """``name``'s last path part without its ending, cleaned; "" if nothing is left."""
    last = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = PurePath(last).stem if "." in last.strip(".") else last
    kept = "".join(
        char
        for char in stem
        if char == " "
        or (char not in _UNSAFE and not unicodedata.category(char).startswith(("C", "Z")))
    )
    return " ".join(kept.split()).strip(" .-")[:MAX_NAME]


def _ascii(stem: str) -> str:
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.split()).strip(" .-")


def content_disposition(stem: str, extension: str, *, fallback: str = "download") -> str:
    """``attachment`` with the cleaned ``stem`` (or ``fallback``) and ``extension``."""
    stem = safe_stem(stem) or fallback
    filename = f"{stem}{extension}"
    ascii_name = f"{_ascii(stem) or fallback}{extension}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(handle, *, stem: str, extension: str, content_type: str, fallback="download"):
    """A FileResponse streaming ``handle`` as an attachment named ``stem`` + ``extension``."""
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(stem, extension, fallback=fallback)
    response["X-Content-Type-Options"] = "nosniff"
    return response
