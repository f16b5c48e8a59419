"""The answer library's parts of other pages: the case page (answer a consultation) and the
dashboard (the most-asked topics)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from jiefen.cases.panels import case_has_rows
from jiefen.cases.transitions import CASE_LIFECYCLE
from jiefen.consultations import policies as P
from jiefen.consultations.models import AnswerUse
from jiefen.consultations.selectors import answer_search, answer_uses_for_case, topics_most_asked


def case_rows() -> dict[str, Exists]:
    """The tables the panel reads, for the case page's one probe (`jiefen.cases.panels`)."""
    return {"consultations_uses": Exists(AnswerUse.objects.filter(case=OuterRef("pk")))}


def case_panel(*, request, case) -> str:
    """On a registered consultation: the way to answer it from the library, with suggestions;
    on an answered one: what was sent."""
    uses = (
        list(answer_uses_for_case(case=case)) if case_has_rows(case, "consultations_uses") else []
    )
    can_answer = CASE_LIFECYCLE.allows_from("answer", case.status) and P.ANSWER.allows(
        request.user, case
    )
    if not uses and not can_answer:
        return ""
    suggestions = (
        answer_search(query=case.summary, category=case.category, limit=3) if can_answer else []
    )
    return render_to_string(
        "consultations/_case_panel.html",
        {"case": case, "uses": uses, "can_answer": can_answer, "suggestions": suggestions},
        request=request,
    )


def dashboard_panel(*, request, start, end, street: str = "") -> str:
    """The most-asked topics of the period (answers given from the library)."""
    if not P.LIBRARY.holds(request.user):
        return ""
    topics = topics_most_asked(user=request.user, start=start, end=end, street=street)
    return render_to_string(
        "consultations/_dashboard_panel.html", {"topics": topics}, request=request
    )
