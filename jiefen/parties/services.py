"""Finding or registering parties, and revealing their personal data (always audited).

The find-or-register functions are building blocks of intake (each caller acts under its own
policy); `party_reveal` shows a full number to a person granted it, `party_contact` hands a
phone to code that texts the party."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.core import crypto
from jiefen.core.policy import guarded, internal, system
from jiefen.core.transactions import service_atomic
from jiefen.parties import policies as P
from jiefen.parties.models import Employer, Worker
from jiefen.parties.validators import (
    mask_id_number,
    mask_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
    validate_registration_number,
)

REVEALABLE = {"id_number", "phone"}


@internal
def worker_set_id_number(worker: Worker, id_number: str) -> None:
    worker.id_number_cipher = crypto.encrypt(id_number)
    worker.id_number_hash = crypto.lookup_hash(id_number)
    worker.id_number_masked = mask_id_number(id_number) if id_number else ""


@internal
def party_set_phone(party: Worker | Employer, phone: str) -> None:
    party.phone_cipher = crypto.encrypt(phone)
    if isinstance(party, Worker):
        party.phone_hash = crypto.lookup_hash(phone)
    party.phone_masked = mask_phone(phone) if phone else ""


@internal
def worker_find(*, id_number: str) -> Worker | None:
    """The worker on file with this identity number, if any."""
    return Worker.objects.filter(
        id_number_hash=crypto.lookup_hash(validate_id_number(id_number))
    ).first()


@dataclass(frozen=True)
class WorkerCandidate:
    """The person on file an identity number points to, and how the typed details differ."""

    worker: Worker
    name_differs: bool
    phone_differs: bool

    @property
    def differs(self) -> bool:
        return self.name_differs or self.phone_differs


@internal
def worker_candidate(*, name: str, id_number: str, phone: str = "") -> WorkerCandidate | None:
    """The person on file with this identity number, if any: a candidate, not a proof. The
    number says who the applicant claims to be; nothing on the record changes here."""
    if not id_number:
        return None
    worker = Worker.objects.filter(
        id_number_hash=crypto.lookup_hash(validate_id_number(id_number))
    ).first()
    if worker is None:
        return None
    phone = validate_phone(phone) if phone else ""
    return WorkerCandidate(
        worker=worker,
        name_differs=name.strip() != worker.name,
        phone_differs=bool(phone)
        and bool(worker.phone_hash)
        and crypto.lookup_hash(phone) != worker.phone_hash,
    )


@internal
def worker_find_or_create(
    *, name: str, id_number: str = "", phone: str = "", address: str = ""
) -> Worker:
    """The worker with this identity number, as recorded, or a newly registered one.

    A match is left as it is: an identity number alone never changes a person's recorded name,
    phone or address (worker_identity_update does, for staff who confirm it with a reason)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写姓名")})
    id_number = validate_id_number(id_number) if id_number else ""
    phone = validate_phone(phone) if phone else ""
    worker = (
        Worker.objects.filter(id_number_hash=crypto.lookup_hash(id_number)).first()
        if id_number
        else None
    )
    if worker is not None:
        return worker
    worker = Worker(name=name, address=address)
    worker_set_id_number(worker, id_number)
    party_set_phone(worker, phone)
    if worker.id_number_hash is None:
        # No identity number, no unique key a concurrent registration could collide on: no
        # savepoint (two statements) to recover from one.
        worker.save()
        return worker
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        # Another clerk registered the same person a moment ago: use that row.
        return Worker.objects.get(id_number_hash=worker.id_number_hash)
    return worker


@internal
@transaction.atomic
def worker_identity_update(
    *, worker: Worker, name: str, phone: str = "", reason: str, actor, request=None
) -> Worker:
    """Correct a person's recorded name or phone, as staff who confirmed it in person decided;
    the reason and the old values (masked) go to the audit trail."""
    if not reason.strip():
        raise ValidationError({"identity_reason": [_("更新档案姓名或电话须说明理由")]})
    name = name.strip()
    phone = validate_phone(phone) if phone else ""
    changed: list[str] = []
    before = f"{worker.name} {worker.phone_masked}"
    if name and name != worker.name:
        worker.name = name
        changed.append("name")
    if phone and crypto.lookup_hash(phone) != worker.phone_hash:
        party_set_phone(worker, phone)
        changed += ["phone_cipher", "phone_hash", "phone_masked"]
    if changed:
        worker.save(update_fields=[*changed, "updated_at"])
        audit_record(
            action=AuditAction.CHANGE,
            actor=actor,
            request=request,
            obj=worker,
            summary=f"更新档案：{before} → {worker.name} {worker.phone_masked}：{reason.strip()}"[
                :300
            ],
        )
    return worker


