"""The launcher behind `make run` and `make test`: which services it picks, and when it refuses."""

import importlib.util
import socket
from pathlib import Path

import psycopg2
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "localenv.py"
spec = importlib.util.spec_from_file_location("localenv", SCRIPT)
localenv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(localenv)


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_closed_port_does_not_answer(closed_port):
    assert not localenv.answers("127.0.0.1", closed_port)


def test_ci_refuses_to_run_without_a_real_redis(monkeypatch, closed_port):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(localenv, "DEFAULT_REDIS", ("127.0.0.1", closed_port))
    with pytest.raises(SystemExit, match="CI=true needs a real Redis"):
        localenv.redis_url(ci=True)
    assert localenv.redis_url(ci=False) == ""  # a developer falls back instead


def test_ci_refuses_to_run_without_a_real_postgresql(monkeypatch, closed_port):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(localenv, "DEFAULT_PG", ("127.0.0.1", closed_port))
    with (
        pytest.raises(SystemExit, match="CI=true needs a real PostgreSQL"),
        localenv.database("engage", ci=True),
    ):
        pass


def test_a_database_url_that_does_not_answer_is_an_error(monkeypatch, closed_port):
    monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:{closed_port}/engage")
    with pytest.raises(SystemExit, match="nothing answers"), localenv.database("engage", ci=False):
        pass


def test_without_a_server_the_embedded_postgresql_starts_and_stops(
    monkeypatch, tmp_path, closed_port
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(localenv, "DEFAULT_PG", ("127.0.0.1", closed_port))
    monkeypatch.setattr(localenv, "LOCAL", tmp_path)
    with localenv.database("engage_embedded", ci=False) as url:
        connection = psycopg2.connect(localenv.ensure_database(url))
        with connection, connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("SELECT similarity('Camden', 'Camden Town') > 0.3")
            assert cursor.fetchone() == (True,)
        connection.close()
        postmaster = (tmp_path / "pgdata" / "postmaster.pid").read_text().split()[0]
    assert not is_running(postmaster), "the embedded server was left running"


def is_running(pid: str) -> bool:
    """True for a live process; false for a gone or zombie (exited, not yet reaped) one."""
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_manage_runs_a_command_against_the_chosen_database(capfd):
    assert localenv.manage_command(["showmigrations", "areas"]) == 0
    output = capfd.readouterr().out
    assert "engage: PostgreSQL from DATABASE_URL" in output
    assert "0002_london_boroughs" in output
