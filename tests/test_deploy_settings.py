"""Production settings pass Django's deployment checklist (`manage.py check --deploy`).

The command runs in a subprocess because the settings are read from the environment once,
at import. The production values are those of the "Production" block in .env.example. With DEBUG
off, the settings refuse to load at all on a key anyone could know (issue 10, defect 9).
A .env file beside manage.py is still read by the subprocess (for variables not set
here), as it would be in production.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from engage.settings import DEVELOPMENT_SECRET_KEY as DEVELOPMENT_KEY

ROOT = Path(__file__).resolve().parent.parent

# Settings that tune the HTTPS hardening: left out, so that their defaults are what is
# checked, not whatever the developer's shell happens to hold.
HTTPS_TUNING = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD")


def production_environment() -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in HTTPS_TUNING}
    environment.update(
        DEBUG="false",
        HTTPS="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="engage.example.org",
        SITE_URL="https://engage.example.org",
        CSRF_TRUSTED_ORIGINS="",
    )
    # DATABASE_URL stays as the test run set it, so settings load against the same server.
    return environment


def check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = check_deploy(production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_on_the_default_secret_key():
    environment = production_environment()
    del environment["SECRET_KEY"]  # fall back to the published development default

    result = check_deploy(environment)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured: SECRET_KEY is unset, the development default" in output
    assert "insecure-local-only-key-change-me" not in output  # refused, and not echoed


@pytest.mark.parametrize(
    "weak_key",
    ["", "short-but-random-Xk29fj", "a" * 60, "django-insecure-" + "x9Kq2" * 10],
    ids=["empty", "under-50-characters", "one-character-repeated", "django-insecure-prefix"],
)
def test_production_settings_refuse_a_weak_secret_key(weak_key):
    result = check_deploy({**production_environment(), "SECRET_KEY": weak_key})

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is unset" in result.stderr


def test_production_settings_refuse_the_default_key_as_a_fallback():
    environment = production_environment()
    environment["SECRET_KEY_FALLBACKS"] = f"{secrets.token_urlsafe(50)},{DEVELOPMENT_KEY}"

    result = check_deploy(environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: A key in SECRET_KEY_FALLBACKS" in result.stderr


@pytest.mark.parametrize(
    "fallbacks", [secrets.token_urlsafe(50), ""], ids=["a rotated key", "empty, as compose sets it"]
)
def test_fallbacks_pass_the_checklist(fallbacks):
    environment = production_environment()
    environment["SECRET_KEY_FALLBACKS"] = fallbacks

    result = check_deploy(environment)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_developer_machine_starts_on_the_default_key_with_debug_on():
    environment = {**os.environ, "DEBUG": "true"}
    environment.pop("SECRET_KEY", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
