"""Read a page as an English reader does and find the Chinese the system wrote on it.

What a page may show in Chinese on an English page: names, places and what people typed. The page
marks them `lang="zh"` (jiefen.core.messages.foreign), or they come from the data itself (the demo
district's people, streets, villages, employers, summaries), which the reader is given as a set of
known words. Everything else in Chinese (a label, a heading, punctuation inside English) is system
text that the catalogue failed to translate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Ideographs and the CJK punctuation and full-width forms ("：", "、", "（").
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _Texts(HTMLParser):
    """The text nodes and read attributes of a page, outside `lang="zh"` parts and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        # A part marked Chinese (a name, free text), or a whole official document that is issued
        # in Chinese by law (an award, a notice: GB/T 9704), is not system text of an English page.
        skipped = tag in SKIPPED_TAGS or lang.startswith("zh")
        if not self.skipping and not skipped:
            self.texts += [values[a] for a in READ_ATTRIBUTES if values.get(a)]
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser.texts


@dataclass
class Known:
    """The words the data holds: each Chinese run of every stored name, place and free text."""

    runs: set[str] = field(default_factory=set)
    # Whole values with Chinese in them, for a page text that is one value as stored ("西人社监
    # 责〔2025〕1号": its brackets are data too).
    values: set[str] = field(default_factory=set)

    def add(self, values: Iterable[str]) -> None:
        for value in values:
            if value:
                found = CJK_RUN.findall(str(value))
                self.runs.update(found)
                if found:
                    self.values.add(str(value).strip())

    def covers(self, run: str, *, truncated: bool = False) -> bool:
        """Whether `run` is data: one known run, several side by side, or the start of one cut
        short ("…")."""
        if run in self.runs:
            return True
        if truncated and any(r.startswith(run) for r in self.runs):
            return True
        # Known runs side by side ("转塘街道" + "珊瑚沙社区"): split into known runs.
        reach = [True] + [False] * len(run)
        for end in range(1, len(run) + 1):
            reach[end] = any(
                reach[start] and run[start:end] in self.runs
                for start in range(max(0, end - 40), end)
            )
        return reach[-1]


def system_chinese(html: str, known: Known) -> list[str]:
    """The Chinese on an English page that is neither marked as Chinese nor data."""
    found = []
    for text in page_texts(html):
        if text.strip() in known.values:
            continue
        for m in CJK_RUN.finditer(text):
            run = m.group(0)
            if not IDEOGRAPH.search(run) and run.strip("\u3000") == "":
                continue  # an ideographic space
            truncated = text[m.end() : m.end() + 1] in ("…", ".")
            if IDEOGRAPH.search(run) and known.covers(run, truncated=truncated):
                continue
            found.append(f"{run!s} in {text.strip()[:80]!r}")
    return found
