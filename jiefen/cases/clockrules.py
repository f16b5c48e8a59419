"""The catalogue of clock rules: every statutory and service period of every track, declared once.

Each rule says what it rests on, how it counts, how long it runs, what starts, stops, pauses,
restarts and extends it, who may approve an extension, and when it is due soon. `clocks.py`
reads it to start, pause, resume, restart and extend a clock and to derive its due date (one
function, `clock_due`); the overdue and due-soon sweep and the 时限规则 page read it too. A track
names the kind of clock it starts; it never computes a due date itself.

How the periods count:
- calendar days (日): the first day is not counted and a last day on a holiday or rest day rolls
  to the next working day (《民事诉讼法》第八十五条, 《民法典》第二百零一条、第二百零三条). A
  pause or an extension adds days to the raw period; the end is rolled once, at the end.
- months (月): the same day of the month that many months on (that month's last day when it has
  no such day), then as for calendar days.
- working days (工作日): counted on the working-day calendar, swapped working days (调休) included;
  a pause counts the working days it stood still, an extension adds working days.
- minutes: the 110 arrival promise, counted from the first dispatch, on no calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Track


class ClockKind(models.TextChoices):
    """Every clock of the system (`Clock.kind`, and `kind` in the API)."""

    INTAKE_REGISTER = "intake_register", _("接待登记")
    INTAKE_DECIDE = "intake_decide", _("受理、答复或不予受理")
    RESOLVE_7 = "resolve_7_workdays", _("7个工作日内化解")
    MEDIATION_15 = "mediation_15_days", _("调解期限15日")
    AGREEMENT_ARBITRAL_REVIEW_15 = (
        "agreement_arbitral_review_15_days",
        _("仲裁审查确认申请期限15日"),
    )
    AGREEMENT_JUDICIAL_REVIEW_30 = (
        "agreement_judicial_confirmation_30_days",
        _("司法确认申请期限30日"),
    )
    ARBITRATION_ACCEPTANCE_5 = "arbitration_acceptance_5_days", _("仲裁受理审查5日")
    ARBITRATION_SERVICE_5 = "arbitration_service_5_days", _("申请书副本送达5日")
    ARBITRATION_DEFENCE_10 = "arbitration_defence_10_days", _("被申请人答辩10日")
    ARBITRATION_DEFENCE_COPY_5 = "arbitration_defence_copy_5_days", _("答辩书副本送达5日")
    ARBITRATION_COMPOSITION_5 = "arbitration_composition_notice_5_days", _("组庭通知5日")
    ARBITRATION_AWARD_45 = "arbitration_award_45_days", _("仲裁审理45日")
    ARBITRATION_SIMPLIFIED_30 = "arbitration_simplified_30_days", _("简易程序30日内审结")
    ARBITRATION_ONE_MONTH = "arbitration_one_month", _("中心目标：一个月内审结")
    INSPECTION_OPEN_5 = "inspection_open_5_workdays", _("监察立案审查5个工作日")
    INSPECTION_INVESTIGATE_60 = "inspection_60_workdays", _("监察调查60个工作日")
    INSPECTION_NOTICE_3 = "inspection_notice_3_workdays", _("书面告知投诉人3个工作日")
    ARRIVAL_POLICE_15 = "dispatch_arrival_police_15_minutes", _("110联动：民警15分钟到场")
    ARRIVAL_INSPECTION_20 = (
        "dispatch_arrival_inspection_20_minutes",
        _("110联动：监察中队20分钟到场"),
    )


class Counting(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("日（次日起算，末日遇节假日顺延）")
    WORKDAYS = "workdays", _("工作日")
    MONTHS = "months", _("月（末日遇节假日顺延）")
    MINUTES = "minutes", _("分钟")


class PauseReason(models.TextChoices):
    """What stops a clock for a while; the time it stands still is not counted."""

    SUSPENSION = "suspension", _("中止审理")
    PUBLIC_NOTICE = "public_notice", _("公告送达期间")
    ENTRUSTED_INVESTIGATION = "entrusted_investigation", _("委托调查期间")
    SETTLEMENT = "settlement", _("当事人申请庭外和解期间")
    APPRAISAL = "appraisal", _("等待工伤认定、伤残等级鉴定或司法鉴定结论")
    COMPLETION = "completion", _("一次性告知补正，待补正材料")
    INSPECTION_SUSPENSION = "inspection_suspension", _("中止调查")


class RestartReason(models.TextChoices):
    """What makes a clock count again from a new day (the period restarts whole)."""

    COMPLETED = "completed", _("补正材料收齐")
    ADDED_PARTY = "added_party", _("追加当事人或第三人")
    CHANGED_CLAIMS = "changed_claims", _("增加、变更仲裁请求")
    COUNTERCLAIM = "counterclaim", _("仲裁申请与反申请合并处理")
    TRANSFER = "transfer", _("案件移交管辖")


class Approver(models.TextChoices):
    """Who may approve an extension."""

    COMMISSION_CHAIR = (
        "commission_chair",
        _("仲裁委员会主任，或其书面委托的仲裁院负责人"),
    )
    DEPARTMENT_HEAD = "department_head", _("劳动保障行政部门负责人")


RULES_ARTICLE = "《劳动人事争议仲裁办案规则》"
CONDITIONS_ARTICLE = "《浙江省劳动人事争议调解仲裁条例》"

# The article behind each pause and restart, shown on the timeline with every move.
PAUSE_ARTICLES: dict[str, str] = {
    PauseReason.SUSPENSION: RULES_ARTICLE + "第四十五条、第四十七条：中止审理期间不计入仲裁期限",
    PauseReason.PUBLIC_NOTICE: RULES_ARTICLE + "第四十五条：公告送达期间不计入仲裁期限",
    PauseReason.ENTRUSTED_INVESTIGATION: CONDITIONS_ARTICLE + "第三十六条：委托调查期间不计入",
    PauseReason.SETTLEMENT: CONDITIONS_ARTICLE + "第三十六条：当事人申请庭外和解的期间不计入",
    PauseReason.APPRAISAL: RULES_ARTICLE
    + "第四十七条、"
    + CONDITIONS_ARTICLE
    + "第三十六条：等待工伤认定、伤残等级鉴定或者司法鉴定的期间不计入",
    PauseReason.COMPLETION: RULES_ARTICLE + "第四十五条：补正期间不计入，材料收齐之日起重新计算",
    PauseReason.INSPECTION_SUSPENSION: "《劳动保障监察条例》第十七条、"
    "《关于实施〈劳动保障监察条例〉若干规定》：中止调查期间不计入调查期限",
}
RESTART_ARTICLES: dict[str, str] = {
    RestartReason.COMPLETED: "《劳动争议调解仲裁法》第二十九条、"
    + RULES_ARTICLE
    + "第四十五条：收到仲裁申请的时间从材料补正之日起重新计算",
    RestartReason.ADDED_PARTY: RULES_ARTICLE
    + "第四十五条：追加当事人或者第三人的，从决定追加之日起重新计算",
    RestartReason.CHANGED_CLAIMS: RULES_ARTICLE
    + "第四十五条：增加、变更仲裁请求的，从受理增加、变更仲裁请求之日起重新计算",
    RestartReason.COUNTERCLAIM: RULES_ARTICLE
    + "第四十五条：仲裁申请和反申请合并处理的，从受理反申请之日起重新计算",
    RestartReason.TRANSFER: RULES_ARTICLE + "第四十五条：案件移交管辖的，从接受移交之日起重新计算",
}
ARBITRATION_PAUSES = (
    PauseReason.SUSPENSION,
    PauseReason.PUBLIC_NOTICE,
    PauseReason.ENTRUSTED_INVESTIGATION,
    PauseReason.SETTLEMENT,
    PauseReason.APPRAISAL,
)
ARBITRATION_RESTARTS = (
    RestartReason.ADDED_PARTY,
    RestartReason.CHANGED_CLAIMS,
    RestartReason.COUNTERCLAIM,
    RestartReason.TRANSFER,
)


@dataclass(frozen=True)
class ClockRule:
    kind: str
    track: str  # "" for the case's own clocks
    article: str | Promise
    counting: str
    length: int
    starts: str | Promise
    ends: str | Promise
    pauses: tuple[str, ...] = ()
    restarts: tuple[str, ...] = ()
    extension_max: int = 0  # in the rule's own unit; 0: no extension
    approver: str = ""
    # Due soon: in its last `due_soon` working days (minutes, for a clock counted in minutes).
    due_soon: int = 1
    # A service standard the centre sets for itself: its length may be set per installation
    # (settings.JIEFEN_CLOCK_LENGTHS = {kind: length}).
    configurable: bool = False
    statutory: bool = True
    notes: tuple[str | Promise, ...] = field(default=())

    @property
    def label(self) -> str:
        return str(ClockKind(self.kind).label)

    @property
    def period(self) -> int:
        """The length in force: the catalogue's, or the installation's for a service standard."""
        if self.configurable:
            return int(getattr(settings, "JIEFEN_CLOCK_LENGTHS", {}).get(self.kind, self.length))
        return self.length


K = ClockKind
C = Counting
_ARBITRATION_LAW = "《劳动争议调解仲裁法》"

CATALOGUE: dict[str, ClockRule] = {
    r.kind: r
    for r in [
        ClockRule(
            K.INTAKE_REGISTER,
            "",
            _("中心服务标准：接待后1个工作日内登记（可按本中心标准设置）"),
            C.WORKDAYS,
            1,
            _("接待（收到来访、来电、网上申请等）"),
            _("登记"),
            configurable=True,
            statutory=False,
        ),
        ClockRule(
            K.INTAKE_DECIDE,
            "",
            _(
                "中心服务标准：接待后5个工作日内受理、不予受理或答复（参照"
                "《劳动争议调解仲裁法》第二十九条、《关于实施〈劳动保障监察条例〉若干规定》"
                "第十八条；可按本中心标准设置）"
            ),
            C.WORKDAYS,
            5,
            _("接待"),
            _("受理、不予受理或咨询答复"),
            configurable=True,
            statutory=False,
        ),
        ClockRule(
            K.RESOLVE_7,
            "",
            _("中心承诺：劳动纠纷化解7个工作日内完成（受理次日起算）"),
            C.WORKDAYS,
            7,
            _("受理"),
            _("化解或未化解办结"),
            configurable=True,
            statutory=False,
        ),
        ClockRule(
            K.MEDIATION_15,
            "mediation",
            _(
                "《劳动争议调解仲裁法》第十四条：自收到调解申请之日起15日内未达成调解协议的，当事人可以依法申请仲裁"
            ),
            C.CALENDAR_DAYS,
            15,
            _("收到调解申请（接待之日）"),
            _("调解结束（达成协议、调解不成或拒绝调解）"),
        ),
        ClockRule(
            K.AGREEMENT_ARBITRAL_REVIEW_15,
            "mediation",
            _("《劳动人事争议仲裁办案规则》第七十四条：自调解协议生效之日起15日内共同申请仲裁审查"),
            C.CALENDAR_DAYS,
            15,
            _("调解协议签订（生效）"),
            _("双方共同申请仲裁审查确认"),
        ),
        ClockRule(
            K.AGREEMENT_JUDICIAL_REVIEW_30,
            "mediation",
            _("《人民调解法》第三十三条：自调解协议生效之日起30日内共同向人民法院申请司法确认"),
            C.CALENDAR_DAYS,
            30,
            _("调解协议签订（生效）"),
            _("双方共同申请司法确认"),
        ),
        ClockRule(
            K.ARBITRATION_ACCEPTANCE_5,
            "arbitration",
            _("《劳动争议调解仲裁法》第二十九条：收到仲裁申请之日起五日内决定是否受理"),
            C.CALENDAR_DAYS,
            5,
            _("收到仲裁申请"),
            _("受理或不予受理"),
            pauses=(PauseReason.COMPLETION,),
            restarts=(RestartReason.COMPLETED, RestartReason.TRANSFER),
        ),
        ClockRule(
            K.ARBITRATION_SERVICE_5,
            "arbitration",
            _("《劳动争议调解仲裁法》第三十条：受理后五日内将仲裁申请书副本送达被申请人"),
            C.CALENDAR_DAYS,
            5,
            _("受理"),
            _("申请书副本送达被申请人"),
        ),
        ClockRule(
            K.ARBITRATION_COMPOSITION_5,
            "arbitration",
            _("《劳动争议调解仲裁法》第三十二条：受理之日起五日内将仲裁庭组成情况书面通知当事人"),
            C.CALENDAR_DAYS,
            5,
            _("受理"),
            _("组庭通知书送达"),
        ),
        ClockRule(
            K.ARBITRATION_DEFENCE_10,
            "arbitration",
            _("《劳动争议调解仲裁法》第三十条：被申请人收到申请书副本后十日内提交答辩书"),
            C.CALENDAR_DAYS,
            10,
            _("申请书副本送达被申请人（公告送达的，公告期满）"),
            _("收到答辩书"),
        ),
        ClockRule(
            K.ARBITRATION_DEFENCE_COPY_5,
            "arbitration",
            _("《劳动争议调解仲裁法》第三十条：收到答辩书后五日内将副本送达申请人"),
            C.CALENDAR_DAYS,
            5,
            _("收到答辩书"),
            _("答辩书副本送达申请人"),
        ),
        ClockRule(
            K.ARBITRATION_AWARD_45,
            "arbitration",
            _(
                "《劳动争议调解仲裁法》第四十三条、《劳动人事争议仲裁办案规则》第四十六条："
                "受理之日起四十五日内结束；案情复杂的，经仲裁委员会主任或其委托的仲裁院负责人"
                "书面批准可以延期，延长期限不得超过十五日"
            ),
            C.CALENDAR_DAYS,
            45,
            _("受理"),
            _("裁决、仲裁调解或撤回"),
            pauses=ARBITRATION_PAUSES,
            restarts=ARBITRATION_RESTARTS,
            extension_max=15,
            approver=Approver.COMMISSION_CHAIR,
            due_soon=3,
        ),
        ClockRule(
            K.ARBITRATION_SIMPLIFIED_30,
            "arbitration",
            _(
                "《浙江省劳动人事争议调解仲裁条例》第三十九条：适用简易程序的，"
                "自受理之日起三十日内结案；转为普通程序的，审理期限自受理之日起连续计算"
            ),
            C.CALENDAR_DAYS,
            30,
            _("决定适用简易程序（自受理之日起算）"),
            _("裁决或仲裁调解；转普通程序的，本时限撤销，按45日期限连续计算"),
            pauses=ARBITRATION_PAUSES,
            restarts=ARBITRATION_RESTARTS,
            due_soon=3,
        ),
        ClockRule(
            K.ARBITRATION_ONE_MONTH,
            "arbitration",
            _("中心承诺：仲裁案件受理后一个月内审结（法定期限为45日）"),
            C.MONTHS,
            1,
            _("受理"),
            _("裁决、仲裁调解或撤回"),
            pauses=ARBITRATION_PAUSES,
            restarts=ARBITRATION_RESTARTS,
            statutory=False,
            due_soon=2,
        ),
        ClockRule(
            K.INSPECTION_OPEN_5,
            "inspection",
            _(
                "《关于实施〈劳动保障监察条例〉若干规定》第十八条：自接到投诉之日起5个工作日内决定是否立案"
            ),
            C.WORKDAYS,
            5,
            _("接到投诉、举报"),
            _("立案或不予立案"),
        ),
        ClockRule(
            K.INSPECTION_INVESTIGATE_60,
            "inspection",
            _(
                "《劳动保障监察条例》第十七条：自立案之日起60个工作日内完成；情况复杂的，"
                "经劳动保障行政部门负责人批准，可以延长30个工作日"
            ),
            C.WORKDAYS,
            60,
            _("立案"),
            _("监察结案"),
            pauses=(PauseReason.INSPECTION_SUSPENSION,),
            extension_max=30,
            approver=Approver.DEPARTMENT_HEAD,
            due_soon=5,
        ),
        ClockRule(
            K.INSPECTION_NOTICE_3,
            "inspection",
            _(
                "《关于实施〈劳动保障监察条例〉若干规定》：延长或中止调查的，3个工作日内书面告知投诉人"
            ),
            C.WORKDAYS,
            3,
            _("延长或中止调查"),
            _("书面告知送达投诉人"),
        ),
        ClockRule(
            K.ARRIVAL_POLICE_15,
            "police",
            _("区110联动机制：民警自派单起15分钟内到场"),
            C.MINUTES,
            15,
            _("首次派单"),
            _("到场"),
            due_soon=3,
            statutory=False,
        ),
        ClockRule(
            K.ARRIVAL_INSPECTION_20,
            "inspection",
            _("区110联动机制：劳动监察中队自派单起20分钟内到场"),
            C.MINUTES,
            20,
            _("首次派单"),
            _("到场"),
            due_soon=3,
            statutory=False,
        ),
    ]
}

assert set(CATALOGUE) == set(ClockKind.values), "every clock kind has its rule"


def rule_for(kind: str) -> ClockRule:
    return CATALOGUE[kind]


def rules(*, track: str | None = None) -> list[ClockRule]:
    """The catalogue in declaration order, optionally one track's."""
    return [r for r in CATALOGUE.values() if track is None or r.track == track]


TRACK_LABELS = {"": _("案件"), **dict(Track.choices)}


def rule_describe(rule: ClockRule) -> dict:
    """One rule as plain data (the 时限规则 page and the API)."""
    return {
        "kind": rule.kind,
        "label": rule.label,
        "track": rule.track,
        "track_label": str(TRACK_LABELS.get(rule.track, rule.track)),
        "article": str(rule.article),
        "statutory": rule.statutory,
        "counting": rule.counting,
        "counting_label": str(Counting(rule.counting).label),
        "length": rule.period,
        "configurable": rule.configurable,
        "starts": str(rule.starts),
        "ends": str(rule.ends),
        "pauses": [
            {
                "reason": p,
                "label": str(PauseReason(p).label),
                "article": gettext(str(PAUSE_ARTICLES[p])),
            }
            for p in rule.pauses
        ],
        "restarts": [
            {
                "reason": r,
                "label": str(RestartReason(r).label),
                "article": gettext(str(RESTART_ARTICLES[r])),
            }
            for r in rule.restarts
        ],
        "extension_max": rule.extension_max,
        "approver": rule.approver,
        "approver_label": str(Approver(rule.approver).label) if rule.approver else "",
        "due_soon": rule.due_soon,
    }
