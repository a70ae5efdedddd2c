"""Log formatting: times in the configured time zone with their offset, and 4xx answers on one line.

Django logs every 403 (``django.request``, "Forbidden (Permission denied)") with the PermissionDenied
traceback attached; a refused page is an expected event, so :class:`ClientErrorOneLine` drops the
traceback of records below 500 and keeps the warning line. Server errors keep their traceback.
:class:`LocalTimeFormatter` writes ``2026-12-02 17:30:01+08:00``: the same zone as the pages and jobs
(``TIME_ZONE``, Asia/Shanghai), whatever the machine's zone is (containers often run in UTC).
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo


class LocalTimeFormatter(logging.Formatter):
    """``%(asctime)s`` in ``tz`` (an IANA zone name) with its UTC offset, to the second."""

    def __init__(self, *args: object, tz: str = "UTC", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.zone = ZoneInfo(tz)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging API)
        moment = datetime.fromtimestamp(record.created, self.zone)
        return moment.strftime(datefmt) if datefmt else moment.isoformat(sep=" ", timespec="seconds")


class ClientErrorOneLine(logging.Filter):
    """Drop the traceback of records about a client error (status 4xx): the warning line says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info, record.exc_text = None, None
        return True
