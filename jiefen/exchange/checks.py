"""`check --deploy`: an enabled exchange needs a peer to deliver to, and a secret to sign with."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def exchange_peers_configured(app_configs, **kwargs):
    if not getattr(settings, "JIEFEN_EXCHANGE_ENABLED", True):
        return []
    peers = getattr(settings, "JIEFEN_EXCHANGE_PEERS", None) or {}
    if not peers:
        return [
            checks.Error(
                "The provincial exchange is enabled but JIEFEN_EXCHANGE_PEERS is empty: every "
                "outbound message would be retried forever.",
                hint="Set JIEFEN_EXCHANGE_PEERS=<peer>=https://…/api/v1/exchange/cases/ (and the "
                "peer's secret in JIEFEN_WEBHOOK_SECRETS), or JIEFEN_EXCHANGE_ENABLED=false.",
                id="jiefen.exchange.E001",
            )
        ]
    secrets = settings.JIEFEN_WEBHOOK_SECRETS or {}
    return [
        checks.Error(
            f"Exchange peer {name!r} has no secret in JIEFEN_WEBHOOK_SECRETS: its messages "
            "cannot be signed.",
            hint=f"Add {name}=<shared secret> to JIEFEN_WEBHOOK_SECRETS.",
            id="jiefen.exchange.E002",
        )
        for name in sorted(peers)
        if not secrets.get(name)
    ]
