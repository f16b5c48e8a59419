"""Local run (`make run`): debug on unless told otherwise, SQLite under var/."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault(
    "JIEFEN_WEBHOOK_SECRETS", "police110=dev-secret-110,zj-province=dev-secret-province"
)

from config.settings.base import *  # noqa: E402,F403
