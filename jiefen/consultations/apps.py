from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.consultations import policies as P


class ConsultationsConfig(AppConfig):
    name = "jiefen.consultations"
    label = "consultations"
    verbose_name = _("咨询答复库")
    nav_items = ((_("咨询答复库"), "consultations:library", P.LIBRARY),)
    case_panel = "jiefen.consultations.panels.case_panel"
    case_panel_rows = "jiefen.consultations.panels.case_rows"
    dashboard_panel = "jiefen.consultations.panels.dashboard_panel"
    # Reference data a new installation loads (`jiefen bootstrap`).
    reference_data = "jiefen.consultations.services.answers_load_default"
