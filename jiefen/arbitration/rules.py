"""The arbitration track's rules that read and never write: limitation, the wage tables, the
simplified procedure, the five-day and three-day rules of hearings, final awards, the parties'
deadlines after the award, and what an outcome implies for the case.

Periods count calendar days from the day after the event, a last day on a holiday rolling to the
next working day (WorkdayCalendar.calendar_days_add)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.arbitration.choices import (
    ALWAYS_FINAL_BASIS,
    CAPPED_FINAL_KINDS,
    ApplicationStatus,
    Side,
    SimplifiedBasis,
)
from jiefen.arbitration.models import Application, AverageWage, Hearing, MinimumWage, Service
from jiefen.cases.clocks import local_date as _local_date
from jiefen.cases.transitions import Implication
from jiefen.workdays.services import WorkdayCalendar


def local_date(moment: dt.datetime) -> dt.date:
    return _local_date(moment)


def _days_after(day: dt.date, days: int, calendar: WorkdayCalendar | None = None) -> dt.date:
    return (calendar or WorkdayCalendar()).calendar_days_add(day, days)


def limitation_last_day(knew_on: dt.date) -> dt.date:
    """《劳动争议调解仲裁法》第二十七条: one year from the day the party knew or should have known
    of the infringement; a last day on a holiday rolls to the next working day."""
    try:
        last = knew_on.replace(year=knew_on.year + 1)
    except ValueError:  # 29 February
        last = knew_on.replace(year=knew_on.year + 1, month=3, day=1)
    return WorkdayCalendar().next_workday(last)


def limitation_warning(*, knew_on: dt.date | None, received_on: dt.date) -> str:
    if knew_on is None:
        return ""
    last = limitation_last_day(knew_on)
    if received_on <= last:
        return ""
    return _(
        "申请日已超过一年仲裁时效（自%(knew)s起算，末日%(last)s）。请核实是否存在时效中断、"
        "中止，或属劳动关系存续期间的劳动报酬争议（第二十七条第四款），再决定是否受理。"
    ) % {"knew": knew_on.isoformat(), "last": last.isoformat()}


def average_wage_on(day: dt.date, province: str = "浙江省") -> AverageWage | None:
    return (
        AverageWage.objects.filter(province=province, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def minimum_wage_on(day: dt.date, region: str = "杭州市西湖区") -> MinimumWage | None:
    return (
        MinimumWage.objects.filter(region=region, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def simplified_eligible(application: Application, *, basis: str) -> tuple[bool, str]:
    """《劳动人事争议仲裁办案规则》第五十六条: the simplified procedure fits when the amount is at
    most the province's average annual wage of the previous year, or the parties agree."""
    if basis == SimplifiedBasis.AGREED:
        return True, _("双方当事人同意简易处理")
    day = local_date(application.accepted_at or timezone.now())
    wage = average_wage_on(day)
    if wage is None:
        return False, _("未设置本省职工年平均工资，不能按标的额适用简易程序")
    amount = application.case.claim_total
    if amount <= wage.annual_amount:
        return True, _("标的额%(amount)s元不超过%(wage)s元") % {
            "amount": amount,
            "wage": wage.annual_amount,
        }
    return False, _("标的额%(amount)s元超过本省上年度职工年平均工资%(wage)s元") % {
        "amount": amount,
        "wage": wage.annual_amount,
    }


@dataclass(frozen=True)
class NoticeCheck:
    side: str
    served_on: dt.date
    earliest: dt.date
    in_time: bool
    mode: str


def _notice_check(service: Service, hearing: Hearing) -> NoticeCheck:
    # Served by public notice, the notice counts as received when the notice period ends.
    served_on = service.notice_ends_on or local_date(service.served_at)
    earliest = earliest_hearing_day(served_on)
    return NoticeCheck(
        side=service.side,
        served_on=served_on,
        earliest=earliest,
        in_time=local_date(hearing.starts_at) >= earliest,
        mode=service.mode,
    )


def hearing_notice_checks(hearing: Hearing) -> dict[str, NoticeCheck | None]:
    """Each side's hearing-notice service for this hearing (the latest), checked against the
    five-day rule; None for a side not yet served."""
    out: dict[str, NoticeCheck | None] = {Side.APPLICANT: None, Side.RESPONDENT: None}
    for service in hearing.notice_services.order_by("served_at", "id"):
        out[service.side] = _notice_check(service, hearing)
    return out


def earliest_hearing_day(notice_on: dt.date) -> dt.date:
    """《劳动争议调解仲裁法》第三十五条: the parties are told in writing five days before the hearing."""
    return _days_after(notice_on, 5)


