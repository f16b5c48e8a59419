from django.db import models
from django.utils.translation import gettext_lazy as _

TRACK = "inspection"

# Clock kinds of this track (cases.Clock.kind).
# 《关于实施〈劳动保障监察条例〉若干规定》第十八条 / 《劳动保障监察条例》第十五条: decide within 5
# working days of receiving a complaint whether to open a case.
OPEN_5 = "inspection_open_5_workdays"
# 《劳动保障监察条例》第十七条: an investigation ends within 60 working days of opening; with the
# approval of the department's head it may be extended by at most 30 working days.
INVESTIGATE_60 = "inspection_60_workdays"
# 《关于实施〈劳动保障监察条例〉若干规定》: the complainant is told in writing within 3 working days
# when the investigation is extended or suspended.
NOTICE_3 = "inspection_notice_3_workdays"

OPEN_WORKDAYS = 5
INVESTIGATE_WORKDAYS = 60
EXTENSION_MAX_WORKDAYS = 30
NOTICE_WORKDAYS = 3
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


class NoticeReason(models.TextChoices):
    EXTENDED = "extended", _("延长调查期限")
    SUSPENDED = "suspended", _("中止调查")
