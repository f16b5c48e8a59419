from django.conf import settings
from django_tasks import task

from jiefen.exchange.services import exchange_sweep, outbox_deliver_due


@task()
def exchange_deliver_task() -> dict:
    """Sweep new state changes of exchanged cases into the outbox and deliver what is due."""
    if not settings.JIEFEN_EXCHANGE_ENABLED:
        return {"written": 0, "delivered": 0, "failed": 0}
    written = exchange_sweep()
    delivered, failed = outbox_deliver_due()
    return {"written": written, "delivered": delivered, "failed": failed}
