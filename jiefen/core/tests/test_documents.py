import datetime as dt
import io

from docx import Document

from jiefen.core.documents import OfficialDocument, document_docx


def test_a_generated_document_holds_its_title_case_number_parties_and_body():
    doc = OfficialDocument(
        issuing_body="杭州市西湖区劳动人事争议调解委员会",
        title="调解协议书",
        case_number="XH2026-00042",
        parties=["申请人：张三", "被申请人：杭州某某有限公司"],
        body=["双方自愿达成如下协议：", "一、被申请人于2026年10月8日前支付工资12000元。"],
        date=dt.date(2026, 10, 1),
    )

    text = "\n".join(p.text for p in Document(io.BytesIO(document_docx(doc))).paragraphs)

    assert "调解协议书" in text
    assert "XH2026-00042" in text
    assert "申请人：张三" in text and "被申请人：杭州某某有限公司" in text
    assert "支付工资12000元" in text
    assert "2026年10月1日" in text
    assert "{{" not in text and "{%" not in text
