"""What each figure of the dashboard and the monthly report counts: one written definition per
figure, in Chinese and English, with its numerator, denominator and source.

Every rate is kept as a numerator and a denominator (`Ratio`), never only as a percentage, so a
figure can be recounted under another definition. A rate whose denominator is 0 is `None`
("no data"), never 0 % or 100 %.

Sources:
- 人力资源社会保障部《人力资源和社会保障事业发展统计公报》(annual), section 劳动人事争议调解仲裁,
  and its 主要指标解释: 调解成功率 = 调解成功案件数 / 调解组织办结案件数; 仲裁结案率 =
  仲裁机构审结案件数 / 当期应处理案件数 (当期受理 + 上期未结).
- The statistics table 劳动人事争议处理情况 (e.g. 《天津统计年鉴2011》表20-5 劳动争议处理情况,
  《中国劳动统计年鉴》): 上期未结案件数; 当期案件受理数, of which 集体劳动争议; 劳动者当事人数, of
  which in collective disputes; 结案数 by 处理方式 (调解 / 裁决 / 其他方式) and by 处理结果; 期末未结.
  `selectors.dispute_table` follows that layout.
- Where no official definition is published (the centre's 化解率, the 7-working-day rate, the
  one-month arbitration target, 110 arrival rates), the definition below is the centre's own
  and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OFFICIAL_BULLETIN = _(
    "人力资源社会保障部《人力资源和社会保障事业发展统计公报》（劳动人事争议调解仲裁部分及主要指标解释）"
)
OFFICIAL_TABLE = _("劳动人事争议处理情况统计表（统计年鉴“劳动争议处理情况”表式）")
CENTRE_OWN = _("无官方公布口径：本中心口径")


@dataclass(frozen=True)
class Definition:
    key: str
    name: str  # Chinese label (translatable)
    name_en: str
    definition: str  # Chinese, the one written definition (translatable)
    definition_en: str
    numerator: str
    denominator: str  # "" for counts
    source: str
    official: bool
    unit: str = "rate"  # rate, count, days, amount
    # The entry of `selectors.summary` that holds the figure, when it is not named `key`; and
    # the one beside it shown under it (the workers of the collective disputes).
    field: str = ""
    beside: str = ""

    def value(self, summary: dict):
        """This figure, read from a `selectors.summary`: every surface (the dashboard's cards,
        the monthly report, its files, the API) reads it here, so none can count it otherwise."""
        return summary[self.field or self.key]


def _d(**kwargs) -> Definition:
    return Definition(**kwargs)


DEFINITIONS: dict[str, Definition] = {
    d.key: d
    for d in [
        _d(
            key="received",
            name=_("接待"),
            name_en="Received",
            definition=_("统计期内接待（登记入系统）的纠纷数，按接待时间计。"),
            definition_en="Disputes received in the period, by the time of reception.",
            numerator=_("接待时间在统计期内的案件数"),
            denominator="",
            source=CENTRE_OWN,
            official=False,
            unit="count",
        ),
        _d(
            key="accepted",
            name=_("受理"),
            name_en="Accepted",
            definition=_("统计期内受理的案件数（当期案件受理数），按受理时间计。"),
            definition_en="Cases accepted in the period (the table's 当期案件受理数), by acceptance time.",
            numerator=_("受理时间在统计期内的案件数"),
            denominator="",
            source=OFFICIAL_TABLE,
            official=True,
            unit="count",
        ),
        _d(
            key="carried_over",
            name=_("上期未结"),
            name_en="Carried over",
            definition=_("统计期开始前已受理、期初尚未化解或未化解办结的案件数。"),
            definition_en="Cases accepted before the period began and not concluded at its start.",
            numerator=_("受理时间早于期初，且期初尚未办结的案件数"),
            denominator="",
            source=OFFICIAL_TABLE,
            official=True,
            unit="count",
        ),
        _d(
            key="concluded",
            name=_("办结"),
            name_en="Concluded",
            definition=_(
                "统计期内办结（化解或未化解）的案件数，按办结时间计；咨询答复、不予受理不计入。"
            ),
            definition_en="Cases concluded (resolved or unresolved) in the period, by the time of "
            "conclusion; answered consultations and declined cases are not counted.",
            numerator=_("办结时间在统计期内、结果为化解或未化解的案件数"),
            denominator="",
            source=OFFICIAL_TABLE,
            official=True,
            unit="count",
        ),
        _d(
            key="resolved",
            name=_("化解"),
            name_en="Resolved",
            definition=_("统计期内办结且结果为化解的案件数（含其后已结案的）。"),
            definition_en="Cases concluded in the period as resolved (including those since closed).",
            numerator=_("办结时间在统计期内、结果为化解的案件数"),
            denominator="",
            source=CENTRE_OWN,
            official=False,
            unit="count",
        ),
        _d(
            key="resolution_rate",
            name=_("化解率"),
            name_en="Resolution rate",
            definition=_(
                "化解率 = 统计期内化解的案件数 ÷ 统计期内办结（化解＋未化解）的案件数。无官方公布口径，"
                "为本中心口径；分子分母均按办结时间计入统计期。"
            ),
            definition_en="Resolved in the period / concluded (resolved + unresolved) in the "
            "period, both by the time of conclusion. No official definition is published; this "
            "is the centre's own.",
            numerator=_("统计期内化解的案件数"),
            denominator=_("统计期内办结（化解＋未化解）的案件数"),
            source=CENTRE_OWN,
            official=False,
        ),
        _d(
            key="within_7_workdays_rate",
            name=_("7个工作日化解率"),
            name_en="Resolved within 7 working days",
            definition=_(
                "“7个工作日内化解”时限在统计期内见分晓的案件中，按时办结的比例：分子为办结时间不晚于"
                "到期时间（受理次日起第7个工作日24时，遇法定节假日顺延、调休上班日计入）的；分母为统计期"
                "内按时办结的与到期仍未办结（或逾期办结）的之和。每个时限只在其见分晓的月份计一次。"
                "无官方公布口径，为本中心承诺口径。"
            ),
            definition_en="Of the 7-working-day clocks decided in the period, the share met on "
            "time: met by the end of the 7th working day after acceptance (holidays skipped, "
            "adjusted working days counted). A clock is decided when it is met on time, or when "
            "it falls due unmet; each clock counts once, in that month. The centre's own target; "
            "no official definition is published.",
            numerator=_("统计期内按时办结的时限数（完成时间 ≤ 到期时间）"),
            denominator=_("统计期内见分晓的时限数：按时办结的 ＋ 到期时间在统计期内而未按时办结的"),
            source=CENTRE_OWN,
            official=False,
        ),
        _d(
            key="arbitration_within_one_month_rate",
            name=_("仲裁一个月内结案率"),
            name_en="Arbitration closed within one month",
            definition=_(
                "仲裁案件自受理起一个月内结案的比例，按“仲裁一个月”时限计，计数方法同7个工作日化解率。"
                "本中心（仲裁院）工作目标，无官方公布口径。"
            ),
            definition_en="Share of arbitration cases closed within one month of acceptance, "
            "from the arbitration one-month clock, counted as the 7-working-day rate. The "
            "centre's target; no official definition is published.",
            numerator=_("统计期内一个月内结案的仲裁案件数"),
            denominator=_("统计期内一个月时限见分晓的仲裁案件数"),
            source=CENTRE_OWN,
            official=False,
        ),
        _d(
            key="arbitration_within_45_days_rate",
            name=_("仲裁法定审限内结案率"),
            name_en="Arbitration awarded within the statutory period",
            definition=_(
                "仲裁案件在法定审限内结案的比例：《劳动争议调解仲裁法》第四十三条，受理之日起四十五日，"
                "经批准可延长不超过十五日，中止期间不计入；按“仲裁45日”时限（含延长、扣除中止）计，"
                "计数方法同7个工作日化解率。"
            ),
            definition_en="Share of arbitration cases closed within the statutory period (45 "
            "days from acceptance, extendable by up to 15, suspension not counted: Labor Dispute "
            "Mediation and Arbitration Law art. 43), from the 45-day clock as extended and "
            "paused, counted as the 7-working-day rate.",
            numerator=_("统计期内审限内结案的仲裁案件数"),
            denominator=_("统计期内审限见分晓的仲裁案件数"),
            source=_("《劳动争议调解仲裁法》第四十三条；计数方法为本中心口径"),
            official=False,
        ),
        _d(
            key="mediation_success_rate",
            name=_("调解成功率"),
            name_en="Mediation success rate",
            definition=_(
                "调解成功率 = 调解成功案件数 ÷ 调解组织办结案件数（人社部统计公报口径）。"
                "本系统中：统计期内结束的调解（达成协议、调解不成、对方拒绝调解），达成协议的为调解成功。"
            ),
            definition_en="Cases mediated successfully / cases concluded by mediation bodies, as "
            "in MOHRSS's statistical bulletin. Here: mediations ended in the period (agreement, "
            "failure, refusal); those ended in an agreement succeeded.",
            numerator=_("统计期内达成调解协议的调解数"),
            denominator=_("统计期内结束的调解数（达成协议＋调解不成＋拒绝调解）"),
            source=OFFICIAL_BULLETIN,
            official=True,
        ),
        _d(
            key="arbitration_closure_rate",
            name=_("仲裁结案率"),
            name_en="Arbitration closure rate",
            definition=_(
                "仲裁结案率 = 仲裁结案数 ÷ 当期应处理案件数（当期受理数＋上期未结数）（人社部统计公报口径）。"
                "本系统中：仲裁申请按受理时间、结案时间（裁决、仲裁调解）计。"
            ),
            definition_en="Arbitration cases closed / cases to be handled in the period (accepted "
            "in the period + carried over), as in MOHRSS's statistical bulletin; from the "
            "arbitration applications' acceptance and closing (award or arbitration mediation).",
            numerator=_("统计期内仲裁结案数"),
            denominator=_("当期仲裁受理数＋上期未结数"),
            source=OFFICIAL_BULLETIN,
            official=True,
        ),
        _d(
            key="police_arrival_within_15_min_rate",
            name=_("110民警15分钟到场率"),
            name_en="Police on scene within 15 minutes",
            definition=_(
                "统计期内派单的110联动警情中，公安警务室自派单起15分钟内到场的比例；撤销的派单不计。"
                "本中心（110联动机制）口径，无官方公布口径。"
            ),
            definition_en="Of the 110 linkage orders to police dispatched in the period (cancelled "
            "ones excluded), the share that arrived within 15 minutes of dispatch. The linkage "
            "scheme's own target; no official definition is published.",
            numerator=_("15分钟内到场的派单数"),
            denominator=_("统计期内派单数（不含撤销）"),
            source=CENTRE_OWN,
            official=False,
        ),
        _d(
            key="inspection_arrival_within_20_min_rate",
            name=_("监察20分钟到场率"),
            name_en="Inspectors on scene within 20 minutes",
            definition=_(
                "统计期内派单的110联动警情中，劳动监察中队自派单起20分钟内到场的比例；撤销的派单不计。"
                "本中心（110联动机制）口径，无官方公布口径。"
            ),
            definition_en="Of the 110 linkage orders to labor inspection dispatched in the period "
            "(cancelled ones excluded), the share that arrived within 20 minutes. The linkage "
            "scheme's own target; no official definition is published.",
            numerator=_("20分钟内到场的派单数"),
            denominator=_("统计期内派单数（不含撤销）"),
            source=CENTRE_OWN,
            official=False,
        ),
        _d(
            key="handling_days_avg",
            name=_("平均办理时长"),
            name_en="Average handling time",
            definition=_("统计期内办结（化解或未化解）的案件，自受理至办结的平均自然日数。"),
            definition_en="Mean calendar days from acceptance to conclusion, over the cases "
            "concluded in the period.",
            numerator=_("各案办理时长之和"),
            denominator=_("统计期内办结案件数"),
            source=CENTRE_OWN,
            official=False,
            unit="days",
        ),
        _d(
            key="handling_days_median",
            name=_("办理时长中位数"),
            name_en="Median handling time",
            definition=_("统计期内办结的案件，自受理至办结时长的中位数（自然日）。"),
            definition_en="Median calendar days from acceptance to conclusion, over the cases "
            "concluded in the period.",
            numerator="",
            denominator="",
            source=CENTRE_OWN,
            official=False,
            unit="days",
        ),
        _d(
            key="backlog",
            name=_("期末未结"),
            name_en="Pending at the end",
            definition=_("统计期末已受理而尚未办结的案件数（期末未结）。"),
            definition_en="Cases accepted and not concluded at the end of the period.",
            numerator=_("受理时间不晚于期末、期末尚未办结的案件数"),
            denominator="",
            source=OFFICIAL_TABLE,
            official=True,
            unit="count",
        ),
        _d(
            key="overdue",
            name=_("超期"),
            name_en="Overdue",
            definition=_(
                "当前有已到期、未完成且未中止的时限的案件数（按当前时刻，不随统计期变化）。"
            ),
            definition_en="Cases with a clock now past due, unmet and not suspended (as of now, "
            "whatever the period).",
            numerator=_("有超期时限的案件数"),
            denominator="",
            source=CENTRE_OWN,
            official=False,
            unit="count",
        ),
        _d(
            key="collective",
            name=_("在办集体争议"),
            name_en="Collective disputes in hand",
            definition=_(
                "统计期内在办的集体劳动争议（劳动者一方10人以上）案件数及涉及劳动者人数：统计期内接待的，"
                "及统计期开始时仍在办理的；即月度汇报“重大及集体案件”一节所列的集体案件。其中统计期内受理的"
                "见“劳动人事争议处理情况”表（当期案件受理数中的集体争议案件数）。"
            ),
            definition_en="Collective disputes (ten or more workers) in hand during the period: "
            "received in it, or still being handled at its start; the collective cases the "
            "monthly report lists under major and collective cases. Those accepted in the period "
            "are in the statistics table (collective disputes among the cases accepted).",
            numerator=_("统计期内接待、或期初仍在办理的集体争议案件数"),
            denominator="",
            source=CENTRE_OWN,
            official=False,
            unit="count",
            field="collective_in_hand",
            beside="collective_in_hand_workers",
        ),
    ]
}


@dataclass(frozen=True)
class Ratio:
    """A rate kept as what it was counted from."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        if not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{value * 100:.1f}%"

    def as_dict(self) -> dict:
        return {"numerator": self.numerator, "denominator": self.denominator, "value": self.value}
