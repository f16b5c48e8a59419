from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    ABOVE_SCALE = "above_scale", _("规上企业")
    CONSTRUCTION_SITE = "construction_site", _("建筑工地")
    DEMOLITION_FIRM = "demolition_firm", _("拆迁企业")
    OTHER = "other", _("其他")


class WageGuarantee(models.TextChoices):
    """How a site secures its wages (《保障农民工工资支付条例》第三十二条: 工资保证金)."""

    NONE = "none", _("未落实")
    DEPOSIT = "deposit", _("工资保证金")
    BANK_GUARANTEE = "bank_guarantee", _("银行保函")


class CheckItem(models.TextChoices):
    WAGES_ON_TIME = "wages_on_time", _("工资按时足额发放")
    WRITTEN_CONTRACTS = "written_contracts", _("签订书面劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("依法缴纳社会保险")
    REAL_NAME = "real_name", _("农民工实名制登记")
    NOTICE_BOARD = "notice_board", _("维权信息告示牌")


class CheckResult(models.TextChoices):
    OK = "ok", _("正常")
    PROBLEM = "problem", _("有问题")
    NA = "na", _("不适用")


# The checklist fitted to each kind of enterprise: a construction site keeps the real-name
# register and the notice board the wage-payment rules for migrant workers require
# (《保障农民工工资支付条例》第二十八条、第三十四条); a demolition crew keeps the register too.
KIND_CHECKS: dict[str, tuple[str, ...]] = {
    EnterpriseKind.ABOVE_SCALE: (
        CheckItem.WAGES_ON_TIME,
        CheckItem.WRITTEN_CONTRACTS,
        CheckItem.SOCIAL_INSURANCE,
    ),
    EnterpriseKind.CONSTRUCTION_SITE: tuple(CheckItem.values),
    EnterpriseKind.DEMOLITION_FIRM: (
        CheckItem.WAGES_ON_TIME,
        CheckItem.WRITTEN_CONTRACTS,
        CheckItem.SOCIAL_INSURANCE,
        CheckItem.REAL_NAME,
    ),
    EnterpriseKind.OTHER: (
        CheckItem.WAGES_ON_TIME,
        CheckItem.WRITTEN_CONTRACTS,
        CheckItem.SOCIAL_INSURANCE,
    ),
}


class Severity(models.TextChoices):
    NONE = "none", _("未发现问题")
    MINOR = "minor", _("一般")
    MAJOR = "major", _("较重")
    SERIOUS = "serious", _("严重")


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("待走访")
    DONE = "done", _("已走访")
    CANCELLED = "cancelled", _("已取消")


class WarningRule(models.TextChoices):
    REPEATED_COMPLAINTS = "repeated_complaints", _("同一单位30日内多次投诉")
    SITE_WAGE_RISK = "site_wage_risk", _("工地临近竣工或春节前有欠薪迹象")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("责令改正逾期未改")
    SERIOUS_FINDING = "serious_finding", _("走访发现严重问题")
    HEADCOUNT_DROP = "headcount_drop", _("用工人数骤减")


class WarningLevel(models.TextChoices):
    BLUE = "blue", _("蓝色")
    YELLOW = "yellow", _("黄色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")


LEVEL_RANK = {
    WarningLevel.BLUE: 1,
    WarningLevel.YELLOW: 2,
    WarningLevel.ORANGE: 3,
    WarningLevel.RED: 4,
}


class WarningStatus(models.TextChoices):
    NEW = "new", _("新预警")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    HANDLING = "handling", _("处置中")
    CLOSED = "closed", _("已关闭")
    CONVERTED = "converted", _("已转案件")


OPEN_WARNING_STATUSES = frozenset(
    {WarningStatus.NEW, WarningStatus.ACKNOWLEDGED, WarningStatus.HANDLING}
)

UNVISITED_PERIODS = (30, 90, 180)
