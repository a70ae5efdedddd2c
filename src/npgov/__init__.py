"""NPGov — 新污染物治理综合管理平台 (new-pollutant governance platform).

The Celery app is loaded by the core app's ``ready()`` rather than here, so that importing
``npgov.science`` never pulls in Django or Celery.
"""

from __future__ import annotations

__version__ = "0.1.0"
