"""The rectification order (劳动保障监察责令改正决定书) as an official document."""

from __future__ import annotations

from jiefen.core.documents import OfficialDocument
from jiefen.inspection.models import RectificationOrder


def rectification_order_document(*, order: RectificationOrder) -> OfficialDocument:
    inspection = order.inspection
    case = inspection.case
    employer = case.employer
    district = case.village.street.district
    parties = [f"用人单位：{employer.name}" if employer else "用人单位：（未登记）"]
    if employer is not None:
        if employer.identifier:
            parties.append(f"统一社会信用代码：{employer.identifier}")
        if employer.legal_representative:
            parties.append(f"法定代表人（主要负责人）：{employer.legal_representative}")
        if employer.address:
            parties.append(f"地址：{employer.address}")
    body = [
        f"经查，你单位存在下列违反劳动保障法律、法规或者规章的行为：{order.items}",
    ]
    if order.amount_owed:
        body.append(f"应支付劳动者工资报酬共计人民币{order.amount_owed}元。")
    body += [
        f"依据{order.legal_basis or '《劳动保障监察条例》'}的规定，现责令你单位于"
        f"{order.deadline.year}年{order.deadline.month}月{order.deadline.day}日前改正上述违法行为，"
        "并将改正情况书面报送本机关。",
        "逾期不支付劳动者工资报酬的，本机关将依据《中华人民共和国劳动合同法》第八十五条的规定，"
        "责令你单位按应付金额百分之五十以上百分之一百以下的标准向劳动者加付赔偿金；"
        "逾期不改正的，将依法作出行政处罚。",
        f"如不服本决定，可在收到本决定书之日起六十日内向{district.government_title}申请行政复议，"
        "或者在六个月内向人民法院提起行政诉讼。",
    ]
    return OfficialDocument(
        issuing_body=district.labour_bureau_title,
        title="劳动保障监察责令改正决定书",
        case_number=case.number,
        doc_number=order.doc_number,
        parties=parties,
        body=body,
        date=order.issued_on,
        filename=f"责令改正决定书-{case.number}",
    )
