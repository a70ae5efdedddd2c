"""``npgov tick``: run the scheduled job once (reminders, KPI recomputation…), or keep running it.

``npgov tick`` runs every registered tick once and prints what each did (``--json`` for machines);
``npgov tick --loop --interval 300`` repeats every 300 seconds until stopped (``make run`` starts it beside the
web server). Production runs the same ticks from Celery beat (docs/operations.md).
"""

from __future__ import annotations

import json
import signal
import threading
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from npgov.notifications.services import run_ticks


class Command(BaseCommand):
    help = "Run the scheduled job once (deadline reminders, KPI recomputation), or every --interval seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between runs with --loop (300).")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD), for trying reminders.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today must be a date like 2026-12-31, got {options['today']!r}.") from exc
        if options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second.")
        if not options["loop"]:
            self._once(today, options["json"])
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, lambda *_: stop.set())
        self.stderr.write(f"npgov tick: running every {options['interval']} s (stop with Ctrl-C)")
        while not stop.is_set():
            try:
                self._once(today, options["json"])
            except Exception as exc:  # keep the loop alive: the next run may succeed (e.g. a locked database)
                self.stderr.write(f"{timezone.localtime().isoformat(timespec='seconds')} tick failed: {exc}")
            finally:
                close_old_connections()
            stop.wait(options["interval"])

    def _once(self, today: date | None, as_json: bool) -> None:
        result = run_ticks(today)
        if as_json:
            self.stdout.write(json.dumps(result, sort_keys=True, ensure_ascii=False, default=str))
            return
        stamp = timezone.localtime().isoformat(timespec="seconds")
        for key, value in result["ticks"].items():
            self.stdout.write(f"{stamp} {key}: {value}")
        if not result["ticks"]:
            self.stdout.write(f"{stamp} no ticks registered")
