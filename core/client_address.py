"""The address of the client behind a request, believing a proxy only when it is ours.

engage runs behind a TLS-terminating proxy (docs/deployment.md), so every request arrives
from the proxy's address; the proxy names the real client in ``X-Forwarded-For``. Anyone
can send that header, though, so it is read only when the request comes straight from one
of ``settings.ENGAGE_TRUSTED_PROXIES`` (env ``TRUSTED_PROXIES``: addresses or CIDR
networks). Otherwise, and by default (no proxy trusted), the answer is ``REMOTE_ADDR``.

The trusted proxy appends the address it saw to whatever header the client sent, so the
client is the header's right-most entry: entries to its left came from the client and
are ignored. Sign-in lockouts (django-axes), the password reset throttle and the public
response rate limit all key on this function, and the audit trail records it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted)


def is_trusted_proxy(address: str) -> bool:
    """Whether ``address`` is one of the proxies whose forwarding header we believe."""
    networks = _networks(tuple(settings.ENGAGE_TRUSTED_PROXIES))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == network.version and ip in network for network in networks)


def client_address(request) -> str:
    """The client's IP address as text ("" if the server gave none)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return remote
    # proxy_count=0: the proxy that connected to us is not in the header itself, so the
    # client is the last entry (the one the proxy appended).
    forwarded, _routable = get_client_ip(
        request, proxy_count=0, request_header_order=[FORWARDED_FOR], strict=False
    )
    return forwarded or remote
