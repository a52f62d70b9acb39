"""newsapp.intake stays pure: no Django, no project app; HTTP only in feeds."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "newsapp" / "intake"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_modules_import_nothing_of_django_or_the_project() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 12
    for module in modules:
        for name in _imports(module):
            top = name.split(".")[0]
            assert top not in ("django", "glossary", "celery"), f"{module.name} imports {name}"
            if top == "newsapp":
                assert name.startswith("newsapp.intake"), f"{module.name} imports {name}"


def test_only_feeds_makes_http_requests() -> None:
    for module in PACKAGE.glob("*.py"):
        clients = {
            n for n in _imports(module) if n.split(".")[0] in ("httpx", "requests", "urllib3")
        }
        assert not clients or module.name == "feeds.py", f"{module.name} imports {clients}"


def test_importing_intake_loads_no_model_and_no_app() -> None:
    code = (
        "import sys, newsapp.intake, newsapp.intake.feeds\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith(('django.db', 'django.apps',"
        " 'glossary', 'newsapp.articles', 'newsapp.memory', 'newsapp.mt'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
