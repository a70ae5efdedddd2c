"""``npgov compliance run [--full]``: evaluate the accepted survey data against the control measures."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from npgov.compliance.services import compliance_run


class Command(BaseCommand):
    help = (
        "run: open, keep or resolve compliance findings of the enterprises whose survey lines or list measures "
        "changed since their last check (--full: of every enterprise); progress on stderr; prints "
        "opened=<n> unchanged=<n> resolved=<n> checked=<enterprises> skipped=<enterprises>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--full", action="store_true", help="check every enterprise, changed or not")

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.monotonic()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty() or time.monotonic() - last[0] >= 5 or done == total:  # a line every 5 s at most
                last[0] = time.monotonic()
                self.stderr.write(f"{done}/{total} enterprises checked ({time.monotonic() - start:.0f} s)")

        counts = compliance_run(progress=progress, full=options["full"])
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.as_dict().items()))
