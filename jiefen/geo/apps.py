from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "jiefen.geo"
    label = "geo"
    verbose_name = _("网格")
    nav_items = ((_("网格"), "geo:grid"),)
