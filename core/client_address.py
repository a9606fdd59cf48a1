"""The address of the client that made a request.

Stand-in written by the audit stream (h7) so the audit trail can record addresses before
the sign-in stream (h2) is merged: h2's version, which reads ``X-Forwarded-For`` only from
trusted proxies (django-ipware), replaces this file with the same signature.
"""


def client_address(request) -> str:
    """The client's IP address as text ("" when there is none)."""
    return request.META.get("REMOTE_ADDR", "") or ""
