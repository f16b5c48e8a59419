"""Encryption of personal data at rest, and keyed hashes for exact lookup.

Keys come from the environment:
- `JIEFEN_DATA_KEYS`: comma-separated Fernet keys, newest first. Values are encrypted with the
  first; any of them decrypts, so a new key can be put in front and `jiefen rotate_data_keys`
  re-encrypts every row before the old key is removed.
- `JIEFEN_LOOKUP_KEY`: the HMAC key of the lookup hashes (identity numbers, phones). It is not
  rotated with the data keys: changing it means recomputing every hash (`rotate_data_keys
  --rehash` does that from the decrypted values).
Without them (development, tests) both are derived from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _derived_key(purpose: str) -> bytes:
    return hashlib.sha256(f"jiefen:{purpose}:{settings.SECRET_KEY}".encode()).digest()


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def data_keys() -> tuple[str, ...]:
    keys = tuple(k.strip() for k in getattr(settings, "JIEFEN_DATA_KEYS", []) if k.strip())
    if keys:
        return keys
    return (base64.urlsafe_b64encode(_derived_key("data")).decode(),)


def lookup_key() -> bytes:
    key = getattr(settings, "JIEFEN_LOOKUP_KEY", "")
    return key.encode() if key else _derived_key("lookup")


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(data_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(data_keys()).decrypt(token.encode()).decode()
    except InvalidToken as e:
        raise ValueError("personal data cannot be decrypted with the configured keys") from e


def rotate(token: str) -> str:
    """Re-encrypt `token` under the newest key."""
    return _fernet(data_keys()).rotate(token.encode()).decode() if token else ""


def lookup_hash(value: str) -> str | None:
    """HMAC-SHA256 of a normalized value, or None for an empty one (so uniqueness ignores blanks)."""
    if not value:
        return None
    return hmac.new(lookup_key(), value.encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt a file's bytes with the newest data key (backups of uploaded evidence)."""
    return _fernet(data_keys()).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet(data_keys()).decrypt(token)
    except InvalidToken as e:
        raise ValueError("the data cannot be decrypted with the configured keys") from e


def data_key_fingerprint(key: str | None = None) -> str:
    """A short name for a data key (the newest by default) that does not reveal it."""
    return hashlib.sha256((key or data_keys()[0]).encode()).hexdigest()[:12]
