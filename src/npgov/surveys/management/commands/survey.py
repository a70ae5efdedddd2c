"""``npgov survey tier [--json] IDENT …``: which survey information tiers a substance requires."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.surveys.services.tiers import substance_tiers


class Command(BaseCommand):
    help = "tier: the survey information tiers (key, detailed, convention, basic) each substance requires."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # "survey tier --json X": flags between the action and the identifiers need intermixed parsing.
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["tier"])
        parser.add_argument("identifiers", nargs="*", help="CAS RN, Chinese or English name, SMILES, InChIKey")
        parser.add_argument("--json", action="store_true", help="print a JSON array, one object per input, in order")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["identifiers"]:
            raise CommandError("give at least one identifier")
        results = substance_tiers(options["identifiers"])
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for result in results:
            tiers = ", ".join(result["tiers"]) or "-"
            self.stdout.write(f"{result['input']}  {result['cas'] or ''}  {tiers}")
            for error in result["errors"]:
                self.stderr.write(f"  error: {error}")
