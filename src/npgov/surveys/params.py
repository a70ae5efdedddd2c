"""Reading ids from query strings and forms on the survey pages and API: a bad value is "no such object",
never a 500 (issue #16, defect 8: ``?campaign=abc``)."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest primary key a database stores (bigint)


def object_id(value: object) -> int | None:
    """An id written as plain ASCII digits within the database's range, or None (``abc``, ``1e3``, ``-1``,
    ``１`` in full width, a 30-digit number, an empty value)."""
    text = str(value if value is not None else "").strip()
    if not text or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
