"""Starting a process stays light: the registries filled in ``AppConfig.ready()`` pull in no heavy library.

Every web worker, Celery worker and ``npgov`` command runs ``django.setup()``; the scientific libraries are
loaded by the code that computes (an import, a run, a classification), not by the menus and data steps.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("scipy", "pandas", "polars", "statsmodels", "rdkit", "pymannkendall", "openpyxl", "duckdb")
SRC = Path(__file__).resolve().parents[2] / "src"


def test_it_sets_up_django_without_loading_heavy_libraries() -> None:
    code = f"import json, sys, django; django.setup(); print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "npgov.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


REGISTERING_MODULES = (
    [
        f"npgov.{app}.{module}"
        for app in (
            "core",
            "substances",
            "regulations",
            "enterprises",
            "capacity",
            "surveys",
            "monitoring",
            "risk",
            "compliance",
            "enforcement",
            "workplan",
        )  # fmt: skip
        for module in ("navigation", "calculators", "demo", "import_specs")
    ]
    + ["npgov.capacity.importers"]
    + [f"npgov.enforcement.{package}.navigation" for package in ("products", "trade", "inspections")]
)

# In a fresh interpreter: re-importing a registering module must add nothing — only its register() does.
RELOAD = """
import importlib, importlib.util, json, django
django.setup()
from npgov.core.importers import IMPORT_SPECS
from npgov.core.registry import registry as r

def sizes():
    return [len(r.sections), len(r.nav), len(r.panels), len(r.cards), len(r.data_steps), len(r.figures),
            len(r.calculators), len(IMPORT_SPECS)]

before = sizes()
names = [n for n in %r if importlib.util.find_spec(n) is not None]
for name in names:
    importlib.reload(importlib.import_module(name))
print(json.dumps({"before": before, "after": sizes(), "reloaded": len(names)}))
"""


def test_it_fills_the_registry_in_ready_not_on_import() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "npgov.settings"}
    done = subprocess.run([sys.executable, "-c", RELOAD % (REGISTERING_MODULES,)], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["reloaded"] > 20 and outcome["after"] == outcome["before"]


def test_every_data_step_named_by_path_can_be_found() -> None:
    from django.utils.module_loading import import_string

    from npgov.core.registry import registry

    paths = [step.run for step in registry.data_steps if isinstance(step.run, str)]
    assert len(paths) >= 9 and all(callable(import_string(path)) for path in paths)
