"""Test run: fast hashing, immediate tasks, locmem cache, no lockout noise between tests."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault(
    "JIEFEN_WEBHOOK_SECRETS",
    "police110=test-secret-110,zj-province=test-secret-prov,sms-gateway=test-secret-sms",
)

from config.settings.base import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once in tests; the benchmark queues them as production does.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "JIEFEN_TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LANGUAGE_CODE = "zh-hans"
# Never into the checkout's var/ (the root conftest gives each test its own file as well).
JIEFEN_AUDIT_CHECKPOINT_FILE = Path(tempfile.gettempdir()) / "jiefen-test-audit-checkpoints.jsonl"
# The replica (JIEFEN_REPLICA_URL) takes reads only in tests/replica, which turn it on.
JIEFEN_REPLICA_READS = False
# Figures counted on every view: tests check them right after writing (the cache's own tests
# turn it on).
JIEFEN_DASHBOARD_CACHE_SECONDS = 0
