from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.audit import policies as P


class AuditConfig(AppConfig):
    name = "jiefen.audit"
    label = "audit"
    verbose_name = _("审计")
    nav_items = ((_("审计"), "audit:search", P.SEARCH),)
    # A signed checkpoint of the chain's head every 15 minutes, outside the database: a removal
    # recomputed forward is caught unless it falls after the newest checkpoint.
    periodic_tasks = (("jiefen.audit.tasks.audit_checkpoint_task", 15 * 60),)

    def ready(self) -> None:
        from jiefen.audit import checks, receivers  # noqa: F401 - connects signals, registers checks

        receivers.connect_personal_data_audit()
