"""The dashboard's charts as data: one `ChartPanel` per chart feeds the ECharts drawing, the data
table behind it ("显示数据表"), its one-line summary and its drill-down links, so that the four
say the same numbers (WCAG 2.1 1.1.1: a text alternative for each chart; 2.1.1: every segment
reachable by keyboard)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from jiefen.cases.choices import ClockState


@dataclass
class Series:
    name: str
    data: list  # one value per category; None when nothing was counted
    kind: str = "bar"  # bar or line
    axis: int = 0  # 0: counts, 1: percentages (the trend's lines)
    unit: str = ""  # shown in the data table's header: 件, %, 次


@dataclass
class ChartPanel:
    key: str
    title: str
    summary: str
    categories: list[str]
    series: list[Series]
    urls: list[str] = field(default_factory=list)  # one per category, "" when none
    # One per category and series (a stacked bar's segments), instead of `urls`.
    cell_urls: list[list[str]] = field(default_factory=list)
    link_label: str = ""  # the text of each drill-down link, "%(name)s" filled in
    category_header: str = ""  # the data table's first column
    shape: str = "bars"  # bars, hbars, pie, trend, stacked
    wide: bool = False

    @property
    def empty(self) -> bool:
        return not self.categories or not any(
            v for s in self.series for v in s.data if v is not None
        )

    @property
    def table(self) -> list[dict]:
        """The rows of the data table: a category, its values, its link."""
        return [
            {
                "name": name,
                "values": ["—" if s.data[i] is None else s.data[i] for s in self.series],
                "url": self.urls[i] if i < len(self.urls) else "",
            }
            for i, name in enumerate(self.categories)
        ]

    @property
    def links(self) -> list[dict]:
        if self.cell_urls:
            return [
                {
                    "text": self.link_label % {"name": name, "series": s.name, "value": s.data[i]},
                    "url": self.cell_urls[i][j],
                }
                for i, name in enumerate(self.categories)
                for j, s in enumerate(self.series)
                if s.data[i]
            ]
        return [
            {"text": self.link_label % {"name": row["name"]}, "url": row["url"]}
            for row in self.table
            if row["url"]
        ]

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("summary")
        data.pop("link_label")
        return data


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.0f}%" if whole else "—"


def breakdown_panel(
    key: str,
    title: str,
    rows: list[dict],
    *,
    header: str,
    shape: str = "hbars",
    top: int | None = None,
) -> ChartPanel:
    """Cases received in the period by one attribute: a bar (or pie) per value."""
    total = sum(r["value"] for r in rows)
    if not rows:
        summary = _("统计期内没有接待纠纷。")
    else:
        first = max(rows, key=lambda r: r["value"])
        summary = _("共%(total)s件，最多的是%(name)s：%(n)s件（%(share)s）。") % {
            "total": total,
            "name": first["name"],
            "n": first["value"],
            "share": _share(first["value"], total),
        }
        if top is not None:
            summary += _("按件数列出前%(top)s个。") % {"top": top}
    return ChartPanel(
        key=key,
        title=title,
        summary=summary,
        categories=[r["name"] for r in rows],
        series=[Series(name=_("接待件数"), data=[r["value"] for r in rows], unit=_("件"))],
        urls=[r["url"] for r in rows],
        link_label=_("查看%(name)s的案件"),
        category_header=header,
        shape=shape,
    )


def _line_name(series: dict) -> str:
    """A rate's name; one with nothing counted in any month says so, so that its legend entry
    does not promise a line the chart cannot draw."""
    if any(v is not None for v in series["data"]):
        return series["name"]
    return _("%(name)s（无可计数）") % {"name": series["name"]}


def trend_panel(trend: dict) -> ChartPanel:
    """The last twelve months: cases received (bars) and each rate (lines, %)."""
    months = trend["months"]
    series = [Series(name=_("接待量"), data=trend["received"], unit=_("件"))] + [
        Series(name=_line_name(s), data=s["data"], kind="line", axis=1, unit="%")
        for s in trend["series"]
    ]
    if months:
        last = months[-1]
        parts = [f"{s.name}{'—' if s.data[-1] is None else f'{s.data[-1]}%'}" for s in series[1:]]
        summary = _("近%(n)s个月共接待%(total)s件；%(month)s：%(rates)s（—为无可计数的案件）。") % {
            "n": len(months),
            "total": sum(v or 0 for v in trend["received"]),
            "month": last,
            "rates": _("，").join(parts),
        }
    else:
        summary = _("暂无数据。")
    return ChartPanel(
        key="trend",
        title=_("各项比率月度趋势（近12个月，%）"),
        summary=summary,
        categories=months,
        series=series,
        urls=trend["urls"],
        link_label=_("查看%(name)s办结的案件"),
        category_header=_("月份"),
        shape="trend",
        wide=True,
    )


def arrival_panel(arrival: dict | None, url: str) -> ChartPanel:
    """110 arrival times in 5-minute bands, per kind of unit."""
    if not arrival:
        return ChartPanel(
            key="arrival",
            title=_("110联动到场用时分布"),
            summary=_("统计期内没有到场记录。"),
            categories=[],
            series=[],
        )
    bands = list(arrival["bands"])
    parts = []
    for s in arrival["series"]:
        n = sum(s["data"])
        peak = max(range(len(s["data"])), key=lambda i: s["data"][i]) if n else None
        parts.append(
            _("%(name)s到场%(n)s次，最多在%(band)s分钟")
            % {"name": s["name"], "n": n, "band": bands[peak]}
            if peak is not None
            else _("%(name)s无到场") % {"name": s["name"]}
        )
    return ChartPanel(
        key="arrival",
        title=_("110联动到场用时分布"),
        summary=_("；").join(parts) + _("。"),
        categories=bands,
        series=[Series(name=s["name"], data=s["data"], unit=_("次")) for s in arrival["series"]],
        urls=[url] * len(bands),
        link_label=_("查看本期110联动案件（%(name)s）"),
        category_header=_("到场用时（分钟）"),
        shape="hbars",
    )


STATE_LABELS = {
    ClockState.ON_TIME: ClockState.ON_TIME.label,
    ClockState.DUE_SOON: ClockState.DUE_SOON.label,
    ClockState.OVERDUE: ClockState.OVERDUE.label,
}


def clock_panel(board: list[dict], url_for, *, limit: int | None = None) -> ChartPanel:
    """Every running clock now, per kind, stacked by state (the wall's at-a-glance board);
    `url_for(kind, state)` gives the cases behind one segment; `limit` keeps the most pressing
    kinds (the summary still counts them all)."""
    totals = {state: sum(r[state] for r in board) for state in STATE_LABELS}
    summary = _(
        "运行中的时限共%(total)s个：正常%(on_time)s个，即将到期%(soon)s个，已超期%(late)s个。"
    ) % {
        "total": sum(totals.values()),
        "on_time": totals[ClockState.ON_TIME],
        "soon": totals[ClockState.DUE_SOON],
        "late": totals[ClockState.OVERDUE],
    }
    if limit is not None and len(board) > limit:
        summary += _("图中为超期最多的%(n)s类。") % {"n": limit}
        board = board[:limit]
    return ChartPanel(
        key="clocks",
        title=_("各类时限当前状态"),
        summary=summary,
        categories=[r["label"] for r in board],
        series=[
            Series(name=str(label), data=[r[state] for r in board], unit=_("个"))
            for state, label in STATE_LABELS.items()
        ],
        cell_urls=[[url_for(r["kind"], state) for state in STATE_LABELS] for r in board],
        link_label=_("%(name)s：%(series)s%(value)s个"),
        category_header=_("时限"),
        shape="stacked",
        wide=True,
    )
