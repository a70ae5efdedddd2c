"""The scientific core must stay free of Django and Celery (DESIGN.md): checked by importing it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import npgov.science

SCIENCE_DIR = Path(npgov.science.__file__).parent
FORBIDDEN = ("django", "rest_framework", "celery", "npgov.core")


def test_it_imports_no_framework_in_a_fresh_interpreter() -> None:
    modules = [f"npgov.science.{m.name}" for m in pkgutil.walk_packages([str(SCIENCE_DIR)])]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m.startswith('npgov.core'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"science/ pulled in: {out.stdout}"


def test_it_has_no_framework_import_statement() -> None:
    offenders = []
    for path in SCIENCE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN or n.startswith("npgov.core")
            ]
    assert offenders == []
