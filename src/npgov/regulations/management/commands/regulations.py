"""``npgov regulations load [FILE …]``: load the regulatory list files (idempotent, versioned).

``npgov regulations diff CODE [--from V] [--to V] [--json]``: what changed between two revisions of a list
(default: the one before the current revision and the current one) and its impact — the enterprises affected
and the findings that would open (from the compliance app, when installed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.core.exceptions import ApplicationError
from npgov.core.registry import registry
from npgov.regulations.services.diff import diff_as_json, list_diff
from npgov.regulations.services.loading import ListFileError, members_link_substances, regulations_load


class Command(BaseCommand):
    help = "Load regulatory list files (changed files become a new revision), or show what changed between revisions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "diff"])
        parser.add_argument("args", nargs="*", help="load: YAML list files (default: regulations/data/*.yaml); "
                                                    "diff: the list code")  # fmt: skip
        parser.add_argument("--from", dest="from_revision", type=int, help="diff: the earlier revision")
        parser.add_argument("--to", dest="to_revision", type=int, help="diff: the later revision (default: current)")
        parser.add_argument("--json", action="store_true", help="diff: print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "diff":
            self._diff(args, options)
            return
        try:
            outcomes = regulations_load(paths=[Path(a) for a in args] or None)
        except (ListFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.code}: revision {outcome.revision} {outcome.status} ({outcome.entries} entries)"
            )
        self.stdout.write(f"members linked to substances: {members_link_substances()}")

    def _diff(self, args: tuple[str, ...], options: dict[str, Any]) -> None:
        if len(args) != 1:
            raise CommandError("diff takes one list code, e.g. npgov regulations diff CN-KCNP-2023")
        try:
            found = list_diff(code=args[0], from_revision=options["from_revision"], to_revision=options["to_revision"])
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        data = diff_as_json(found)
        if registry.list_change_impact is not None:
            data["impact"] = registry.list_change_impact(found)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['code']}: revision {data['from']} → {data['to']}: "
                          + ", ".join(f"{n} {status}" for status, n in data["counts"].items()))  # fmt: skip
        for change in data["list"]:
            self.stdout.write(f"  list {change['field']}: {change['old']} → {change['new']}")
        for entry in data["entries"]:
            self.stdout.write(f"  {entry['status']:<8} {entry['item']:>4} {entry['name']}")
            for change in entry["fields"]:
                self.stdout.write(f"           {change['field']}: {change['old']} → {change['new']}")
            for label, members in (("members added", entry["members_added"]),
                                   ("members removed", entry["members_removed"])):  # fmt: skip
                if members and entry["status"] == "changed":
                    self.stdout.write(f"           {label}: {', '.join(members)}")
            for measure in entry["measures"]:
                fields = "; ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in measure["fields"])
                self.stdout.write(f"           measure {measure['status']} {measure['kind']} {fields}".rstrip())
        impact = data.get("impact")
        if impact is not None:
            self.stdout.write(f"affected enterprises: {len(impact['enterprises'])}; "
                              f"findings that would open: {impact['findings']}")  # fmt: skip
            for enterprise in impact["enterprises"]:
                opens = sum(len(line["would_open"]) for line in enterprise["lines"])
                self.stdout.write(f"  {enterprise['uscc']} {enterprise['name']}: {len(enterprise['lines'])} lines, "
                                  f"{opens} findings would open")  # fmt: skip
