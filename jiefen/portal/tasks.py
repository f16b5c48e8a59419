from django_tasks import task

from jiefen.portal.services import portal_prune


@task()
def portal_prune_task() -> int:
    """Remove spent rate counters and old one-time codes."""
    return portal_prune()
