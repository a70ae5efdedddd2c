"""``npgov demo``: reference data plus demo data and one demo user per role (idempotent).

Development only: under production settings (NPGOV_ENVIRONMENT=production) it refuses unless ``--force``, and
even then never sets the published demo password — each demo user gets a random one, printed once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from npgov.core import demo
from npgov.core.management.commands.reference import Command as ReferenceCommand


class Command(ReferenceCommand):
    help = "Load reference and demo data and create one demo user per role. Safe to re-run. Development only."
    demo = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run under production settings too (demo users then get random passwords, printed once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options.get("force"):
            raise CommandError(
                "npgov demo loads made-up data and demo accounts: it is for development installations only "
                "(NPGOV_ENVIRONMENT=production here). Use `npgov reference` for the reference data, or "
                "`npgov demo --force` to load demo data anyway (demo users then get random passwords)."
            )
        demo.issued_passwords.clear()
        super().handle(*args, **options)
        self.stdout.write("")
        if not settings.PRODUCTION:
            self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
            for spec in demo.DEMO_USERS:
                self.stdout.write(f"  {spec['username']:<12} {spec['role'].label} — {spec['display_name']}")
            return
        self.stdout.write("Demo logins created now, with random passwords (shown this once; not stored in clear):")
        for spec in demo.DEMO_USERS:
            password = demo.issued_passwords.get(spec["username"], "(existing account: password unchanged)")
            self.stdout.write(f"  {spec['username']:<12} {spec['role'].label} — {password}")
        demo.issued_passwords.clear()
