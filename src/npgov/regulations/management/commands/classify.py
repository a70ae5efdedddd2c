"""``npgov classify [--json] [--file F] IDENT …``: which list entries apply to each chemical, and why."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.regulations.services.classification import classify_identifiers


class Command(BaseCommand):
    help = "Classify chemicals given as CAS RN, name, SMILES, InChI or InChIKey against the regulatory lists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifiers", nargs="*", help="CAS RN, Chinese or English name, SMILES, InChIKey")
        parser.add_argument("--file", type=Path, help="a text file with one identifier per line ('-' for stdin)")
        parser.add_argument("--json", action="store_true", help="print a JSON array, one object per input, in order")

    def handle(self, *args: Any, **options: Any) -> None:
        identifiers = list(options["identifiers"])
        if options["file"]:
            try:
                text = (
                    sys.stdin.read() if str(options["file"]) == "-" else options["file"].read_text(encoding="utf-8-sig")
                )
            except OSError as exc:
                raise CommandError(f"cannot read {options['file']}: {exc}") from exc
            identifiers += [line.strip() for line in text.splitlines() if line.strip()]
        if not identifiers:
            raise CommandError("give at least one identifier, or --file")
        results = [result.as_json() for result in classify_identifiers(identifiers)]
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for result in results:
            substance = result["substance"] or {}
            self.stdout.write(f"{result['input']}  {substance.get('cas') or ''} {substance.get('name_zh') or ''}")
            for error in result["errors"]:
                self.stderr.write(f"  error: {error}")
            for match in result["matches"]:
                self.stdout.write(f"  {match['list']} {match['entry']} [{match['basis']}] {match['explanation']}")
            if not result["matches"] and not result["errors"]:
                self.stdout.write("  (on no list)")
