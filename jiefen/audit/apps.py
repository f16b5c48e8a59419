from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jiefen.audit"
    label = "audit"
    verbose_name = _("审计")
    nav_items = ((_("审计"), "audit:search", ("administrator", "leader")),)

    def ready(self) -> None:
        from jiefen.audit import receivers  # connects the login signals

        receivers.connect_personal_data_audit()
