"""Writes of the public side: codes, applications, evidence, bookings, mailboxes and letters."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.choices import CaseStatus, Category, Channel, EventKind, Track
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_act, case_event_add, case_intake
from jiefen.cases.triage import triage
from jiefen.core import crypto
from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.core.senders import send_message
from jiefen.geo.models import Village
from jiefen.parties.models import Employer
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import mask_phone, validate_phone
from jiefen.portal.choices import (
    OPEN_APPLICATION_STATUSES,
    ApplicationKind,
    ApplicationStatus,
    CodePurpose,
    LetterStatus,
)
from jiefen.portal.evidence import evidence_check, evidence_remove, evidence_write
from jiefen.portal.models import (
    Application,
    Evidence,
    Letter,
    Mailbox,
    MediationBooking,
    PhoneCode,
    RateBucket,
)

LIMITS = {
    "codes_per_phone_hour": 5,
    "codes_per_ip_hour": 20,
    "applications_per_ip_day": 3,
    "letters_per_ip_day": 5,
}
CODE_TTL = dt.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_DIGITS = 6


class RateLimited(ApplicationError):
    status_code = 429
    code = "rate_limited"


def limit_of(name: str) -> int:
    return int(getattr(settings, "JIEFEN_PORTAL_LIMITS", {}).get(name, LIMITS[name]))


def _window_start(now: dt.datetime, *, per: str) -> dt.datetime:
    local = timezone.localtime(now)
    if per == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def rate_take(*, key: str, limit: int, per: str, now: dt.datetime | None = None) -> bool:
    """Take one unit of `key`'s allowance for this hour or day; False when none is left."""
    start = _window_start(now or timezone.now(), per=per)
    RateBucket.objects.bulk_create(
        [RateBucket(key=key[:100], window_start=start)], ignore_conflicts=True
    )
    taken = RateBucket.objects.filter(key=key[:100], window_start=start, count__lt=limit).update(
        count=F("count") + 1
    )
    return taken == 1


def _code_hash(code: str, salt: str) -> str:
    return (
        salt
        + "$"
        + hmac.new(crypto.lookup_key(), f"otp:{salt}:{code}".encode(), hashlib.sha256).hexdigest()
    )


