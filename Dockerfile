# engage: one image for every process of the stack (web, worker, beat, migrate).
# See docker-compose.yml for how they are run and docs/deployment.md for how to deploy.
FROM python:3.11-slim

# PYTHONPATH: the code runs from /app, not from site-packages, because the built wheel
# carries the Python modules only, not the templates, static files and manage.py beside them.
# WEB_CONCURRENCY: gunicorn's worker count (see CMD); set it per machine in the environment,
# about 2 x CPU cores + 1.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    WEB_CONCURRENCY=3

WORKDIR /app

# Runtime dependencies first, from pyproject.toml alone, so that a change to the code
# does not reinstall them. `pip install .` without the `dev` extra: no test tools. The
# build leaves build/ and engage.egg-info/ in /app; they are removed, not shipped.
COPY pyproject.toml ./
RUN pip install . && rm -rf build engage.egg-info

COPY . .

# Static files are collected at build time and served by WhiteNoise from STATIC_ROOT
# (.local/staticfiles). The settings refuse to load with DEBUG off and no real key, so this
# one command gets a random key of its own, thrown away with its shell: it signs nothing
# and is not part of the image's environment.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DEBUG=false python manage.py collectstatic --noinput

# Run as an unprivileged user that cannot change the code or the collected static files.
# Uploaded files (import files, until their import is done) go to a volume the web and
# worker processes share; the folder is made here so the volume inherits its owner.
RUN groupadd --system engage \
    && useradd --system --gid engage --home-dir /home/engage --create-home engage \
    && mkdir -p /app/.local/media \
    && chown engage:engage /app/.local/media
USER engage

EXPOSE 8000

# --worker-tmp-dir: keep gunicorn's heartbeat files in memory, not on the overlay disk.
# --access-logfile -: one line a request on stdout, beside the application's own log.
CMD ["gunicorn", "engage.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
