"""Shared fixtures: a user for each role, sample areas, a real SMTP server, a Celery worker."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from accounts.factories import UserFactory
from areas.factories import BoroughFactory, WardFactory
from core.roles import Role
from engage.celery import app as celery_app

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    """Skip, loudly, the tests that need a Redis server when none was found."""
    if settings.REDIS_URL:
        return
    skip = pytest.mark.skip(reason="NO REDIS SERVER: set REDIS_URL or start Redis on :6379")
    for item in items:
        if "redis" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests sign in a lot; real hashing would make the suite slow without testing more."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def borough(db):
    return BoroughFactory()


@pytest.fixture
def ward(borough):
    return WardFactory(borough=borough)


@pytest.fixture
def other_ward(borough):
    return WardFactory(borough=borough)


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[Role.ADMINISTRATOR], full_name="Ada Administrator")


@pytest.fixture
def unit_staff(db):
    return UserFactory(roles=[Role.UNIT_STAFF], full_name="Uma Unitstaff")


@pytest.fixture
def authority_member(db):
    return UserFactory(roles=[Role.AUTHORITY_MEMBER], full_name="Amir Authority")


@pytest.fixture
def sergeant(ward):
    return UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[ward], full_name="Sam Sergeant")


@pytest.fixture
def users_by_role(administrator, unit_staff, authority_member, sergeant):
    return {
        Role.ADMINISTRATOR: administrator,
        Role.UNIT_STAFF: unit_staff,
        Role.AUTHORITY_MEMBER: authority_member,
        Role.NEIGHBOURHOOD_SERGEANT: sergeant,
    }


class _Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on loopback; Django's SMTP backend sends to it.

    Yields the list of received messages (``email.message.EmailMessage``).
    """
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox.messages
    controller.stop()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread, consuming from the real broker (Redis).

    Use with tests marked ``redis``. The test's database is transactional, so the worker's
    own connection sees what the test wrote. Such a test empties every table when it ends,
    reference data from migrations included: it makes any boroughs or communities it needs
    with the factories rather than relying on the migrated ones.
    """
    celery_app.control.purge()
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
