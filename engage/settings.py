"""Settings for engage, read from the environment (see .env.example for every variable).

One module: the environment decides development or production. Defaults are safe for a
developer's machine; production sets DEBUG=false and real secrets.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The default is for a developer's machine only: with DEBUG off, engage refuses to start
# with it (see "Headers, secret key and session time-outs" at the end).
DEVELOPMENT_SECRET_KEY = "insecure-local-only-key-change-me"  # noqa: S105 (published on purpose)
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Where people reach engage: used for links in emails sent by the worker.
SITE_URL = env("SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    "accounts.admin_site.EngageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "phonenumber_field",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    # Sign-in protection: lockouts, and the second factor (TOTP with backup codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Cross-cutting layer, below the domain apps (see README, "Where things live").
    "core",
    "areas",
    "accounts",
    "audit",
    # Domain apps, in the order data flows (DESIGN.md).
    "stakeholders",
    "consultations",
    "workplans",
    "feedback",
    # Demo data for all of the above.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their caching; everything else is no-store.
    "core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the second factor's check: a session past its time ends first.
    "core.middleware.SessionTimeoutMiddleware",
    # Which second factor, if any, this session was verified with; then keep a session
    # that still needs one (to enter, or to set up) to those pages only.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # The audit trail: the request's client address for entries; every 403 recorded.
    "audit.middleware.AuditMiddleware",
    # Records who made each change in the history tables (django-pghistory).
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out sign-in into the "signing in is paused" page; last, as axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engage.urls"
WSGI_APPLICATION = "engage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engage.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/engage"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Name search tolerates a typo a word ("Margret Okonkow" finds "Margaret Okonkwo") through
# pg_trgm's word-similarity operator; PostgreSQL's default threshold (0.6) is a little strict.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c pg_trgm.word_similarity_threshold=0.5"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = reverse_lazy("accounts:sign-in")
LOGIN_REDIRECT_URL = reverse_lazy("home")
LOGOUT_REDIRECT_URL = reverse_lazy("home")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

LANGUAGE_CODE = env("LANGUAGE_CODE", default="en-gb")
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"  # 23 Nov 2026
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed: every process (runserver, the test live server, gunicorn)
    # serves the same names without a collectstatic manifest; WhiteNoise still caches.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".local" / "media")))

# Consultation fatigue: the most invitations one person may receive in 90 days (0: no cap).
STAKEHOLDERS_FATIGUE_CAP = env.int("STAKEHOLDERS_FATIGUE_CAP", default=0)
# The largest import file accepted (CSV or XLSX), in bytes.
STAKEHOLDERS_IMPORT_MAX_BYTES = env.int("STAKEHOLDERS_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Ward panels: open priorities allowed at once, and days without a meeting before a panel
# counts as overdue.
WARD_PANEL_MAX_OPEN_PRIORITIES = env.int("WARD_PANEL_MAX_OPEN_PRIORITIES", default=3)
WARD_PANEL_OVERDUE_DAYS = env.int("WARD_PANEL_OVERDUE_DAYS", default=90)
# The retention review lists contacts not verified for this many months.
STAKEHOLDERS_RETENTION_MONTHS = env.int("STAKEHOLDERS_RETENTION_MONTHS", default=24)
# Work plans: open work due within this many days is "due soon" (amber if not started, and
# its lead is reminded); with no progress update for this many days its lead is reminded.
WORKPLANS_DUE_SOON_DAYS = env.int("WORKPLANS_DUE_SOON_DAYS", default=14)
WORKPLANS_STALE_DAYS = env.int("WORKPLANS_STALE_DAYS", default=30)

PHONENUMBER_DEFAULT_REGION = "GB"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: SMTP in production; a developer's machine prints mail to the console.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="engage <engage@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Celery: Redis in production; with no REDIS_URL, kombu's filesystem transport under
# .local/ so a developer's machine needs no broker server (DESIGN.md, Key decisions).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(BASE_DIR / ".local" / "broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True  # the database, not a result backend, records outcomes
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / ".local" / "celerybeat-schedule")

# Every periodic task, in one place, with the reason for its cadence.
CELERY_BEAT_SCHEDULE = {
    "accounts-purge-sign-in-records": {
        # Failed sign-ins hold an email and an IP address; once past the cool-off they no
        # longer count. Once a night is enough: they are not read after that.
        "task": "accounts.purge_sign_in_records",
        "schedule": crontab(hour=3, minute=35),
    },
    "clear-expired-sessions": {
        # Signed-in sessions live in the database; once a night is enough to stop the
        # table growing, and it runs when nobody is working.
        "task": "accounts.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    "stakeholders-import-sweep": {
        # Re-sends import steps whose task was lost. Every 10 minutes: a stuck job is only
        # noticed 35 minutes after its step began anyway, so more often would gain nothing.
        "task": "stakeholders.import_sweep",
        "schedule": 10 * 60,
    },
    "stakeholders-import-purge-abandoned": {
        # Imports left unfinished for a week hold personal data nobody will use; once a
        # night is enough for a rule measured in days.
        "task": "stakeholders.import_purge_abandoned",
        "schedule": crontab(hour=3, minute=45),
    },
    "consultations-invitation-sweep": {
        # Re-dispatches queued invitations whose task was lost (killed worker, Redis restart).
        # Every 5 minutes: an invitation counts as lost after 10 minutes untouched, so the
        # worst delay is about 15 minutes; sending is idempotent, so an overlap is harmless.
        "task": "consultations.invitation_sweep",
        "schedule": 5 * 60,
    },
    "consultations-send-reminders": {
        # Reminders fall due days before an event, so hourly is precise enough; daytime
        # only, so nobody is emailed at 3am. Each reminder is sent once.
        "task": "consultations.send_reminders",
        "schedule": crontab(minute=15, hour="8-20"),
    },
    "consultations-meeting-summary-sweep": {
        # Sends the "you said, we did" summaries the meeting log queues (nothing else
        # dispatches them) and re-sends any whose task was lost after 5 minutes: every
        # minute, so a summary goes out within a minute or two of the meeting being logged.
        "task": "consultations.meeting_summary_sweep",
        "schedule": crontab(minute="*"),
    },
    "consultations-panel-reminders": {
        # Members 3 days before a meeting; sergeants on priorities past review and panels
        # overdue a meeting. Each condition once (ReminderSent), so hourly re-runs are
        # harmless; daytime only, so nobody is emailed at night.
        "task": "consultations.send_panel_reminders",
        "schedule": crontab(minute=45, hour="8-18"),
    },
    "workplans-item-reminders": {
        # Leads: items due within 14 days, overdue, or 30 days without an update. These fall
        # due by the day, so hourly is precise enough, like the panel reminders; daytime
        # only, so nobody is emailed at night. Each condition once (ReminderSent): the
        # hourly re-runs send only what is new, and retry what a mail failure held back.
        "task": "workplans.send_item_reminders",
        "schedule": crontab(minute=5, hour="8-18"),
    },
    "workplans-plan-digests": {
        # The owner's weekly digest, on Monday morning to plan the week. Every half hour
        # from 7:00 to 10:30: the ISO week's condition sends it once, and a run that meets
        # a mail failure is followed by another within the morning.
        "task": "workplans.send_plan_digests",
        "schedule": crontab(minute="0,30", hour="7-10", day_of_week="mon"),
    },
    "core-apply-retention": {
        # Anonymises or deletes what is past its retention period (core/retention.py).
        # Periods are counted in days, so once a night is precise enough; at 2:30, before
        # the other nightly clean-ups and when nobody is working. Safe to run twice.
        "task": "core.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    "workplans-import-purge-abandoned": {
        # Work plan imports left unfinished for a week: once a night is enough for a rule
        # measured in days, and it runs when nobody is importing.
        "task": "workplans.import_purge_abandoned",
        "schedule": crontab(hour=3, minute=50),
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Served over HTTPS (behind a TLS-terminating proxy): set HTTPS=true in production.
HTTPS = env.bool("HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in's reset of its counts; the audit trail records sign-ins.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Headers, secret key and session time-outs ------------------------------------------

# With DEBUG off, refuse to start on a key anyone could know or guess: the published
# development default, an empty key, or one Django's deployment check calls weak
# (security.W009: under 50 characters, under 5 different ones, or Django's insecure prefix).
# The same goes for SECRET_KEY_FALLBACKS: old keys kept while sessions and links signed with
# them run out (rotation: put the old key here, the new one in SECRET_KEY).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])


def _weak_secret_key(key: str) -> bool:
    return (
        key == DEVELOPMENT_SECRET_KEY
        or len(key) < 50
        or len(set(key)) < 5
        or key.startswith("django-insecure-")
    )


if not DEBUG and _weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is unset, the development default or too weak, and DEBUG is off: set "
        "SECRET_KEY to 50+ random characters (see .env.example)."
    )
if not DEBUG and any(_weak_secret_key(key) for key in SECRET_KEY_FALLBACKS):
    raise ImproperlyConfigured(
        "A key in SECRET_KEY_FALLBACKS is the development default or too weak: remove it."
    )

# Content Security Policy (django-csp): scripts, styles and everything else from this site
# only, and nothing inline: no <script> or <style> blocks, no style= or on*= attributes.
# Bootstrap's CSS draws some icons as data: images. frame-ancestors 'none' is the modern
# form of X_FRAME_OPTIONS = "DENY" (kept for old browsers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Permissions-Policy (django-permissions-policy): engage uses none of the browser's
# sensors, devices or payment and tracking features, so no page (nor anything it embeds)
# may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Sessions end after this many minutes without a request (idle), and this many hours after
# signing in whatever the activity (absolute); core.middleware.SessionTimeoutMiddleware
# signs the user out and says why on the sign-in page.
ENGAGE_SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
ENGAGE_SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
# The session cookie (and its row) lasts no longer than the absolute time-out.
SESSION_COOKIE_AGE = ENGAGE_SESSION_ABSOLUTE_HOURS * 60 * 60
# --- Retention ----------------------------------------------------------------------------
# Days each kind of record is kept before the nightly task (core.apply_retention)
# anonymises or deletes it; 0 keeps it for ever. See docs/stakeholders.md, "Retention".
ENGAGE_RETENTION_DAYS = {
    # Contacts not verified for this long are erased. Longer than the retention review's
    # STAKEHOLDERS_RETENTION_MONTHS (24), so staff see them on the review list first.
    "contacts_unverified": env.int("RETENTION_CONTACTS_UNVERIFIED_DAYS", default=820),
    # Names and email addresses on responses (the answers are kept).
    "responses": env.int("RETENTION_RESPONSES_DAYS", default=730),
    # Who attended events (the anonymous head counts are kept).
    "attendance": env.int("RETENTION_ATTENDANCE_DAYS", default=1095),
    # Contact, organisation and work plan imports, finished or not.
    "imports": env.int("RETENTION_IMPORTS_DAYS", default=30),
    # Invitations, meeting summaries, reminders to contacts and outreach records. At least
    # 90 days, or the consultation fatigue cap (STAKEHOLDERS_FATIGUE_CAP) counts too few.
    "notices": env.int("RETENTION_NOTICES_DAYS", default=730),
    # Audit trail entries. Six years: the limitation period for most claims in England and
    # Wales (Limitation Act 1980), within which a complaint about how someone's data was
    # handled may need the trail. The database refuses to delete anything younger than
    # audit.models.MIN_RETENTION_DAYS (365), whatever this says.
    "audit": env.int("RETENTION_AUDIT_DAYS", default=6 * 365 + 2),
}

# --- Sign-in protection ---------------------------------------------------------------------
# The TLS proxy in front of engage (addresses or CIDR networks, comma-separated). Only a
# request that comes straight from one of these has its X-Forwarded-For header believed
# (core/client_address.py); with none (the default) the connecting address is the client.
ENGAGE_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(entry, strict=False))
    for entry in env.list("TRUSTED_PROXIES", default=[])
]

# django-axes: after this many wrong passwords in a row for one account from one client
# address, that account is locked for that address (only) for the cool-off. Each try while
# locked starts the cool-off again. A right password clears the count; so does a reset.
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Successful sign-ins are the audit trail's to record, not a second log's.
AXES_DISABLE_ACCESS_LOG = True

# The most password reset links sent an hour for one email address, and to one client
# address; requests over either are answered as usual but send nothing.
ENGAGE_PASSWORD_RESETS_PER_EMAIL = env.int("PASSWORD_RESETS_PER_EMAIL", default=3)
ENGAGE_PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=10)

# A second factor (an authenticator app's code, or a backup code) is required of unit staff
# and administrators (and so for the Django admin) when this is on: by default in
# production (DEBUG off), not in `make run`. Other roles may set one up; once set up, it is
# asked of them too.
ENGAGE_REQUIRE_2FA = env.bool("ENGAGE_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "engage"
