"""Background work of core (django-tasks)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from jiefen.core.background import database_backend_in_use, heartbeats_prune

KEEP_RESULTS = dt.timedelta(days=30)


@task()
def background_prune_task() -> dict:
    """Forget finished task results after 30 days, and processes not heard of for a week."""
    results = 0
    if database_backend_in_use():
        from django_tasks_db.models import DBTaskResult

        results, _ = (
            DBTaskResult.objects.finished()
            .filter(finished_at__lt=timezone.now() - KEEP_RESULTS)
            .delete()
        )
    return {"task_results": results, "heartbeats": heartbeats_prune()}


@task()
def message_deliver_task(*, message_id: int) -> bool:
    """Send one queued SMS or e-mail (by reference: the row holds the encrypted address)."""
    from jiefen.core.senders import message_deliver

    return message_deliver(message_id=message_id)


@task()
def messages_retry_task() -> int:
    """Enqueue again the SMS and e-mail whose gateway failed and whose back-off has passed."""
    from jiefen.core.senders import messages_retry_due

    return messages_retry_due()
