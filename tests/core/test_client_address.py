"""The client address: the proxy's X-Forwarded-For is believed only from a trusted proxy."""

import pytest
from django.test import RequestFactory

from core.client_address import client_address

PROXY = "10.0.0.5"


def request(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


@pytest.fixture
def trusted(settings):
    def trust(*proxies):
        settings.ENGAGE_TRUSTED_PROXIES = list(proxies)

    return trust


def test_with_no_trusted_proxy_the_connecting_address_is_the_client(settings):
    settings.ENGAGE_TRUSTED_PROXIES = []
    assert client_address(request(PROXY, "198.51.100.7")) == PROXY


def test_the_trusted_proxys_header_names_the_client(trusted):
    trusted(PROXY)
    assert client_address(request(PROXY, "198.51.100.7")) == "198.51.100.7"


def test_a_proxy_in_a_trusted_network_is_believed(trusted):
    trusted("10.0.0.0/8", "2001:db8::/32")
    assert client_address(request("10.20.30.40", "198.51.100.7")) == "198.51.100.7"
    assert client_address(request("2001:db8::1", "2001:db8:ffff::9")) == "2001:db8:ffff::9"


def test_what_the_client_wrote_before_the_proxys_entry_is_ignored(trusted):
    trusted(PROXY)
    assert client_address(request(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_a_header_sent_straight_from_an_untrusted_address_is_ignored(trusted):
    trusted(PROXY)
    assert client_address(request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_the_proxy_without_a_usable_header_counts_as_the_client(trusted):
    trusted(PROXY)
    assert client_address(request(PROXY)) == PROXY
    assert client_address(request(PROXY, "not an address")) == PROXY


def test_a_port_after_the_forwarded_address_is_dropped(trusted):
    trusted(PROXY)
    assert client_address(request(PROXY, "198.51.100.7:4711")) == "198.51.100.7"
