"""The one-year limitation of 《劳动争议调解仲裁法》第二十七条, as a warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext_noop as N_

from jiefen.calculators.choices import Item
from jiefen.calculators.compute.base import Inputs, Line
from jiefen.calculators.compute.said import Said, said


def limitation(
    inputs: Inputs, lines: list[Line], *, as_of: dt.date, roll: Callable[[dt.date], dt.date]
) -> list[Said]:
    """《劳动争议调解仲裁法》第二十七条: one year from the day the worker knew or should have
    known; wages during employment are not time-barred while it lasts (第四款). A warning only:
    limitation may have been interrupted or suspended, which the calculator cannot know."""
    claims = [x for x in lines if x.claim and x.amount]
    if not claims:
        return []
    wage_items = {Item.UNPAID_WAGES, Item.OVERTIME}
    start = inputs.knew_on or inputs.end_date
    if inputs.end_date is None:
        others = [x for x in claims if x.key not in wage_items]
        warnings = []
        if any(x.key in wage_items for x in claims):
            warnings.append(
                said(
                    N_(
                        "劳动关系存续期间拖欠劳动报酬的，不受一年仲裁时效限制；"
                        "劳动关系终止的，应自终止之日起一年内申请仲裁"
                        "（《劳动争议调解仲裁法》第二十七条第四款）。"
                    )
                )
            )
        if others and start is None:
            warnings.append(
                said(
                    N_(
                        "其他请求的仲裁时效为一年，自知道或者应当知道权利被侵害之日起计算"
                        "（第二十七条第一款）。"
                    )
                )
            )
        claims = others
        if start is None or not claims:
            return warnings
    else:
        warnings = []
    assert start
    try:
        last = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        last = dt.date(start.year + 1, 3, 1)
    last = roll(last)
    if as_of > last:
        warnings.append(
            said(
                N_(
                    "按%(as_of)s提出计算，%(items)s可能已超过一年仲裁时效"
                    "（自%(start)s起算，末日%(last)s）。时效因一方向对方主张权利、向有关部门请求"
                    "救济或对方同意履行而中断（第二十七条第二款），请核实；本计算仍列出各项金额。"
                ),
                as_of=as_of,
                items=[Item(x.key) for x in claims],
                start=start,
                last=last,
            )
        )
    return warnings
