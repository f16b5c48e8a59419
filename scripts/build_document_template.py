"""Build jiefen/core/documents/official.docx, the docxtpl template of every official document.

Layout after GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm; the issuing body in red
小标宋 at the top; the document number under it; the title in 2号小标宋, centred; the body in 3号仿宋
(16 pt) with 2-character indents; the issuing body and date at the lower right, where the seal goes.
Run: .venv/bin/python scripts/build_document_template.py
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "jiefen" / "core" / "documents" / "official.docx"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"


def set_font(
    run, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def paragraph(
    doc,
    text: str,
    *,
    font=BODY_FONT,
    size=16.0,
    align=None,
    bold=False,
    color=None,
    indent=False,
    space_after=0,
):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = Pt(28)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    set_font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    red = RGBColor(0xC0, 0x00, 0x00)
    paragraph(
        doc,
        "{{ issuing_body }}",
        font=TITLE_FONT,
        size=26,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        color=red,
    )
    paragraph(doc, "{{ doc_number }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    paragraph(
        doc,
        "{{ title }}",
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=12,
    )
    paragraph(doc, "案件编号：{{ case_number }}", indent=False)
    paragraph(doc, "{%p for line in parties %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p for para in body %}")
    paragraph(doc, "{{ para }}", indent=True)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "")
    paragraph(doc, "{{ signature }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, "{%p if copy_to %}")
    paragraph(doc, "抄送：{{ copy_to }}", size=14)
    paragraph(doc, "{%p endif %}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
