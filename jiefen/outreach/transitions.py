"""The lifecycles of grid outreach as tables: an early warning (acknowledged, handled, closed
with a note, or turned into a case) and a planned visit (done by recording the visit, or
cancelled). Screens offer what these allow; the services move them through the kernel's one
mover (`jiefen.core.lifecycle`), which writes one event per move."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.core.lifecycle import Lifecycle, Moved, Transition
from jiefen.outreach import policies as P
from jiefen.outreach.choices import OPEN_WARNING_STATUSES
from jiefen.outreach.choices import PlanStatus as PS
from jiefen.outreach.choices import WarningStatus as W
from jiefen.outreach.models import EarlyWarning, VisitPlan, WarningEvent


def _warning_event(moved: Moved[EarlyWarning]) -> None:
    WarningEvent.objects.create(
        warning=moved.obj,
        at=moved.at,
        actor=moved.actor,
        old_status=moved.old,
        new_status=moved.new,
        note=moved.note,
    )


def _warning_stale(warning: EarlyWarning):
    from jiefen.outreach.services import WarningChangedMeanwhile

    return WarningChangedMeanwhile(warning)


WARNING_LIFECYCLE: Lifecycle[EarlyWarning] = Lifecycle(
    name="outreach.warning",
    model=EarlyWarning,
    states=W,
    subject=_("预警"),
    record=_warning_event,
    stale=_warning_stale,
    transitions=[
        Transition(
            "acknowledge", pgettext_lazy("action", "签收"), frozenset({W.NEW}), W.ACKNOWLEDGED,
            P.WARNING,
        ),
        Transition(
            "handle", _("开始处置"), frozenset({W.ACKNOWLEDGED}), W.HANDLING, P.WARNING,
        ),
        Transition(
            "close", _("关闭"), OPEN_WARNING_STATUSES, W.CLOSED, P.WARNING, _("处置说明"),
        ),
        Transition(
            "convert", _("转为案件"), OPEN_WARNING_STATUSES, W.CONVERTED, P.CONVERT,
        ),
    ],
)  # fmt: skip


def _plan_event(moved: Moved[VisitPlan]) -> None:
    """A plan keeps no timeline of its own: its move goes to the audit trail."""
    from jiefen.audit.models import AuditAction
    from jiefen.audit.services import audit_record

    audit_record(
        action=AuditAction.CHANGE,
        actor=moved.actor,
        obj=moved.obj,
        summary=f"走访计划{moved.transition.label}：{PS(moved.old).label} → {PS(moved.new).label}",
    )


PLAN_LIFECYCLE: Lifecycle[VisitPlan] = Lifecycle(
    name="outreach.plan",
    model=VisitPlan,
    states=PS,
    subject=_("走访计划"),
    record=_plan_event,
    transitions=[
        # Done by recording the visit (`visit_record`), never on its own.
        Transition("complete", _("完成走访"), frozenset({PS.PLANNED}), PS.DONE, P.VISIT),
        Transition(
            "cancel", pgettext_lazy("action", "取消"), frozenset({PS.PLANNED}), PS.CANCELLED,
            P.VISIT,
        ),
    ],
)  # fmt: skip
