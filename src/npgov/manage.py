"""The ``npgov`` console script: ``npgov <command>`` runs any Django management command."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npgov.settings")
    from django.core.management import execute_from_command_line  # after the settings module is chosen

    from npgov.core.management.database import run_command

    # A command run before `npgov migrate` says so in one line instead of printing a traceback.
    run_command(execute_from_command_line, sys.argv)


if __name__ == "__main__":
    main()
