"""Official documents (notices, agreements, awards, orders) as Word files and printable pages.

Every document is an `OfficialDocument`: the same fields fill the docx template
(`official.docx`, built by scripts/build_document_template.py in the GB/T 9704 layout) and the
printable HTML page (`core/official_document.html`), so the two never disagree."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from docxtpl import DocxTemplate

TEMPLATE = Path(__file__).resolve().parent / "official.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(day: dt.date) -> str:
    """GB/T 9704 dates use Arabic numerals since 2012: 2026年10月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class OfficialDocument:
    issuing_body: str
    title: str
    case_number: str
    doc_number: str = ""
    parties: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    signature: str = ""
    date: dt.date | None = None
    copy_to: str = ""
    filename: str = "document"
    # Official documents are issued in Chinese; a receipt follows the party's chosen language.
    language: str = "zh-hans"

    def context(self) -> dict:
        return {
            "issuing_body": self.issuing_body,
            "title": self.title,
            "case_number": self.case_number,
            "doc_number": self.doc_number,
            "parties": self.parties,
            "body": self.body,
            "signature": self.signature or self.issuing_body,
            "date": self._date(),
            "copy_to": self.copy_to,
            "language": self.language,
        }

    def _date(self) -> str:
        if not self.date:
            return ""
        if self.language.startswith("zh"):
            return chinese_date(self.date)
        from django.utils import formats, translation

        with translation.override(self.language):
            return formats.date_format(self.date, "DATE_FORMAT")


def document_docx(document: OfficialDocument) -> bytes:
    template = DocxTemplate(str(TEMPLATE))
    template.render(document.context(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def document_docx_response(document: OfficialDocument) -> HttpResponse:
    response = HttpResponse(document_docx(document), content_type=DOCX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, f"{document.filename}.docx")
    return response


def document_print_response(request: HttpRequest, document: OfficialDocument) -> HttpResponse:
    return render(request, "core/official_document.html", {"doc": document.context()})
