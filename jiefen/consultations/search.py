"""Finding answers by keyword, for Chinese as people type it.

A clerk types "公司不给加班费" or "加班费", a worker "被辞退有没有补偿". Chinese has no spaces,
so a whole sentence rarely appears in any answer; instead each query is cut into its words (on
spaces and punctuation) and each word into overlapping pairs of characters, and an answer scores
by the pairs it shares, those in its question and keywords counting double. The library holds
hundreds of entries, not millions: scoring them in Python is cheap and needs no search engine."""

from __future__ import annotations

import re

# Pairs that say nothing about the topic: question words and fillers.
STOP = frozenset(
    [
        "怎么", "么办", "什么", "可以", "是否", "如何", "多少", "哪些", "为什", "有没", "怎样",
        "我的", "我们", "他们", "一个", "这个", "那个", "请问", "需要", "单位", "公司",
    ]
)  # fmt: skip
SPLIT = re.compile(r"[\s,，。.!！?？;；:：、/()（）\"'“”‘’]+")


def terms(text: str) -> set[str]:
    """The character pairs of each word in `text` (a one-character word counts as itself)."""
    found: set[str] = set()
    for word in SPLIT.split(text.lower()):
        if not word:
            continue
        if len(word) == 1 or word.isascii():
            found.add(word)
            continue
        found.update(word[i : i + 2] for i in range(len(word) - 1))
    return {t for t in found if t not in STOP}


def score(query_terms: set[str], *, title: str, body: str) -> int:
    """Pairs found in the title count 2, in the body 1."""
    return sum(2 if t in title else 1 if t in body else 0 for t in query_terms)
