"""The words of the calculator: why employment ended, which figures it reads, which items it
computes. Values are stored and sent over the API; keep them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_


class Reason(models.TextChoices):
    """How the employment ended (or that it has not)."""

    ONGOING = "ongoing", _("仍在职")
    MUTUAL = "mutual", _("用人单位提出，协商一致解除（第三十六条）")
    EMPLOYER_FAULT = "employer_fault", _("劳动者因用人单位过错解除（第三十八条）")
    ILLNESS = "illness", _("医疗期满不能工作被解除（第四十条第一项）")
    INCOMPETENCE = "incompetence", _("不能胜任工作被解除（第四十条第二项）")
    CHANGED_CIRCUMSTANCES = "changed", _("客观情况发生重大变化被解除（第四十条第三项）")
    LAYOFF = "layoff", _("经济性裁员（第四十一条）")
    EXPIRY = "expiry", _("合同期满，用人单位不续订（第四十四条第一项）")
    DISSOLUTION = "dissolution", _("用人单位破产、被吊销、关闭或解散（第四十四条第四、五项）")
    UNLAWFUL = "unlawful", _("用人单位违法解除或终止（第四十八条、第八十七条）")
    NO_COMPENSATION = "none", _("劳动者辞职、过失被解除或不同意续订（无经济补偿）")


# The same reasons in a worker's words, for the portal.
PLAIN_REASONS = {
    Reason.ONGOING: _("我还在这家单位上班"),
    Reason.MUTUAL: _("单位提出让我走，双方商量好解除"),
    Reason.EMPLOYER_FAULT: _("单位欠薪、不交社保等，我因此提出离职"),
    Reason.ILLNESS: _("生病或非因工受伤，医疗期满后被单位辞退"),
    Reason.INCOMPETENCE: _("单位说我不能胜任工作，培训或调岗后仍辞退我"),
    Reason.CHANGED_CIRCUMSTANCES: _("单位搬迁、转产等情况变化，协商不成辞退我"),
    Reason.LAYOFF: _("单位裁员"),
    Reason.EXPIRY: _("合同到期，单位不和我续签"),
    Reason.DISSOLUTION: _("单位破产、关门或被吊销执照"),
    Reason.UNLAWFUL: _("单位没有正当理由开除或辞退我"),
    Reason.NO_COMPENSATION: _("我自己辞职，或因自己严重违纪被辞退"),
}

# Article 40's three grounds: thirty days' written notice, or one month's wage instead.
NOTICE_REASONS = frozenset({Reason.ILLNESS, Reason.INCOMPETENCE, Reason.CHANGED_CIRCUMSTANCES})


@dataclass(frozen=True)
class Before2008:
    """What the rules in force before 2008 (《违反和解除劳动合同的经济补偿办法》, 劳部发〔1994〕
    481号) gave for the years worked before 1 January 2008, kept by 《劳动合同法》第九十七条第三款:
    whether compensation was due, its cap in months, and where it is written."""

    due: bool
    cap_months: int | None = None
    basis: str = ""


BEFORE_2008 = {
    Reason.MUTUAL: Before2008(True, 12, N_("《违反和解除劳动合同的经济补偿办法》第五条")),
    Reason.ILLNESS: Before2008(True, None, N_("《违反和解除劳动合同的经济补偿办法》第六条")),
    Reason.INCOMPETENCE: Before2008(True, 12, N_("《违反和解除劳动合同的经济补偿办法》第七条")),
    Reason.CHANGED_CIRCUMSTANCES: Before2008(
        True, None, N_("《违反和解除劳动合同的经济补偿办法》第八条")
    ),
    Reason.LAYOFF: Before2008(True, None, N_("《违反和解除劳动合同的经济补偿办法》第九条")),
    # 《最高人民法院关于审理劳动争议案件适用法律若干问题的解释》（法释〔2001〕14号）第十五条:
    # a worker forced to leave by unpaid wages and the like was owed compensation then too.
    Reason.EMPLOYER_FAULT: Before2008(True, None, N_("法释〔2001〕14号第十五条")),
    # No compensation on expiry or on the employer's dissolution before 2008.
    Reason.EXPIRY: Before2008(False),
    Reason.DISSOLUTION: Before2008(False),
}

# Reasons for which 《劳动合同法》第四十六条 requires economic compensation.
COMPENSATED = frozenset(BEFORE_2008)


class ParameterKind(models.TextChoices):
    """A figure that changes by date and place; kept in the parameter table."""

    AVERAGE_WAGE = "average_wage", _("本地区上年度职工月平均工资")
    INJURY_AVERAGE_WAGE = "injury_average_wage", _("统筹地区上年度职工月平均工资（工伤）")
    INJURY_MEDICAL = "injury_medical", _("一次性工伤医疗补助金（月数）")
    INJURY_EMPLOYMENT = "injury_employment", _("一次性伤残就业补助金（月数）")
    # Read from the minimum-wage table another app keeps (see parameters.py), not stored here.
    MINIMUM_WAGE = "minimum_wage", _("最低工资标准（月）")


class Unit(models.TextChoices):
    YUAN_PER_MONTH = "yuan_month", _("元/月")
    MONTHS = "months", _("个月")


class Item(models.TextChoices):
    """What a line of the result is; the key of each line in the API."""

    UNPAID_WAGES = "unpaid_wages", _("拖欠工资")
    COMPENSATION = "compensation", _("经济补偿")
    NOTICE_PAY = "notice_pay", _("代通知金（额外一个月工资）")
    UNLAWFUL_TERMINATION = "unlawful_termination", _("违法解除劳动合同赔偿金")
    DOUBLE_WAGES = "double_wages", _("未订立书面劳动合同二倍工资差额")
    OVERTIME = "overtime", _("加班工资")
    ANNUAL_LEAVE = "annual_leave", _("未休年休假工资报酬")
    ADDITIONAL = "additional", _("加付赔偿金")
    INJURY_DISABILITY = "injury_disability", _("一次性伤残补助金")
    INJURY_MEDICAL = "injury_medical", _("一次性工伤医疗补助金")
    INJURY_EMPLOYMENT = "injury_employment", _("一次性伤残就业补助金")
