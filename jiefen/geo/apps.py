from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiefen.geo import policies as P


class GeoConfig(AppConfig):
    name = "jiefen.geo"
    label = "geo"
    verbose_name = _("网格")
    nav_items = ((_("网格"), "geo:grid", P.VIEW),)
    # The district's divisions, first: the bodies and the calendar's users hang on them.
    reference_data = "jiefen.geo.services.divisions_load_default"
    reference_data_order = 10
