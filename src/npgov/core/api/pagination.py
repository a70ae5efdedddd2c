from __future__ import annotations

from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """limit/offset paging; bulk clients may ask for up to 1,000 rows a page."""

    default_limit = 50
    max_limit = 1000
