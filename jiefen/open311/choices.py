from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientScope(models.TextChoices):
    """What an Open311 client may read back (GET requests)."""

    # Only the requests this client filed: a city app following its own users' reports.
    OWN = "own", _("仅本客户端提交的诉求")
    # Every request filed through Open311 by any client: a city-wide hotline or dashboard.
    OPEN311 = "open311", _("所有经Open311提交的诉求")


class Open311Status(models.TextChoices):
    """GeoReport v2's two states."""

    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已办结")
