"""Print each app's public interface — the functions of its selectors and services modules — as Markdown.

docs/architecture.md carries this list; run `python scripts/public_interface.py` after adding a selector or
service and paste the output there. Reads the source only (no Django set-up).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

APPS = ("core", "substances", "regulations", "enterprises", "capacity", "surveys", "monitoring", "risk",
        "compliance", "enforcement", "workplan")  # fmt: skip
SRC = Path(__file__).resolve().parents[1] / "src" / "npgov"


def _modules(app: Path, kind: str) -> list[Path]:
    """``selectors.py`` / ``services.py`` and the modules of a ``services/`` package, also in sub-packages."""
    found = sorted(app.rglob(f"{kind}.py")) + sorted(p for p in app.rglob(f"{kind}/*.py") if p.name != "__init__.py")
    return [p for p in found if "migrations" not in p.parts and "tests" not in p.parts]


def _public_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
    ]


def main() -> int:
    for name in APPS:
        app = SRC / name
        print(f"\n### {name}\n")
        print("| module | public functions |")
        print("|---|---|")
        for kind in ("selectors", "services"):
            for path in _modules(app, kind):
                functions = _public_functions(path)
                if functions:
                    module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
                    print(f"| `{module}` | {', '.join(f'`{f}`' for f in functions)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
