"""Rights mailboxes: each employer's mailbox, the letters to it and what staff do with them."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.cases.choices import Category, Channel, EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_event_add, case_intake
from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal
from jiefen.core.senders import send_message
from jiefen.parties.models import Employer
from jiefen.parties.validators import mask_phone, validate_phone
from jiefen.portal import policies as P
from jiefen.portal.models import Letter, Mailbox
from jiefen.portal.services.limits import RateLimited, limit_of, rate_take
from jiefen.portal.transitions import LETTER_LIFECYCLE


@internal
def mailbox_ensure(*, employer: Employer) -> Mailbox:
    """The employer's mailbox, created with a fresh unguessable token if it has none."""
    mailbox = Mailbox.objects.filter(employer=employer).first()
    if mailbox is not None:
        return mailbox
    try:
        with transaction.atomic():
            return Mailbox.objects.create(employer=employer, token=secrets.token_urlsafe(24))
    except IntegrityError:
        return Mailbox.objects.get(employer=employer)


@guarded(P.MAILBOXES)
def mailboxes_ensure_all(*, actor) -> int:
    """Give every employer on file its mailbox; the number created."""
    missing = Employer.objects.filter(mailbox__isnull=True)
    created = 0
    for employer in missing.iterator():
        mailbox_ensure(employer=employer)
        created += 1
    return created


@guarded(P.PUBLIC)
@transaction.atomic
def letter_submit(
    *,
    mailbox: Mailbox,
    anonymous: bool,
    name: str,
    phone: str,
    category: str,
    body: str,
    client_ip: str | None,
    received_at: dt.datetime | None = None,
    language: str = "",
) -> Letter:
    """A letter to the employer's mailbox, named or anonymous, in the writer's language (the
    portal's, by default)."""
    errors: dict[str, list[str]] = {}
    if not mailbox.active:
        raise ConflictError(_("该信箱已停用。"))
    if category not in Category.values:
        errors["category"] = [_("请选择反映问题类别")]
    if not body.strip():
        errors["body"] = [_("请填写反映内容")]
    if not anonymous and not name.strip():
        errors["name"] = [_("实名来信请填写姓名，或选择匿名")]
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as e:
            errors["phone"] = e.messages
    if errors:
        raise ValidationError(errors)
    now = received_at or timezone.now()
    if client_ip and not rate_take(
        key=f"letter:ip:{client_ip}", limit=limit_of("letters_per_ip_day"), per="day", now=now
    ):
        raise RateLimited(_("本网络今日来信已达上限，请明天再试。"))
    if anonymous:
        name, phone = "", ""
    return Letter.objects.create(
        mailbox=mailbox,
        anonymous=anonymous,
        name=name.strip(),
        phone_cipher=crypto.encrypt(phone),
        phone_masked=mask_phone(phone) if phone else "",
        category=category,
        body=body.strip(),
        client_ip=client_ip,
        received_at=now,
        language=(language or translation.get_language() or settings.LANGUAGE_CODE)[:8],
    )


def _letter_move(letter: Letter, *, action: str, actor, note: str = "", **fields) -> None:
    LETTER_LIFECYCLE.move(
        letter,
        action=action,
        actor=actor,
        note=note,
        fields={"handled_by": actor, "handled_at": timezone.now(), **fields},
    )
    letter.refresh_from_db()


@guarded(P.LETTERS, on="letter")
@transaction.atomic
def letter_answer(*, letter: Letter, actor, answer: str) -> Letter:
    """Answer a letter; a named writer with a phone gets the answer by SMS."""
    if not answer.strip():
        raise ValidationError({"answer": [_("请填写答复内容")]})
    _letter_move(letter, action="answer", actor=actor, note=answer.strip(), answer=answer.strip())
    if letter.phone_cipher:
        phone = crypto.decrypt(letter.phone_cipher)
        # Written in the writer's language, whoever answers.
        with translation.override(letter.language or settings.LANGUAGE_CODE):
            subject = _("维权信箱答复")
            body = _("您向%(employer)s维权信箱的来信已答复：%(answer)s") % {
                "employer": letter.mailbox.employer.name,
                "answer": answer.strip()[:200],
            }
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject=subject, body=body)
        )
    return letter


@guarded(P.LETTERS, on="letter")
@transaction.atomic
def letter_close(*, letter: Letter, actor, reason: str) -> Letter:
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写关闭理由")]})
    _letter_move(
        letter, action="close", actor=actor, note=reason.strip(), close_reason=reason.strip()
    )
    return letter


@guarded(P.LETTERS, on="letter")
@transaction.atomic
def letter_convert(*, letter: Letter, actor) -> Case:
    """Turn a letter into a case (channel mailbox) at the employer's village."""
    employer = letter.mailbox.employer
    if employer.village_id is None:
        raise ValidationError({"village": [_("该单位未登记所在村社，无法转为案件")]})
    phone = crypto.decrypt(letter.phone_cipher) if letter.phone_cipher else ""
    case = case_intake(
        actor=actor,
        channel=Channel.MAILBOX,
        category=letter.category,
        summary=letter.body,
        village=employer.village,
        received_at=letter.received_at,
        claimants=[ClaimantInput(name=letter.name or "匿名来信人", phone=phone)],
        employer=employer,
    )
    _letter_move(letter, action="convert", actor=actor, case=case)
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(N_("由%(employer)s维权信箱来信转入"), employer=employer.name),
    )
    return case