@internal
def employer_from_form(
    *, name: str, code: str = "", legal_representative: str = "", village=None
) -> Employer:
    """The employer a form names: its one code box takes an 18-character credit code or a
    15-digit registration number."""
    code = code.strip().upper()
    is_credit = len(code) == 18
    return employer_find_or_create(
        name=name,
        credit_code=code if is_credit else "",
        registration_number=code if code and not is_credit else "",
        legal_representative=legal_representative,
        village=village,
    )


@internal
@service_atomic()
def employer_find_or_create(
    *,
    name: str,
    credit_code: str = "",
    registration_number: str = "",
    legal_representative: str = "",
    phone: str = "",
    address: str = "",
    village=None,
) -> Employer:
    """Return the employer with this credit code or registration number, or register one."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写单位名称")})
    credit_code = validate_credit_code(credit_code) if credit_code else ""
    registration_number = (
        validate_registration_number(registration_number) if registration_number else ""
    )
    lookup = (
        {"credit_code": credit_code}
        if credit_code
        else ({"registration_number": registration_number} if registration_number else None)
    )
    employer = Employer.objects.filter(**lookup).first() if lookup else None
    if employer is None and not lookup:
        # Without an identifier, a same-named employer in the same village is the same one.
        employer = Employer.objects.filter(
            name=name, village=village, credit_code__isnull=True, registration_number__isnull=True
        ).first()
    if employer is not None:
        changed = []
        for field, value in [("legal_representative", legal_representative), ("address", address)]:
            if value and not getattr(employer, field):
                setattr(employer, field, value)
                changed.append(field)
        if village is not None and employer.village_id is None:
            employer.village = village
            changed.append("village")
        if changed:
            employer.save(update_fields=[*changed, "updated_at"])
        return employer
    employer = Employer(
        name=name,
        credit_code=credit_code or None,
        registration_number=registration_number or None,
        legal_representative=legal_representative,
        address=address,
        village=village,
    )
    party_set_phone(employer, validate_phone(phone) if phone else "")
    if lookup is None:  # no code, nothing unique to collide with: no savepoint to pay for
        employer.save()
        return employer
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:  # registered by a concurrent request a moment ago
        return Employer.objects.get(**lookup)
    return employer


@guarded(P.REVEAL, on="party")
def party_reveal(*, party: Worker | Employer, field: str, actor, reason: str, request=None) -> str:
    """The full identity number or phone of a party, for a person granted it (their role, and the
    party on a case in their scope); every call is written to the audit trail."""
    if field not in REVEALABLE or (field == "id_number" and not isinstance(party, Worker)):
        raise ValidationError({"field": _("不能显示该字段")})
    if not reason.strip():
        raise ValidationError({"reason": _("请说明查看完整号码的理由")})
    value = crypto.decrypt(getattr(party, f"{field}_cipher"))
    audit_record(
        action=AuditAction.REVEAL,
        actor=actor,
        request=request,
        obj=party,
        summary=f"{party.name} {field}: {reason.strip()}"[:300],
    )
    return value


@system
def party_contact(*, party: Worker | Employer, reason: str, actor=None) -> str:
    """The party's phone for code that sends them a text (never shown to a person); "" when none
    is on file. Audited like a reveal, with the person on whose behalf the text goes out."""
    if not reason.strip():
        raise ValidationError({"reason": _("请说明使用电话的理由")})
    if not party.phone_cipher:
        return ""
    value = crypto.decrypt(party.phone_cipher)
    audit_record(
        action=AuditAction.REVEAL,
        actor=actor,
        obj=party,
        summary=f"{party.name} phone (短信): {reason.strip()}"[:300],
    )
    return value
