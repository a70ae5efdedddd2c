"""Settings come from the environment and a bad value stops the start with the variable's name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def start_with(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")}
    environment.update(env, DJANGO_SETTINGS_MODULE="npgov.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], capture_output=True, text=True, env=environment
    )


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
        ({"NPGOV_ENVIRONMENT": "staging"}, "NPGOV_ENVIRONMENT"),
        ({"NPGOV_ENVIRONMENT": "production", "ALLOWED_HOSTS": "npgov.example"}, "SECRET_KEY"),
        ({"NPGOV_ENVIRONMENT": "production", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"AXES_FAILURE_LIMIT": "five"}, "AXES_FAILURE_LIMIT"),
    ],
)
def test_it_fails_loudly_naming_the_variable(env: dict[str, str], name: str) -> None:
    result = start_with(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_it_starts_in_production_with_the_required_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = start_with(
        NPGOV_ENVIRONMENT="production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="npgov.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_it_reads_a_secret_from_a_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "key"
    secret.write_text("s" * 50)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "npgov.settings", "SECRET_KEY_FILE": str(secret)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
    assert out.stdout.strip() == "s" * 50


def test_every_variable_the_settings_read_is_documented() -> None:
    import re
    from pathlib import Path

    import npgov

    source = (Path(npgov.__file__).parent / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_[a-z]+\("([A-Z_]+)"', source))
    example = (Path(npgov.__file__).parents[2] / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read - documented == set()
