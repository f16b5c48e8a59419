from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.clockrules import CATALOGUE, ClockKind

TRACK = "inspection"

# Clock kinds of this track (cases.Clock.kind); their rules, with the articles behind them
# (若干规定第十八条, 条例第十七条), are in the catalogue (jiefen/cases/clockrules.py).
OPEN_5 = ClockKind.INSPECTION_OPEN_5.value
INVESTIGATE_60 = ClockKind.INSPECTION_INVESTIGATE_60.value
NOTICE_3 = ClockKind.INSPECTION_NOTICE_3.value
EXTENSION_MAX_WORKDAYS = CATALOGUE[INVESTIGATE_60].extension_max
# 《劳动保障监察条例》第二十条: a violation not discovered, reported or complained of within 2 years
# is no longer investigated; counted from the day it ended when it went on.
LOOKBACK_YEARS = 2
# 《劳动合同法》第八十五条: 应付金额百分之五十以上百分之一百以下的标准向劳动者加付赔偿金.
COMPENSATION_MIN_PERCENT = 50
COMPENSATION_MAX_PERCENT = 100


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class Source(models.TextChoices):
    CASE = "case", _("案件转入")
    DIRECT = "direct", _("直接投诉举报")


class InspectionStatus(models.TextChoices):
    RECEIVED = "received", _("待立案")
    OPENED = "opened", _("已立案调查")
    SUSPENDED = "suspended", _("中止调查")
    NOT_OPENED = "not_opened", _("不予立案")
    CONCLUDED = "concluded", _("已结案")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    COMPLIED = "complied", _("已整改")
    NOT_COMPLIED = "not_complied", _("逾期未整改")


# How each state looks on a badge (the screens read this, never compare states themselves).
STATUS_BADGE = {
    InspectionStatus.RECEIVED: "text-bg-warning",
    InspectionStatus.OPENED: "text-bg-primary",
    InspectionStatus.SUSPENDED: "text-bg-secondary",
    InspectionStatus.CONCLUDED: "text-bg-success",
    InspectionStatus.NOT_OPENED: "text-bg-dark",
}
ORDER_BADGE = {
    OrderStatus.OPEN: "text-bg-warning",
    OrderStatus.COMPLIED: "text-bg-success",
    OrderStatus.NOT_COMPLIED: "text-bg-danger",
}


class NoticeReason(models.TextChoices):
    EXTENDED = "extended", _("延长调查期限")
    SUSPENDED = "suspended", _("中止调查")
