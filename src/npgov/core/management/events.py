"""Domain events during a data-loading step (``npgov reference``, ``npgov demo``), told once per kind when nobody
is to be notified.

A demo step accepts hundreds of survey reports; each acceptance sends ``domain_event`` so that listeners can
react (notify the enterprise's users, recompute the KPIs that read survey data). An event with recipients is
passed on as sent; events without recipients only say that data changed, so within one step they are passed on
once per kind, at the end of the step, instead of once per record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from npgov.core.signals import domain_event


@contextmanager
def coalesced_events() -> Iterator[None]:
    """Within the block, events without recipients are held and sent once per kind when it ends."""
    held: dict[str, dict[str, Any]] = {}
    send = domain_event.send

    def holding_send(sender: Any, **named: Any) -> list[tuple[Any, Any]]:
        if named.get("recipients"):
            return send(sender, **named)
        held.setdefault(str(named.get("kind", sender)), {"sender": sender, **named})
        return []

    domain_event.send = holding_send  # type: ignore[method-assign]
    try:
        yield
    finally:
        domain_event.send = send  # type: ignore[method-assign]
    for named in held.values():
        send(**named)
