"""Background work of the mediation track (django-tasks)."""

from django_tasks import task

from jiefen.mediation.services import agreement_overdue_sweep


@task()
def mediation_followup_daily() -> int:
    """The daily performance check of mediation agreements."""
    return agreement_overdue_sweep()