def postponement_last_day(hearing_day: dt.date) -> dt.date:
    """第三十五条: a postponement may be asked for up to three days before the hearing; the last
    such day is the one from which the hearing lies three days on."""
    day = hearing_day
    calendar = WorkdayCalendar()
    # Walk back to the latest request day whose three-day period still reaches the hearing.
    while calendar.calendar_days_add(day, 3) > hearing_day:
        day = day.fromordinal(day.toordinal() - 1)
    return day


def final_award_rule(*, kind: str, amount: Decimal | None, on: dt.date) -> tuple[bool, str]:
    """Whether one award item is final (终局裁决), and why, item by item (《劳动人事争议仲裁办案规则》
    第五十条): labour-standard items (《劳动争议调解仲裁法》第四十七条第（二）项) and, in Zhejiang,
    社会保险费补缴 and 工伤保险待遇 (《浙江省劳动人事争议调解仲裁条例》第三十七条) whatever the
    amount; remuneration, work-injury medical costs, compensation or damages when the item is at
    most twelve times the local monthly minimum wage in force on the day of the award (第四十七条
    第（一）项); anything else is not final."""
    if kind in ALWAYS_FINAL_BASIS:
        return True, str(ALWAYS_FINAL_BASIS[kind])
    if kind not in CAPPED_FINAL_KINDS:
        return False, _("不属于《劳动争议调解仲裁法》第四十七条规定的终局裁决事项")
    if amount is None:
        return False, _("未裁决具体金额，无法按第四十七条第（一）项认定为终局")
    wage = minimum_wage_on(on)
    if wage is None:
        return False, _("未设置当地月最低工资标准，按非终局处理")
    cap = wage.monthly_amount * 12
    values = {
        "amount": amount,
        "wage": wage.monthly_amount,
        "since": wage.effective_from.isoformat(),
        "cap": cap,
    }
    if amount <= cap:
        return True, _(
            "《劳动争议调解仲裁法》第四十七条第（一）项：本项%(amount)s元不超过当地月最低工资"
            "%(wage)s元（%(since)s起执行）的十二个月（%(cap)s元）"
        ) % values
    return False, _(
        "本项%(amount)s元超过当地月最低工资%(wage)s元（%(since)s起执行）的十二个月"
        "（%(cap)s元），非终局"
    ) % values


@dataclass(frozen=True)
class PartyDeadline:
    who: str
    what: str
    last_day: dt.date
    basis: str


def party_deadlines(application: Application) -> list[PartyDeadline]:
    """After the award: the parties' own periods, from the day the award was served."""
    if application.status != ApplicationStatus.AWARDED:
        return []
    served = application.award_served_on or local_date(application.concluded_at)
    calendar = WorkdayCalendar()
    items = list(application.award_items.all())
    any_final = any(i.final for i in items)
    any_open = any(not i.final for i in items)
    out = [
        PartyDeadline(
            _("劳动者"),
            _("不服裁决向人民法院提起诉讼"),
            calendar.calendar_days_add(served, 15),
            _("《劳动争议调解仲裁法》第四十八条、第五十条：收到裁决书之日起十五日内"),
        )
    ]
    if any_final:
        out.append(
            PartyDeadline(
                _("用人单位"),
                _("向中级人民法院申请撤销终局裁决"),
                calendar.calendar_days_add(served, 30),
                _("《劳动争议调解仲裁法》第四十九条：收到裁决书之日起三十日内"),
            )
        )
    if any_open:
        out.append(
            PartyDeadline(
                _("用人单位"),
                _("对非终局裁决事项向人民法院提起诉讼"),
                calendar.calendar_days_add(served, 15),
                _("《劳动争议调解仲裁法》第五十条：收到裁决书之日起十五日内"),
            )
        )
    return out


def arbitration_outcome_implies(application: Application) -> Implication:
    """An award or a mediation statement settles the dispute: the case can be resolved. A decline
    leaves it unresolved here (the worker may go to court). Otherwise nothing follows yet."""
    if application.status == ApplicationStatus.MEDIATED:
        return Implication("resolve", _("仲裁调解结案：案件可以按“已化解”办结。"))
    if application.status == ApplicationStatus.AWARDED:
        return Implication(
            "resolve", _("已作出裁决：案件可以办结，当事人在法定期限内可起诉或申请撤销。")
        )
    if application.status == ApplicationStatus.DECLINED:
        return Implication(
            "mark_unresolved", _("仲裁不予受理：申请人可向人民法院起诉，案件在本中心未化解。")
        )
    return Implication("", _("仲裁进行中。"))


def documents_available(application: Application) -> frozenset[str]:
    """The documents this application has issued so far (what the page lists and may export)."""
    found = set()
    if application.accepted_at is not None:
        found.add("acceptance")
    if application.extension_days:
        found.add("extension")
    found |= {
        ApplicationStatus.DECLINED: {"decline"},
        ApplicationStatus.AWARDED: {"award"},
        ApplicationStatus.MEDIATED: {"mediation"},
    }.get(application.status, set())
    return frozenset(found)