@transaction.atomic
def code_send(
    *,
    phone: str,
    purpose: str,
    client_ip: str | None,
    case: Case | None = None,
    now: dt.datetime | None = None,
) -> PhoneCode:
    """Send a one-time code to `phone` by SMS, within the limits per phone and per address."""
    phone = validate_phone(phone)
    now = now or timezone.now()
    phone_hash = crypto.lookup_hash(phone)
    if client_ip and not rate_take(
        key=f"code:ip:{client_ip}", limit=limit_of("codes_per_ip_hour"), per="hour", now=now
    ):
        raise RateLimited(_("本网络发送验证码过于频繁，请一小时后再试。"))
    if not rate_take(
        key=f"code:phone:{phone_hash}", limit=limit_of("codes_per_phone_hour"), per="hour", now=now
    ):
        raise RateLimited(_("该手机号获取验证码次数过多，请一小时后再试。"))
    code = "".join(secrets.choice("0123456789") for _i in range(CODE_DIGITS))
    row = PhoneCode.objects.create(
        purpose=purpose,
        phone_hash=phone_hash,
        case=case,
        code_hash=_code_hash(code, secrets.token_hex(8)),
        client_ip=client_ip,
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    body = _("您的验证码为%(code)s，%(min)d分钟内有效。如非本人操作请忽略。") % {
        "code": code,
        "min": int(CODE_TTL.total_seconds() // 60),
    }
    transaction.on_commit(
        lambda: send_message(channel="sms", to=phone, subject=_("解纷验证码"), body=body)
    )
    return row


def code_verify(
    *, phone_hash: str, purpose: str, code: str, case: Case | None = None, now=None
) -> None:
    """Accept the latest live code for this phone (and case); raise ValidationError otherwise.

    Each code can be tried five times and used once; the counters move by compare-and-swap."""
    now = now or timezone.now()
    qs = PhoneCode.objects.filter(
        phone_hash=phone_hash, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    )
    if case is not None:
        qs = qs.filter(case=case)
    row = qs.order_by("-created_at", "-id").first()
    wrong = ValidationError({"code": [_("验证码不正确或已过期，请重新获取。")]})
    if row is None or row.attempts >= CODE_MAX_ATTEMPTS:
        raise wrong
    tried = PhoneCode.objects.filter(pk=row.pk, attempts=row.attempts).update(
        attempts=F("attempts") + 1
    )
    salt, _sep, _digest = row.code_hash.partition("$")
    if tried != 1 or not hmac.compare_digest(_code_hash(code.strip(), salt), row.code_hash):
        raise wrong
    if PhoneCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) != 1:
        raise wrong


def _notify_applicant(application: Application, body: str) -> None:
    phone = crypto.decrypt(application.phone_cipher)
    transaction.on_commit(
        lambda: send_message(channel="sms", to=phone, subject=_("解纷网上申请"), body=body)
    )


KIND_TRACK = {
    ApplicationKind.MEDIATION: Track.MEDIATION,
    ApplicationKind.ARBITRATION: Track.ARBITRATION,
    ApplicationKind.INSPECTION: Track.INSPECTION,
}
KIND_SUMMARY = {
    ApplicationKind.MEDIATION: "申请调解",
    ApplicationKind.ARBITRATION: "申请仲裁",
    ApplicationKind.INSPECTION: "劳动监察投诉",
}


def application_submit(
    *,
    kind: str,
    phone: str,
    client_ip: str | None,
    name: str,
    id_number: str,
    address: str,
    employer_name: str,
    employer_credit_code: str,
    employer_address: str,
    village: Village,
    category: str,
    summary: str,
    claims: list[tuple[str, Decimal | None]],
    files: list,
    now: dt.datetime | None = None,
) -> Application:
    """File an online application: its case (channel online, received), its evidence files."""
    now = now or timezone.now()
    if kind not in ApplicationKind.values:
        raise ValidationError({"kind": [_("请选择申请事项")]})
    checked = evidence_check(files)
    written: list[Path] = []
    try:
        with transaction.atomic():
            if client_ip and not rate_take(
                key=f"apply:ip:{client_ip}",
                limit=limit_of("applications_per_ip_day"),
                per="day",
                now=now,
            ):
                raise RateLimited(_("本网络今日提交的申请已达上限，请明天再试或到窗口办理。"))
            try:
                employer = employer_find_or_create(
                    name=employer_name,
                    credit_code=employer_credit_code,
                    address=employer_address,
                    village=village,
                )
            except ValidationError as e:
                raise ValidationError(
                    {f"employer_{k}": v for k, v in e.message_dict.items()}
                ) from None
            # The typed name and phone are the applicant's claim on this application only:
            # an identity number on file is linked, never rewritten (case_intake).
            case = case_intake(
                actor=None,
                source="portal",
                channel=Channel.ONLINE,
                category=category,
                summary=summary,
                village=village,
                received_at=now,
                claimants=[
                    ClaimantInput(
                        name=name,
                        id_number=id_number,
                        phone=phone,
                        address=address,
                        representative=True,
                    )
                ],
                claims=claims,
                employer=employer,
            )
            application = Application.objects.create(
                case=case,
                kind=kind,
                phone_cipher=crypto.encrypt(phone),
                phone_hash=crypto.lookup_hash(phone),
                phone_masked=mask_phone(phone),
                client_ip=client_ip,
                submitted_at=now,
            )
            _evidence_save(application, checked, written, now=now)
            case_event_add(
                case=case,
                actor=None,
                kind=EventKind.NOTE,
                summary=f"网上申请：{KIND_SUMMARY[kind]}，证据{len(checked)}份",
            )
            _notify_applicant(
                application,
                _("您的网上申请已提交，案件编号%(number)s。可凭编号和手机验证码查询进度。")
                % {"number": case.number},
            )
    except BaseException:
        evidence_remove(written)
        raise
    return application


def _evidence_save(application, checked, written, *, now) -> None:
    for item in checked:
        stored_name, digest, scan = evidence_write(item, written)
        Evidence.objects.create(
            application=application,
            original_name=item.name,
            stored_name=stored_name,
            content_type=item.content_type,
            size=item.size,
            sha256=digest,
            scan_note=scan.note[:200],
            uploaded_at=now,
        )


def application_supplement(
    *, application: Application, reply: str, files: list, now: dt.datetime | None = None
) -> Application:
    """The applicant answers a request for more: text and/or files; back to the queue."""
    now = now or timezone.now()
    if application.status != ApplicationStatus.MORE_INFO:
        raise ConflictError(_("当前无需补充材料。"))
    if not reply.strip() and not files:
        raise ValidationError({"reply": [_("请填写补充说明或上传材料")]})
    checked = evidence_check(files)
    written: list[Path] = []
    try:
        with transaction.atomic():
            moved = Application.objects.filter(
                pk=application.pk, status=ApplicationStatus.MORE_INFO
            ).update(
                status=ApplicationStatus.SUBMITTED,
                applicant_reply=reply.strip(),
                updated_at=now,
            )
            if moved != 1:
                raise ConflictError(_("申请状态已变化，请刷新后重试。"))
            _evidence_save(application, checked, written, now=now)
            case_event_add(
                case=application.case,
                actor=None,
                kind=EventKind.NOTE,
                summary=f"申请人补充材料：证据{len(checked)}份",
                note=reply.strip(),
            )
    except BaseException:
        evidence_remove(written)
        raise
    application.refresh_from_db()
    return application


WITHDRAWABLE_CASE_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.REGISTERED})


