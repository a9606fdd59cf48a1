"""Production settings pass Django's deployment checklist (`manage.py check --deploy`).

The command runs in a subprocess because the settings are read from the environment once,
at import. The production values are those of the "Production" block in .env.example.
A .env file beside manage.py is still read by the subprocess (for variables not set
here), as it would be in production.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

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


def test_deployment_checklist_rejects_the_default_secret_key():
    environment = production_environment()
    del environment["SECRET_KEY"]  # fall back to the developer's default

    result = check_deploy(environment)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "security.W009" in output
    assert "SECRET_KEY" in output
    assert "identified 1 issue" in output, "the default key should be the only problem"
