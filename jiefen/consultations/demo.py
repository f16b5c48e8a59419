"""Demo: the answer library, reviewed in part, and a season of phone and walk-in consultations
answered from it (a few still waiting at the window for the clerk to answer)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiefen.accounts.demo import demo_name
from jiefen.accounts.models import User
from jiefen.cases.choices import Channel
from jiefen.cases.services import ClaimantInput, case_act, case_create
from jiefen.consultations.models import Answer, AnswerUse
from jiefen.consultations.services import answer_send, answers_load_default
from jiefen.core.demo import demo_time
from jiefen.geo.models import Village

# After the reports demo has taken the year's cases their way: these are new consultations.
ORDER = 95
ANSWERED = 60
WAITING = 3
# The topics people ask most, weighted as a window sees them (wages and dismissal first).
WEIGHTS = {
    "wage_arrears": 6,
    "severance": 5,
    "labor_contract": 4,
    "working_hours": 3,
    "work_injury": 3,
    "social_insurance": 2,
    "other": 2,
}
OPENINGS = ["来电咨询：", "来访咨询：", "窗口咨询："]


def _reviewed(*, rng) -> None:
    reviewer = User.objects.get(username="arbitrator")
    today = timezone.localdate()
    for answer in Answer.objects.filter(reviewer__isnull=True).order_by("code"):
        if rng.random() < 0.7:
            answer.reviewer = reviewer
            answer.reviewed_on = today - dt.timedelta(days=rng.randrange(10, 120))
            answer.save(update_fields=["reviewer", "reviewed_on"])


def _consultation(answer: Answer, *, rng, villages, clerk, at):
    with demo_time(at):
        case = case_create(
            actor=clerk,
            channel=Channel.PHONE if rng.random() < 0.6 else Channel.WALK_IN,
            category=answer.category,
            summary=rng.choice(OPENINGS) + answer.question,
            village=rng.choice(villages),
            received_at=at,
            claimants=[
                ClaimantInput(
                    name=demo_name(rng), phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
                )
            ],
        )
        return case_act(case=case, action="register", actor=clerk)


def seed(*, out, rng) -> None:
    answers_load_default()
    if AnswerUse.objects.exists():
        return
    _reviewed(rng=rng)
    clerk = User.objects.get(username="clerk")
    villages = list(Village.objects.all())
    answers = list(Answer.objects.all())
    weights = [WEIGHTS.get(a.category, 1) for a in answers]
    now = timezone.now()
    for _ in range(ANSWERED):
        answer = rng.choices(answers, weights=weights)[0]
        at = timezone.localtime(now - dt.timedelta(days=rng.uniform(0.5, 120)))
        at = at.replace(hour=rng.randrange(8, 17), minute=rng.randrange(60))  # office hours
        at = min(at, now - dt.timedelta(hours=1))
        case = _consultation(answer, rng=rng, villages=villages, clerk=clerk, at=at)
        with demo_time(at + dt.timedelta(minutes=rng.randrange(3, 25))):
            answer_send(case=case, answer=answer, actor=clerk, sms=rng.random() < 0.8)
    for answer in rng.sample(answers, WAITING):
        _consultation(
            answer,
            rng=rng,
            villages=villages,
            clerk=clerk,
            at=now - dt.timedelta(hours=rng.randrange(1, 6)),
        )
    out.write(f"demo consultations: {ANSWERED} answered from the library, {WAITING} waiting")
