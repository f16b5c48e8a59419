from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("接待")
    REGISTERED = "registered", _("登记")
    ANSWERED = "answered", _("咨询答复")
    DECLINED = "declined", _("不予受理")
    ACCEPTED = "accepted", _("受理")
    HANDLING = "handling", _("处置中")
    RESOLVED = "resolved", _("已化解")
    UNRESOLVED = "unresolved", _("未化解")
    CLOSED = "closed", _("结案")


class Outcome(models.TextChoices):
    """What a concluded case came to; kept after 结案, which changes the state only."""

    RESOLVED = "resolved", _("已化解")
    UNRESOLVED = "unresolved", _("未化解")


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    PHONE = "phone", _("来电")
    POLICE_110 = "police_110", _("110联动")
    ONLINE = "online", _("网上申请")
    MAILBOX = "mailbox", _("维权信箱")
    GRID_VISIT = "grid_visit", _("网格走访")
    PROVINCIAL = "provincial", _("省平台转入")
    # A city app or another system filing through the Open311 GeoReport v2 door (jiefen.open311).
    OPEN311 = "open311", _("Open311接入")


class Category(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("拖欠工资")
    LABOR_CONTRACT = "labor_contract", _("劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    WORK_INJURY = "work_injury", _("工伤")
    WORKING_HOURS = "working_hours", _("工时与加班")
    SEVERANCE = "severance", _("经济补偿与赔偿")
    OTHER = "other", _("其他")


class Level(models.TextChoices):
    """Where a case is handled: "small matters stay in the village, big ones in the street"."""

    VILLAGE = "village", _("村社")
    STREET = "street", _("街道")
    DISTRICT = "district", _("区")


class Track(models.TextChoices):
    MEDIATION = "mediation", _("调解")
    ARBITRATION = "arbitration", _("仲裁")
    INSPECTION = "inspection", _("劳动监察")
    GOVERNANCE = "governance", _("综治牵头")
    POLICE = "police", _("公安处置")


class Duty(models.TextChoices):
    MEDIATOR = "mediator", _("调解员")
    INSPECTOR = "inspector", _("监察员")
    ARBITRATOR = "arbitrator", _("仲裁员")
    POLICE = "police", _("民警")
    LEAD = "lead", _("承办人")


class EventKind(models.TextChoices):
    TRANSITION = "transition", _("状态变更")
    TRIAGE = "triage", _("分流")
    ASSIGN = "assign", _("指派")
    ESCALATE = "escalate", _("升级")
    CLOCK = "clock", _("时限")
    TRACK = "track", _("办理")
    NOTE = "note", _("记录")
    EDIT = "edit", _("修改")
    LINK = "link", _("关联合并")


class ClockState(models.TextChoices):
    ON_TIME = "on_time", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")
    MET = "met", _("已办结")
    PAUSED = "paused", _("已中止")


# A dispute with this many claimants or more against one employer is collective (集体争议);
# 《劳动争议调解仲裁法》第七条 and 《劳动人事争议仲裁办案规则》第七条 set the threshold at ten.
COLLECTIVE_THRESHOLD = 10


class LinkKind(models.TextChoices):
    """What a case found at intake is to another (jiefen.cases.services.related)."""

    DUPLICATE = "duplicate", _("疑似重复")
    RELATED = "related", _("同一用人单位")
    MERGED = "merged", _("已合并")


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", _("待确认")
    CONFIRMED = "confirmed", _("已关联")
    DISMISSED = "dismissed", _("已排除")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("不予合并")


# Related cases and collective proposals look back this far: the same 30 days as the
# repeated-complaint warning (outreach), which reads this constant.
RELATED_WINDOW_DAYS = 30
# A collective dispute elects 3 to 5 representatives (《浙江省劳动人事争议调解仲裁条例》
# 第四十条、第四十一条; 《劳动人事争议仲裁办案规则》第七条).
COLLECTIVE_REPRESENTATIVES = (3, 5)
