"""Reads of the answer library: search, the public list, and the most-asked topics."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiefen.cases.choices import Category
from jiefen.cases.selectors import case_list_for_user
from jiefen.consultations.models import Answer, AnswerUse
from jiefen.consultations.search import score, terms

RESULTS = 10


def answers_in_force(*, day: dt.date | None = None) -> QuerySet[Answer]:
    """Answers that may be given: active, and already in force."""
    day = day or timezone.localdate()
    return Answer.objects.filter(active=True, effective_from__lte=day)


def answer_search(
    *, query: str = "", category: str = "", limit: int = RESULTS, day: dt.date | None = None
) -> list[Answer]:
    """The answers that best match `query` (see `search.py`), best first; without a query, the
    category's answers in order."""
    qs = answers_in_force(day=day).select_related("reviewer")
    if category in Category.values:
        qs = qs.filter(category=category)
    wanted = terms(query[:100])
    if not wanted:
        return list(qs[: max(limit, 0)]) if limit else list(qs)
    scored = []
    for answer in qs:
        title = f"{answer.question} {answer.keywords}".lower()
        points = score(wanted, title=title, body=answer.search_text)
        if points:
            scored.append((points, answer.code, answer))
    scored.sort(key=lambda row: (-row[0], row[1]))
    return [answer for _p, _c, answer in scored[:limit]]


def answer_get_public(*, code: str) -> Answer:
    return get_object_or_404(answers_in_force().select_related("reviewer"), code=code)


def answer_get(*, pk: int) -> Answer:
    return get_object_or_404(Answer.objects.select_related("reviewer"), pk=pk)


def answer_uses_for_case(*, case) -> QuerySet[AnswerUse]:
    return AnswerUse.objects.filter(case=case).select_related("answer", "actor")


def topics_most_asked(
    *, user, start: dt.datetime, end: dt.datetime, street: str = "", limit: int = 5
) -> dict:
    """The library's answers given most within [start, end) on cases the person may see, and
    the same by category, for the dashboard."""
    cases = case_list_for_user(user=user)
    if street:
        cases = cases.filter(village__street__code=street)
    uses = AnswerUse.objects.filter(at__gte=start, at__lt=end, case__in=cases)
    top = list(
        uses.values("answer__code", "answer__question", "answer__category")
        .annotate(n=Count("id"))
        .order_by("-n", "answer__code")[:limit]
    )
    by_category = list(
        uses.values("answer__category").annotate(n=Count("id")).order_by("-n", "answer__category")
    )
    labels = dict(Category.choices)
    return {
        "total": sum(row["n"] for row in by_category),
        "answers": [
            {
                "code": row["answer__code"],
                "question": row["answer__question"],
                "category": labels.get(row["answer__category"], ""),
                "count": row["n"],
            }
            for row in top
        ],
        "categories": [
            {"label": labels.get(row["answer__category"], ""), "count": row["n"]}
            for row in by_category
        ],
    }
