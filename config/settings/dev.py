"""Local run (`make run`): debug on unless told otherwise, SQLite under var/."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault(
    "JIEFEN_WEBHOOK_SECRETS",
    "police110=dev-secret-110,zj-province=dev-secret-province,sms-gateway=dev-secret-sms",
)

# The provincial stand-in that `make run` starts (jiefen exchange_standin) on port 8765.
os.environ.setdefault("JIEFEN_EXCHANGE_PEERS", "zj-province=http://127.0.0.1:8765/exchange/cases/")

from config.settings.base import *  # noqa: E402,F403
