"""Background work of the audit trail (django-tasks)."""

from django_tasks import task

from jiefen.audit.services import audit_checkpoint_write


@task()
def audit_checkpoint_task() -> dict:
    """Sign the chain's head and write it outside the database (file, syslog)."""
    checkpoint = audit_checkpoint_write()
    return {"count": checkpoint.count, "last_id": checkpoint.last_id}
