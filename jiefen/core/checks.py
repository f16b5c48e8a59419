"""`check --deploy`: settings that production must not run with.

- No `JIEFEN_DATA_KEYS`: personal data would be encrypted with a key derived from SECRET_KEY, so
  rotating SECRET_KEY (or restoring a backup under another one) makes it unreadable, and whoever
  learns SECRET_KEY can read it.
- A wildcard in `ALLOWED_HOSTS`: any Host header is believed, which poisons password-reset and
  other absolute links and defeats the host check altogether.
- No `JIEFEN_LOOKUP_KEY`: the lookup hashes of identity numbers would be keyed with SECRET_KEY too.
- `TRUSTED_PROXIES` naming something that is not an address or network.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def data_keys_configured(app_configs, **kwargs):
    errors = []
    if not [k for k in getattr(settings, "JIEFEN_DATA_KEYS", []) if k.strip()]:
        errors.append(
            checks.Error(
                "JIEFEN_DATA_KEYS is not set: personal data would be encrypted with a key derived "
                "from SECRET_KEY, unreadable after SECRET_KEY changes or on a restore elsewhere.",
                hint="Set JIEFEN_DATA_KEYS to one or more Fernet keys, newest first: python -c "
                '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
                id="jiefen.core.E001",
            )
        )
    if not getattr(settings, "JIEFEN_LOOKUP_KEY", ""):
        errors.append(
            checks.Error(
                "JIEFEN_LOOKUP_KEY is not set: the lookup hashes of identity numbers and phones "
                "would be keyed with a key derived from SECRET_KEY.",
                hint='Set JIEFEN_LOOKUP_KEY to a random secret: python -c "import secrets; '
                'print(secrets.token_urlsafe(32))"',
                id="jiefen.core.E002",
            )
        )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def allowed_hosts_explicit(app_configs, **kwargs):
    wild = [h for h in settings.ALLOWED_HOSTS if "*" in h or h == "."]
    if not wild:
        return []
    return [
        checks.Error(
            f"ALLOWED_HOSTS contains a wildcard ({', '.join(wild)}): any Host header would be "
            "accepted.",
            hint="List the site's host names: ALLOWED_HOSTS=jiefen.example.gov.cn",
            id="jiefen.core.E003",
        )
    ]


@checks.register(checks.Tags.security)
def trusted_proxies_valid(app_configs, **kwargs):
    errors = []
    for value in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"TRUSTED_PROXIES: {value!r} is not an IP address or network.",
                    hint="TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8",
                    id="jiefen.core.E004",
                )
            )
    return errors
