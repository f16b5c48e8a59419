from django_tasks import task

from jiefen.reports.models import ReportRun
from jiefen.reports.services import report_run_execute


@task()
def monthly_report_task(*, run_id: int) -> int:
    """Produce a queued monthly report (its page polls the run's progress)."""
    run = ReportRun.objects.select_related("requested_by").get(pk=run_id)
    report_run_execute(run=run)
    return run.pk
