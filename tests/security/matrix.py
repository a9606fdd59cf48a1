"""The access table of docs/security.md, read as data, and the answers it speaks of.

Below the heading "## The table", a row is ``| `url-name` | cell | cell | ... |``, with
one cell per user of world.USERS. A cell is one answer for both GET and POST (``login``)
or ``GET/POST`` (``ok/405``). A name
ending in ``*`` covers every URL whose name starts with what comes before it; an exact
row wins over a wildcard, and a longer wildcard over a shorter one.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse

from tests.security.world import USERS

SECURITY_MD = Path(__file__).resolve().parents[2] / "docs" / "security.md"
ANSWERS = {"ok", "login", "400", "403", "404", "405"}
TABLE_HEADING = "## The table"  # the rows are read from here to the end of the page
ROW = re.compile(r"^\|\s*`(?P<name>[^`]+)`\s*\|(?P<cells>.*)\|\s*$")


@dataclass(frozen=True)
class Expected:
    get: str
    post: str


class Table:
    def __init__(self, rows: dict[str, dict[str, Expected]]):
        self.rows = rows

    @classmethod
    def read(cls, path: Path = SECURITY_MD) -> "Table":
        rows, in_table = {}, False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            in_table = in_table or line.strip() == TABLE_HEADING
            match = ROW.match(line.strip()) if in_table else None
            if not match:
                continue
            cells = [cell.strip() for cell in match["cells"].split("|")]
            if len(cells) != len(USERS):
                raise ValueError(f"{path.name} line {number}: {len(USERS)} cells expected")
            rows[match["name"]] = {
                user: parse_cell(cell, f"{path.name} line {number}")
                for user, cell in zip(USERS, cells, strict=True)
            }
        return cls(rows)

    def expected(self, name: str) -> dict[str, Expected] | None:
        if name in self.rows:
            return self.rows[name]
        wildcards = [row for row in self.rows if row.endswith("*") and name.startswith(row[:-1])]
        return self.rows[max(wildcards, key=len)] if wildcards else None

    def exact_names(self) -> set[str]:
        return {name for name in self.rows if not name.endswith("*")}


def parse_cell(cell: str, where: str) -> Expected:
    get, _, post = cell.partition("/")
    post = post or get
    for answer in (get, post):
        if answer not in ANSWERS:
            raise ValueError(f"{where}: {answer!r} is not one of {sorted(ANSWERS)}")
    return Expected(get=get, post=post)


def answer_of(response) -> str:
    """``ok`` for a page, a file or a redirect elsewhere; ``login`` for a redirect to a
    sign-in page; otherwise the status code."""
    code = response.status_code
    if 300 <= code < 400:
        target = urlsplit(response["Location"]).path
        signs_in = target in (reverse("accounts:sign-in"), reverse("admin:login"))
        return "login" if signs_in else "ok"
    if 200 <= code < 300:
        return "ok"
    return str(code)


def cell(get: str, post: str) -> str:
    return get if get == post else f"{get}/{post}"


def format_row(name: str, observed: dict[str, tuple[str, str]]) -> str:
    return "| `" + name + "` | " + " | ".join(cell(*observed[u]) for u in USERS) + " |"


def lets_in(answer: str) -> bool:
    """The view did its work: a page, a file, a redirect after a write, or form errors."""
    return answer in {"ok", "400"}
