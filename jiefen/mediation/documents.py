"""The mediation agreement (调解协议书), from the case: its number, its parties, the agreement."""

from __future__ import annotations

from jiefen.cases.documents import case_parties
from jiefen.core.documents import OfficialDocument
from jiefen.mediation.choices import MediatorLevel
from jiefen.mediation.models import Agreement


def mediation_body_name(mediation) -> str:
    case = mediation.case
    if mediation.level == MediatorLevel.VILLAGE:
        return f"{case.village.name}人民调解委员会"
    if mediation.level == MediatorLevel.STREET:
        return f"{case.village.street.name}劳动争议调解委员会"
    return case.village.street.district.mediation_committee_title


def agreement_document(agreement: Agreement) -> OfficialDocument:
    mediation = agreement.mediation
    case = mediation.case
    items = list(agreement.items.all())
    body = [
        f"纠纷简要事实：{case.summary}",
        f"经{mediation_body_name(mediation)}主持调解，双方当事人自愿达成如下协议：",
        agreement.terms,
    ]
    for n, item in enumerate(items, start=1):
        body.append(
            f"{n}. {item.item}：人民币{item.amount}元，于{item.due_on:%Y年%m月%d日}前履行。"
        )
    body += [
        "本协议自双方当事人签名或者盖章、调解员签名并加盖调解组织印章之日起生效，"
        "对双方当事人具有约束力，当事人应当履行（《劳动争议调解仲裁法》第十四条）。",
        "一方当事人在协议约定期限内不履行的，另一方当事人可以依法申请仲裁；"
        "双方当事人可以自协议生效之日起十五日内共同申请仲裁审查确认，"
        "或者三十日内共同向人民法院申请司法确认。",
        f"调解员：{mediation.mediator.display_name}",
        "申请人（签名）：                被申请人（盖章）：",
    ]
    return OfficialDocument(
        issuing_body=mediation_body_name(mediation),
        title="调解协议书",
        case_number=case.number,
        doc_number=f"调协字〔{agreement.signed_on.year}〕{agreement.pk}号",
        parties=case_parties(case),
        body=body,
        date=agreement.signed_on,
        filename=f"调解协议书-{case.number}",
    )