@transaction.atomic
def application_withdraw(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws before a decision. The case lifecycle has no withdrawal move, so
    the case stays for staff to close (decline with the withdrawal as reason) from the queue."""
    case = application.case
    if (
        application.status not in OPEN_APPLICATION_STATUSES
        or case.status not in WITHDRAWABLE_CASE_STATUSES
    ):
        raise ConflictError(_("申请已处理，不能撤回；如需撤回请联系承办人员。"))
    now = timezone.now()
    moved = Application.objects.filter(
        pk=application.pk, status__in=OPEN_APPLICATION_STATUSES
    ).update(status=ApplicationStatus.WITHDRAWN, withdrawn_at=now, updated_at=now)
    if moved != 1:
        raise ConflictError(_("申请状态已变化，请刷新后重试。"))
    case_event_add(
        case=case,
        actor=None,
        kind=EventKind.NOTE,
        summary="申请人撤回网上申请",
        note=reason.strip(),
    )
    application.refresh_from_db()
    return application


def _decide(application: Application, *, old_statuses, new_status: str, actor, **fields) -> None:
    now = timezone.now()
    moved = Application.objects.filter(pk=application.pk, status__in=old_statuses).update(
        status=new_status, decided_at=now, decided_by=actor, updated_at=now, **fields
    )
    if moved != 1:
        raise ConflictError(_("该申请已被他人处理，请刷新后查看。"))


@transaction.atomic
def application_accept(*, application: Application, actor) -> Application:
    """Register and accept the application's case (triage and routing follow in case_act)."""
    _decide(
        application,
        old_statuses=[ApplicationStatus.SUBMITTED],
        new_status=ApplicationStatus.ACCEPTED,
        actor=actor,
    )
    case = application.case
    if case.status == CaseStatus.RECEIVED:
        case = case_act(case=case, action="register", actor=actor)
    # What the applicant asked for stays on the case: the track is added to triage's choice.
    wanted = KIND_TRACK[application.kind]
    decided = triage(case).tracks
    extra = {}
    if wanted not in decided:
        extra = {
            "tracks": [*decided, wanted],
            "override_reason": f"申请人网上{KIND_SUMMARY[application.kind]}",
        }
    case_act(case=case, action="accept", actor=actor, **extra)
    _notify_applicant(
        application,
        _("您的申请（%(number)s）已受理，承办人员将与您联系。") % {"number": case.number},
    )
    application.refresh_from_db()
    return application


@transaction.atomic
def application_decline(*, application: Application, actor, reason: str) -> Application:
    """Decline the application's case with the reason the applicant will read."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"note": [_("请填写不予受理理由")]})
    _decide(
        application,
        old_statuses=[*OPEN_APPLICATION_STATUSES, ApplicationStatus.WITHDRAWN],
        new_status=(
            ApplicationStatus.WITHDRAWN
            if application.status == ApplicationStatus.WITHDRAWN
            else ApplicationStatus.DECLINED
        ),
        actor=actor,
        staff_message=reason,
    )
    case = application.case
    if case.status == CaseStatus.RECEIVED:
        case = case_act(case=case, action="register", actor=actor)
    case_act(case=case, action="decline", actor=actor, note=reason)
    if application.status != ApplicationStatus.WITHDRAWN:
        _notify_applicant(
            application,
            _("您的申请（%(number)s）不予受理，理由可凭编号查询。") % {"number": case.number},
        )
    application.refresh_from_db()
    return application


@transaction.atomic
def application_request_more(*, application: Application, actor, message: str) -> Application:
    """Ask the applicant for more (a document, a detail); they see it when tracking."""
    message = message.strip()
    if not message:
        raise ValidationError({"note": [_("请写明需要补充的内容")]})
    now = timezone.now()
    moved = Application.objects.filter(
        pk=application.pk, status=ApplicationStatus.SUBMITTED
    ).update(status=ApplicationStatus.MORE_INFO, staff_message=message, updated_at=now)
    if moved != 1:
        raise ConflictError(_("该申请已被他人处理，请刷新后查看。"))
    case_event_add(
        case=application.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary="通知申请人补充材料",
        note=message,
    )
    _notify_applicant(
        application,
        _("您的申请（%(number)s）需补充材料，请凭编号查询详情。")
        % {"number": application.case.number},
    )
    application.refresh_from_db()
    return application


# ---------------------------------------------------------------------------
# Tracking by case number and a code to the phone on file
# ---------------------------------------------------------------------------


def phone_on_file(case: Case) -> str:
    """The phone recorded on this case: the online applicant's, else the one the representative
    claimant gave for it. Never the person's current phone on file, which another case (or
    another's claim) may not share: a phone reaches only the cases it was given for."""
    application = Application.objects.filter(case=case).first()
    if application is not None:
        return crypto.decrypt(application.phone_cipher)
    for claimant in case.claimants.all():
        if claimant.phone_cipher:
            return crypto.decrypt(claimant.phone_cipher)
    return ""


def track_code_send(*, number: str, client_ip: str | None) -> Case | None:
    """Send a code to the phone on file of case `number`. The answer to the person is the same
    whether or not the number exists, so numbers cannot be probed; the limits count either way."""
    case = Case.objects.filter(number=number.strip().upper()).first()
    phone = phone_on_file(case) if case else ""
    if not phone:
        if client_ip and not rate_take(
            key=f"code:ip:{client_ip}", limit=limit_of("codes_per_ip_hour"), per="hour"
        ):
            raise RateLimited(_("本网络发送验证码过于频繁，请一小时后再试。"))
        return None
    code_send(phone=phone, purpose=CodePurpose.TRACK, client_ip=client_ip, case=case)
    return case


def track_verify(*, number: str, code: str) -> Case:
    case = Case.objects.filter(number=number.strip().upper()).first()
    phone = phone_on_file(case) if case else ""
    if not phone:
        raise ValidationError({"code": [_("验证码不正确或已过期，请重新获取。")]})
    code_verify(
        phone_hash=crypto.lookup_hash(phone), purpose=CodePurpose.TRACK, code=code, case=case
    )
    return case


# ---------------------------------------------------------------------------
# Online mediation bookings
# ---------------------------------------------------------------------------

SLOT_TIMES = [dt.time(9, 30), dt.time(14, 0), dt.time(15, 30)]
SLOT_DAYS = 10
SLOT_SEATS = 2
BOOKABLE_CASE_STATUSES = frozenset({CaseStatus.ACCEPTED, CaseStatus.HANDLING})


def booking_slots(*, now: dt.datetime | None = None) -> list[dt.datetime]:
    """The slots offered: three a day on the next ten working days (from tomorrow)."""
    from jiefen.workdays.services import workday_calendar

    now = now or timezone.now()
    calendar = workday_calendar()
    day = timezone.localdate(now)
    slots = []
    for _i in range(SLOT_DAYS):
        day = calendar.next_workday(day + dt.timedelta(days=1))
        slots += [timezone.make_aware(dt.datetime.combine(day, t)) for t in SLOT_TIMES]
    return slots


def _video_link() -> str:
    base = getattr(settings, "JIEFEN_VIDEO_MEETING_BASE", "https://meeting.jiefen.local/room")
    return f"{base.rstrip('/')}/{secrets.token_urlsafe(12)}"


def booking_create(*, case: Case, slot_start: dt.datetime) -> MediationBooking:
    """Book a free seat of an offered slot for the case's online mediation."""
    if case.status not in BOOKABLE_CASE_STATUSES:
        raise ConflictError(_("案件受理后方可预约线上调解。"))
    if slot_start not in booking_slots():
        raise ValidationError({"slot": [_("请选择列出的时段")]})
    if MediationBooking.objects.filter(case=case, cancelled_at__isnull=True).exists():
        raise ConflictError(_("已有预约，请先取消原预约。"))
    for seat in range(1, SLOT_SEATS + 1):
        try:
            with transaction.atomic():
                booking = MediationBooking.objects.create(
                    case=case,
                    slot_start=slot_start,
                    seat=seat,
                    video_link=_video_link(),
                    booked_at=timezone.now(),
                )
                case_event_add(
                    case=case,
                    actor=None,
                    kind=EventKind.TRACK,
                    track="mediation",
                    summary=f"申请人预约线上调解：{timezone.localtime(slot_start):%Y-%m-%d %H:%M}",
                    data={"video_link": booking.video_link},
                )
                return booking
        except IntegrityError:
            if MediationBooking.objects.filter(case=case, cancelled_at__isnull=True).exists():
                raise ConflictError(_("已有预约，请先取消原预约。")) from None
            continue
    raise ConflictError(_("该时段已约满，请选择其他时段。"))


@transaction.atomic
def booking_cancel(*, booking: MediationBooking) -> None:
    now = timezone.now()
    if MediationBooking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).update(
        cancelled_at=now
    ):
        case_event_add(
            case=booking.case,
            actor=None,
            kind=EventKind.TRACK,
            track="mediation",
            summary="申请人取消线上调解预约",
        )


