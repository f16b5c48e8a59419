from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "jiefen.workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    # The published holiday schedules (`jiefen bootstrap`).
    reference_data = "jiefen.workdays.services.calendar_load_default"
    reference_data_order = 20
