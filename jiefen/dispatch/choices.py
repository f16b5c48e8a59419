from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import DepartmentKind
from jiefen.cases.clockrules import CATALOGUE, ClockKind


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("处置中")
    CLOSED = "closed", _("已结束")


# How each state looks on a badge (the screens read this, never compare states themselves).
INCIDENT_BADGE = {
    IncidentStatus.OPEN: "text-bg-warning",
    IncidentStatus.CLOSED: "text-bg-secondary",
}


class IncidentSource(models.TextChoices):
    PLATFORM = "platform", _("110平台推送")
    PHONE = "phone", _("电话录入")


class UnitKind(models.TextChoices):
    POLICE = "police", _("公安警务室")
    INSPECTION = "inspection", _("劳动监察中队")


class OrderStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("已派单")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    DEPARTED = "departed", _("已出发")
    ARRIVED = "arrived", _("已到场")
    REPORTED = "reported", _("已反馈")
    CANCELLED = "cancelled", _("已撤销")


class ArrivalState(models.TextChoices):
    """Derived from the clock when read, never stored."""

    ON_TIME = "on_time", _("正常")
    NEAR = "near", _("即将超时")
    LATE = "late", _("已超时")
    ARRIVED_ON_TIME = "arrived_on_time", _("按时到场")
    ARRIVED_LATE = "arrived_late", _("超时到场")
    CANCELLED = "cancelled", _("已撤销")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("接警")
    DISPATCHED = "dispatched", _("派单")
    ACKNOWLEDGED = "acknowledged", _("签收")
    DEPARTED = "departed", _("出发")
    ARRIVED = "arrived", _("到场")
    REPORTED = "reported", _("现场反馈")
    REASSIGNED = "reassigned", _("改派")
    CANCELLED = "cancelled", _("撤销")
    HELP = "help", _("求助")
    VILLAGE_SET = "village_set", _("确定村社")
    CASE_CREATED = "case_created", _("转为案件")
    CLOSED = "closed", _("结束")


UNIT_DEPARTMENT = {
    UnitKind.POLICE: DepartmentKind.POLICE_OFFICE,
    UnitKind.INSPECTION: DepartmentKind.LABOR_INSPECTION_SQUAD,
}

# The centre's linkage promise (110联动机制): police on the scene within 15 minutes of dispatch,
# the street's labor inspection squad within 20. Minute clocks, not working days; their rules are
# in the catalogue (jiefen/cases/clockrules.py) with the other clocks.
ARRIVAL_CLOCK = {
    UnitKind.POLICE: ClockKind.ARRIVAL_POLICE_15.value,
    UnitKind.INSPECTION: ClockKind.ARRIVAL_INSPECTION_20.value,
}
ARRIVAL_LIMIT_MINUTES = {unit: CATALOGUE[kind].period for unit, kind in ARRIVAL_CLOCK.items()}
# The last minutes before the limit (the rules' due-soon window) sound the board's alarm.
NEAR_LIMIT_MINUTES = max(CATALOGUE[kind].due_soon for kind in ARRIVAL_CLOCK.values())


# The orders a unit can still reply to (a reply code is unique among these).
OPEN_ORDER_STATUSES = frozenset(
    {OrderStatus.DISPATCHED, OrderStatus.ACKNOWLEDGED, OrderStatus.DEPARTED, OrderStatus.ARRIVED}
)


class ReplyOutcome(models.TextChoices):
    """What became of one SMS reply from the field."""

    ACKNOWLEDGED = "acknowledged", _("已签收")
    ARRIVED = "arrived", _("已到场")
    HELP = "help", _("已求助")
    REFUSED = "refused", _("当前状态不允许")
    UNKNOWN_CODE = "unknown_code", _("派单码不存在")
    WRONG_PHONE = "wrong_phone", _("非接收单位号码")
    CLOSED = "closed", _("派单已结束")
    BAD_SYNTAX = "bad_syntax", _("格式无法识别")
