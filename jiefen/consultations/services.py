"""Loading the answer library, answering a consultation from it, and reviewing an answer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiefen.cases.choices import Category
from jiefen.cases.models import Case
from jiefen.cases.selectors import party_language
from jiefen.cases.services import case_act
from jiefen.consultations import policies as P
from jiefen.consultations.models import Answer, AnswerUse
from jiefen.core.policy import guarded, internal, system
from jiefen.core.senders import send_message

LIBRARY_FILE = Path(__file__).resolve().parent / "data" / "answers.json"
REQUIRED = ("code", "category", "question", "answer", "basis", "effective_from")
# An SMS past this length is cut, with a pointer to the case page's full text.
SMS_LIMIT = 500


@internal
def search_text_for(answer: Answer) -> str:
    """What the keyword search reads, kept beside the answer."""
    return " ".join([answer.question, answer.keywords, answer.answer, answer.basis]).lower()


@system
@transaction.atomic
def answers_load(*, data: dict) -> int:
    """Add the library's entries that are not there yet (by code); an entry already present is
    left as the administrators keep it. Returns how many were added; a malformed entry refuses
    the whole file, naming the entry and the field."""
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ValueError("answers file: 'entries' must be a list")
    default_due = dt.date.fromisoformat(data.get("review_due") or "2027-06-30")
    rows = []
    for index, entry in enumerate(entries, start=1):
        where = f"entry {index} ({entry.get('code', '?')})"
        missing = [f for f in REQUIRED if not str(entry.get(f, "")).strip()]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if entry["category"] not in Category.values:
            raise ValueError(f"{where}: unknown category {entry['category']!r}")
        try:
            effective = dt.date.fromisoformat(entry["effective_from"])
            due = (
                dt.date.fromisoformat(entry["review_due"])
                if entry.get("review_due")
                else default_due
            )
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from e
        answer = Answer(
            code=entry["code"][:40],
            category=entry["category"],
            question=entry["question"][:200],
            answer=entry["answer"],
            basis=entry["basis"],
            keywords=entry.get("keywords", "")[:200],
            effective_from=effective,
            review_due=due,
        )
        answer.search_text = search_text_for(answer)
        rows.append(answer)
    codes = [r.code for r in rows]
    if len(set(codes)) != len(codes):
        raise ValueError("answers file: a code appears twice")
    present = set(Answer.objects.filter(code__in=codes).values_list("code", flat=True))
    new = [r for r in rows if r.code not in present]
    Answer.objects.bulk_create(new)
    return len(new)


@system
def answers_load_default() -> int:
    """The first answers the project ships (`data/answers.json`)."""
    return answers_load(data=json.loads(LIBRARY_FILE.read_text(encoding="utf-8")))


@internal
def answer_text(answer: Answer) -> str:
    """The text an answer leaves on the case's timeline."""
    return f"【{answer.question}】{answer.answer}\n依据：{answer.basis}"


@guarded(P.ANSWER, on="case")
@transaction.atomic
def answer_send(
    *, case: Case, answer: Answer, actor, text: str = "", sms: bool = True
) -> AnswerUse:
    """Answer a registered consultation with a library answer: the case moves to 答复 with the
    text as its note (the timeline keeps it), and the enquirer gets it by SMS when asked and a
    phone is on file."""
    if not answer.active:
        raise ValidationError({"answer": [_("该答复已停用，请选择其他答复")]})
    body = (text or "").strip() or answer_text(answer)
    if len(body) > 4000:
        raise ValidationError({"text": [_("答复内容过长（最多4000字）")]})
    claimant = case.claimants.select_related("worker").first() if sms else None
    # The phone given on this case, never the person's record (a claim must not text them).
    texted = claimant if claimant and claimant.phone_cipher else None
    masked = texted.phone_masked if texted else ""
    note = body + (
        _("\n（答复库%(code)s；已短信发送至%(phone)s）") % {"code": answer.code, "phone": masked}
        if texted
        else _("\n（答复库%(code)s）") % {"code": answer.code}
    )
    case_act(case=case, action="answer", actor=actor, note=note)
    phone = ""
    if texted:
        from jiefen.cases.services import claimant_contact

        phone = claimant_contact(claimant=texted, actor=actor, reason=_("短信发送咨询答复"))
    use = AnswerUse.objects.create(
        answer=answer, case=case, actor=actor, at=timezone.now(), sms_to=masked
    )
    if phone:
        # The frame in the enquirer's language; the answer as the library words it.
        with translation.override(party_language(case)):
            subject = _("咨询答复")
            message = _("【解纷】您好，关于您咨询的问题，答复如下：%(answer)s") % {"answer": body}
            more = _("……（全文请凭案件编号%(number)s查询）") % {"number": case.number}
        if len(message) > SMS_LIMIT:
            message = message[: SMS_LIMIT - len(more)] + more
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject=subject, body=message)
        )
    return use


@guarded(P.REVIEW)
@transaction.atomic
def answer_review(*, answer: Answer, actor, review_due: dt.date) -> Answer:
    """Record that `actor` checked the answer against the law in force, and when to look again."""
    today = timezone.localdate()
    if review_due <= today:
        raise ValidationError({"review_due": [_("下次复核日期须晚于今天")]})
    moved = Answer.objects.filter(pk=answer.pk).update(
        reviewer=actor, reviewed_on=today, review_due=review_due
    )
    if moved != 1:
        raise ValidationError({"answer": [_("该答复不存在")]})
    answer.reviewer, answer.reviewed_on, answer.review_due = actor, today, review_due
    return answer
