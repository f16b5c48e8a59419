"""Who may do what in labor inspection. The services enforce these; pages, the API and the menu
read the same ones.

Inspectors (and the leaders over them) investigate; the window also takes complaints; whoever
handles the case may read its inspection (the case page links to it). The approval of an
extension is not a policy of this app: the clock catalogue names who approves
(`jiefen.cases.clockrules`, 《劳动保障监察条例》第十七条: the labor administration's head), and
`jiefen.cases.clocks.approver_may` decides it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import HANDLERS, INSPECTORS, R
from jiefen.core.policy import policy


def in_scope(user: Any, obj: Any) -> bool:
    """The object's case is one the person may see; a village, one in their scope."""
    from jiefen.cases.models import Case
    from jiefen.cases.selectors import case_visible
    from jiefen.geo.models import Village
    from jiefen.geo.selectors import village_list_for_user

    if isinstance(obj, Village):
        return village_list_for_user(user=user).filter(pk=obj.pk).exists()
    if not isinstance(obj, Case):
        # An inspection; an order or a notice through its inspection.
        inspection = getattr(obj, "inspection", obj)
        obj = inspection.case
    return case_visible(user=user, case=obj)


# Complaints and reports are taken by the inspection squad and at the window.
RECEIVE = policy(
    "inspection.receive", _("登记投诉举报"), INSPECTORS | {R.RECEPTION_CLERK}, test=in_scope
)
# The investigation itself: opening, site inspections, orders, penalties, notices, conclusion.
INVESTIGATE = policy("inspection.investigate", _("办理劳动监察"), INSPECTORS, test=in_scope)
# The squad's work lists (the menu's entries).
LIST = policy("inspection.list", _("查看劳动监察案件"), INSPECTORS)
# One inspection, read by whoever handles its case (scope is the selector's).
VIEW = policy("inspection.view", _("查看劳动监察"), HANDLERS)
# The case's own conclusion from the inspection's result: whoever handles the case (the case's
# lifecycle then asks its own policy).
CONCLUDE_CASE = policy("inspection.conclude_case", _("据监察结果办结案件"), HANDLERS, test=in_scope)
# The squad's documents (the rectification order as Word or print).
DOCUMENT = policy("inspection.document", _("下载监察文书"), INSPECTORS, test=in_scope)
