"""`check --deploy`: the audit chain's key must come from the environment, not from SECRET_KEY."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def audit_keys_configured(app_configs, **kwargs):
    if getattr(settings, "JIEFEN_AUDIT_KEYS", None):
        return []
    return [
        checks.Error(
            "JIEFEN_AUDIT_KEYS is not set: the audit chain would be keyed with a key derived "
            "from SECRET_KEY, so whoever learns SECRET_KEY can rewrite the trail undetected.",
            hint="Set JIEFEN_AUDIT_KEYS=<id>=<random secret of 32+ characters> (newest first).",
            id="jiefen.audit.E001",
        )
    ]