# ---------------------------------------------------------------------------
# Rights mailbox
# ---------------------------------------------------------------------------


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


def mailboxes_ensure_all() -> int:
    """Give every employer on file its mailbox; the number created."""
    missing = Employer.objects.filter(mailbox__isnull=True)
    created = 0
    for employer in missing.iterator():
        mailbox_ensure(employer=employer)
        created += 1
    return created


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
) -> Letter:
    """A letter to the employer's mailbox, named or anonymous."""
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
    )


def _letter_move(letter: Letter, *, actor, new_status: str, **fields) -> None:
    now = timezone.now()
    moved = Letter.objects.filter(pk=letter.pk, status=LetterStatus.NEW).update(
        status=new_status, handled_by=actor, handled_at=now, updated_at=now, **fields
    )
    if moved != 1:
        raise ConflictError(_("该来信已被处理。"))
    letter.refresh_from_db()


@transaction.atomic
def letter_answer(*, letter: Letter, actor, answer: str) -> Letter:
    """Answer a letter; a named writer with a phone gets the answer by SMS."""
    if not answer.strip():
        raise ValidationError({"answer": [_("请填写答复内容")]})
    _letter_move(letter, actor=actor, new_status=LetterStatus.ANSWERED, answer=answer.strip())
    if letter.phone_cipher:
        phone = crypto.decrypt(letter.phone_cipher)
        body = _("您向%(employer)s维权信箱的来信已答复：%(answer)s") % {
            "employer": letter.mailbox.employer.name,
            "answer": answer.strip()[:200],
        }
        transaction.on_commit(
            lambda: send_message(channel="sms", to=phone, subject=_("维权信箱答复"), body=body)
        )
    return letter


@transaction.atomic
def letter_close(*, letter: Letter, actor, reason: str) -> Letter:
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写关闭理由")]})
    _letter_move(letter, actor=actor, new_status=LetterStatus.CLOSED, close_reason=reason.strip())
    return letter


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
    _letter_move(letter, actor=actor, new_status=LetterStatus.CONVERTED, case=case)
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"由{employer.name}维权信箱来信转入",
    )
    return case


def portal_prune(*, now: dt.datetime | None = None) -> int:
    """Delete spent counters and codes (kept a day and a month); the number of rows removed."""
    now = now or timezone.now()
    buckets, _ = RateBucket.objects.filter(window_start__lt=now - dt.timedelta(days=2)).delete()
    codes, _ = PhoneCode.objects.filter(created_at__lt=now - dt.timedelta(days=30)).delete()
    return buckets + codes
