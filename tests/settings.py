"""Test settings: only overrides of npgov.settings (STYLE.md C16)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from npgov.settings import *  # noqa: F403
from npgov.settings import DATABASES, REST_FRAMEWORK

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
# Jobs run inside the request that starts them, so a test sees their outcome; tests of the background
# thread turn it on with override_settings and a transactional database.
JOBS_IN_THREAD = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="npgov-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="npgov-test-static-"))
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker process can open the test database; named per
    # checkout so that two checkouts' suites running at once do not share (and corrupt) one file.
    # NPGOV_TEST_TAG keeps apart suites run at once from one checkout.
    _checkout = hashlib.sha1(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
    _tag = os.environ.get("NPGOV_TEST_TAG", "")
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"npgov-test-{_checkout}{_tag}.sqlite3")}

# Throttling is tested on its own; the suite makes many requests as one user.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min", "classify": "10000/min"},
}

# One process: the portal's page cache and rate limits in memory, emptied between tests (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
