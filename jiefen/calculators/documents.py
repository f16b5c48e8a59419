"""The calculation as a document: the same page prints and downloads as Word (the centre's
official layout, `jiefen.core.documents`)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from jiefen.calculators.words import result_words
from jiefen.core.documents import OfficialDocument
from jiefen.core.messages import SOURCE_LANGUAGE
from jiefen.geo.selectors import home_district

NUMERALS = "一二三四五六七八九十"


def _numeral(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


def calculation_document(
    *, result: dict, case=None, made_by: str = "", day: dt.date
) -> OfficialDocument:
    """`result` is a result as `Result.as_json()` writes it (saved or just computed); headed by
    the centre of the case's district (of the installation's district without a case)."""
    district = case.village.street.district if case is not None else home_district()
    centre = district.centre_title if district else ""
    # Issued in Chinese, as every official document is (its messages read in Chinese).
    with translation.override(SOURCE_LANGUAGE):
        result = result_words(result, html=False)
    body = []
    if case is not None:
        body.append(f"案件{case.number}：{case.summary[:80]}")
    for i, line in enumerate(result["lines"]):
        amount = f"{float(line['amount']):,.2f}元" if line["amount"] is not None else "未计算"
        text = f"{_numeral(i)}、{line['label']}：{amount}。计算：{line['formula']}。依据：{line['basis']}。"
        if line["notes"]:
            text += "说明：" + "；".join(line["notes"]) + "。"
        if line["unconfirmed"]:
            text += "注意：" + "；".join(line["unconfirmed"]) + "。"
        body.append(text)
    body.append(f"以上合计：{float(result['total']):,.2f}元。")
    for warning in result["warnings"]:
        body.append(f"时效提示：{warning}")
    if result["figures"]:
        body.append(
            "所用参数："
            + "；".join(
                f"{f['label']}{str(f['grade']) + '级' if f['grade'] else ''}"
                f"{f['value']}（{f['effective_from'] or ''}起，{'已核实' if f['confirmed'] else '未核实'}；来源：{f['source']}）"
                for f in result["figures"]
            )
        )
    body.append(
        "本测算仅供调解、仲裁参考，不代表仲裁或判决结果；实际金额以双方提供的证据和生效文书为准。"
    )
    return OfficialDocument(
        issuing_body=centre,
        title="劳动争议应得金额测算表",
        case_number=case.number if case is not None else "",
        body=body,
        signature=f"{centre}{'（测算人：' + made_by + '）' if made_by else ''}",
        date=day,
        filename=f"应得金额测算-{case.number}" if case is not None else "应得金额测算",
    )
