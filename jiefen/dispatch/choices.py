from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import DepartmentKind


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("处置中")
    CLOSED = "closed", _("已结束")


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
    VILLAGE_SET = "village_set", _("确定村社")
    CASE_CREATED = "case_created", _("转为案件")
    CLOSED = "closed", _("结束")


UNIT_DEPARTMENT = {
    UnitKind.POLICE: DepartmentKind.POLICE_OFFICE,
    UnitKind.INSPECTION: DepartmentKind.LABOR_INSPECTION_SQUAD,
}

# The centre's linkage promise (110联动机制): police on the scene within 15 minutes of dispatch,
# the street's labor inspection squad within 20. Minute clocks, not working days.
ARRIVAL_LIMIT_MINUTES = {UnitKind.POLICE: 15, UnitKind.INSPECTION: 20}
# The last three minutes before the limit sound the board's alarm.
NEAR_LIMIT_MINUTES = 3
