"""Who may use the calculator. Computing writes nothing: staff who handle cases may, and the
public portal computes with no person acting. Saving onto a case edits the case's claims."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiefen.accounts.roles import ADMINS, HANDLERS
from jiefen.cases.policies import in_scope
from jiefen.core.policy import policy

CALCULATE = policy("calculators.calculate", _("计算应得金额"), HANDLERS, without_actor=True)
SAVE = policy("calculators.save", _("将计算结果保存到案件"), HANDLERS, test=in_scope)
# Reading a saved calculation (print, Word): whoever may see its case.
VIEW = policy("calculators.view", _("查看赔偿计算"), HANDLERS, test=in_scope)
PARAMETERS = policy("calculators.parameters", _("维护计算参数"), ADMINS)
