"""Who may read the grid (every member of staff: it is how they find their place) and who may
change it (administrators; the divisions are loaded by a command)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import ADMINS, EVERYONE
from jiefen.core.policy import policy

VIEW = policy("geo.view", _("查看网格"), EVERYONE)
EDIT = policy("geo.edit", _("维护网格"), ADMINS)
# The gazetteer (地名库) behind address matching: kept by administrators, in the admin or by CSV.
GAZETTEER_EDIT = policy("geo.gazetteer", _("维护地名库"), ADMINS)
