"""An app imports only from the layers above it in DESIGN.md's flow of data, never below."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Top of the flow first. Each app may import from the apps before it, never after.
LAYERS = [
    "core",
    "areas",
    "accounts",
    "audit",
    "stakeholders",
    "consultations",
    "workplans",
    "feedback",
    "demo",
    "engage",
]


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_app_does_not_import_from_a_layer_below_it(app):
    below = set(LAYERS[LAYERS.index(app) + 1 :])
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & below)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) & below
    }
    assert offending == {}
