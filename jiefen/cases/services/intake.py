"""Receiving a dispute: its number, its parties, its claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import policies as P
from jiefen.cases.choices import COLLECTIVE_THRESHOLD, Category, Channel, EventKind
from jiefen.cases.clocks import case_clocks_start_on_receive
from jiefen.cases.models import Case, CaseEvent, CaseNumberSeries, Claimant, ClaimItem
from jiefen.cases.services.lifecycle import case_act
from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import Forbidden, guarded, internal
from jiefen.geo.models import Village
from jiefen.geo.selectors import village_list_for_user, village_scope_q
from jiefen.parties.models import Employer, Worker
from jiefen.parties.scope import party_visible
from jiefen.parties.services import (
    worker_candidate,
    worker_find_or_create,
    worker_identity_update,
)
from jiefen.parties.validators import mask_phone, validate_id_number, validate_phone

# A paper record may be entered after the fact, never dated ahead; allow for a clock a little fast.
CLOCK_SKEW = dt.timedelta(minutes=2)


class Identity:
    """What staff decided when the name or phone typed with an identity number differs from the
    person on file (they confirm it; the API's callers say so in the claimant's `identity`)."""

    KEEP = "keep"  # the person on file; their record stays as it is
    UPDATE = "update"  # the person on file, whose record is corrected (with a reason)
    DIFFERENT = "different"  # someone else: registered anew, without that identity number
    CHOICES = (KEEP, UPDATE, DIFFERENT)


@dataclass(frozen=True)
class ClaimantInput:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    representative: bool = False
    # A worker already on file, picked by the clerk (found by name within their scope).
    worker: Worker | None = None
    # The confirmation of a differing name or phone (Identity), and the reason for an update.
    identity: str = ""
    identity_reason: str = ""


@dataclass
class IdentityQuestion:
    """One claimant whose typed name or phone differs from the person their number points to.
    The record is named only to someone whose scope covers that person."""

    index: int
    name: str
    in_scope: bool
    record_name: str = ""
    record_phone: str = ""
    name_differs: bool = False
    phone_differs: bool = False
    choices: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        what = "、".join(
            w
            for w, differs in [(_("姓名"), self.name_differs), (_("电话"), self.phone_differs)]
            if differs
        )
        if self.in_scope:
            return _(
                "第%(i)d名申请人“%(name)s”：该身份证号在档人员为“%(record)s”（电话%(phone)s），"
                "%(what)s与填写的不一致，请确认。"
            ) % {
                "i": self.index,
                "name": self.name,
                "record": self.record_name,
                "phone": self.record_phone or "—",
                "what": what,
            }
        return _(
            "第%(i)d名申请人“%(name)s”：该身份证号已有在档人员（不在您的工作范围内，不显示其信息），"
            "%(what)s与填写的不一致，请确认。"
        ) % {"i": self.index, "name": self.name, "what": what}

    def as_dict(self) -> dict:
        return {
            "index": self.index,
            "name": self.name,
            "in_scope": self.in_scope,
            "record_name": self.record_name or None,
            "record_phone": self.record_phone or None,
            "name_differs": self.name_differs,
            "phone_differs": self.phone_differs,
            "choices": self.choices,
            "message": self.message,
        }


class IdentityConflict(ConflictError):
    """A typed name or phone differs from the person on file and nobody confirmed it (409)."""

    code = "identity_conflict"

    def __init__(self, questions: list[IdentityQuestion]) -> None:
        self.questions = questions
        super().__init__(
            _("申请人姓名或电话与身份证号的在档人员不一致，请确认后重新提交。"),
            extra={
                "claimants": [q.as_dict() for q in questions],
                "confirm": _(
                    "在对应申请人上填写 identity：keep（按在档人员登记，不改动档案）、"
                    "update（更新档案的姓名、电话，须同时填写 identity_reason）或 "
                    "different（不是同一人，按新人员登记，不记录该身份证号）。"
                ),
            },
        )


@dataclass
class _Resolved:
    """How one claimant lands on the case."""

    worker: Worker
    representative: bool
    name: str
    phone: str
    claimed: bool
    note: str = ""


@internal
def case_number_next(*, year: int) -> str:
    """The next number of the year's series. Call inside the transaction that saves the case:
    the series row stays locked until it commits, and a rollback returns the number, so the
    series has no gaps and no two cases share a number."""
    prefix = settings.JIEFEN_CASE_PREFIX
    CaseNumberSeries.objects.bulk_create(
        [CaseNumberSeries(prefix=prefix, year=year)], ignore_conflicts=True
    )
    series = CaseNumberSeries.objects.select_for_update().get(prefix=prefix, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return f"{prefix}{year}-{series.last:05d}"


@internal
def search_text_for(case: Case, *, claimant_names: list[str], employer: Employer | None) -> str:
    parts = [case.number, employer.name if employer else "", *claimant_names, case.summary]
    return " ".join(p for p in parts if p)[:4000]


@guarded(P.RECEIVE)
@transaction.atomic
def case_create(
    *,
    actor,
    channel: str,
    category: str,
    summary: str,
    village: Village,
    received_at: dt.datetime | None = None,
    claimants: list[ClaimantInput],
    claims: list[tuple[str, Decimal | None]] | None = None,
    employer: Employer | None = None,
    people_gathered: int = 0,
    extreme_behaviour: bool = False,
    suspected_extortion: bool = False,
    anonymous: bool = False,
) -> Case:
    """Receive a dispute (接待): one case, one number, its first timeline entry.

    `anonymous`: an anonymous report (匿名举报) to labor inspection names no worker, so the case
    has no claimants."""
    now = timezone.now()
    received_at = received_at or now
    errors: dict[str, list[str]] = {}
    if received_at > now + CLOCK_SKEW:
        errors["received_at"] = [_("接待时间不能晚于现在")]
    if channel not in Channel.values:
        errors["channel"] = [_("未知来源渠道")]
    if category not in Category.values:
        errors["category"] = [_("未知纠纷类别")]
    if not summary.strip():
        errors["summary"] = [_("请填写纠纷概要")]
    if anonymous and claimants:
        errors["claimants"] = [_("匿名举报不登记申请人")]
    elif not claimants and not anonymous:
        errors["claimants"] = [_("至少需要一名申请人")]
    collective = len(claimants) >= COLLECTIVE_THRESHOLD and employer is not None
    if collective and not any(c.representative for c in claimants):
        errors["claimants"] = [_("集体争议（10人以上）须推举代表人")]
    if errors:
        raise ValidationError(errors)

    resolved: list[_Resolved] = []
    row_errors: dict[str, list[str]] = {}
    questions: list[IdentityQuestion] = []
    for index, c in enumerate(claimants, start=1):
        try:
            row = _claimant_resolve(c, index=index, actor=actor)
        except ValidationError as e:
            row_errors[f"claimants[{index}]"] = [f"{c.name or '?'}：{m}" for m in e.messages]
            continue
        if isinstance(row, IdentityQuestion):
            questions.append(row)
        else:
            resolved.append(row)
    if row_errors:
        raise ValidationError(row_errors)
    if questions:
        raise IdentityConflict(questions)
    if len({r.worker.pk for r in resolved}) != len(resolved):
        raise ValidationError({"claimants": [_("同一申请人不能重复登记")]})
    workers = [(r.worker, r.representative) for r in resolved]

    claims = claims or []
    case = Case(
        number=case_number_next(year=timezone.localdate().year),
        channel=channel,
        category=category,
        summary=summary.strip(),
        village=village,
        employer=employer,
        received_at=received_at,
        collective=collective,
        claimant_count=len(workers),
        claim_total=sum((a for _i, a in claims if a), Decimal(0)),
        people_gathered=people_gathered,
        extreme_behaviour=extreme_behaviour,
        suspected_extortion=suspected_extortion,
        created_by=actor,
    )
    case.search_text = search_text_for(
        case, claimant_names=[r.name for r in resolved], employer=employer
    )
    case.save()
    Claimant.objects.bulk_create(
        [
            Claimant(
                case=case,
                worker=r.worker,
                representative=r.representative,
                name=r.name,
                phone_cipher=crypto.encrypt(r.phone),
                phone_hash=(crypto.lookup_hash(r.phone) or "") if r.phone else "",
                phone_masked=mask_phone(r.phone) if r.phone else "",
                claimed=r.claimed,
            )
            for r in resolved
        ]
    )
    ClaimItem.objects.bulk_create([ClaimItem(case=case, item=i, amount=a) for i, a in claims])
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=actor,
        kind=EventKind.TRANSITION,
        new_status=case.status,
        summary=f"接待：{Channel(channel).label}，"
        + ("匿名举报" if anonymous else f"{len(workers)}名申请人")
        + ("（集体争议）" if collective else ""),
        note="；".join(r.note for r in resolved if r.note)[:2000],
    )
    # The centre's intake standard runs from reception (clockrules: intake_register, _decide).
    case_clocks_start_on_receive(case=case, actor=actor)
    audit_record(
        action=AuditAction.CREATE, actor=actor, obj=case, summary=f"新建案件 {case.number}"
    )
    return case


def _worker_visible(actor, worker: Worker) -> bool:
    """Whether the actor's scope already covers this person (the whole district covers all)."""
    if village_scope_q(actor) == Q():
        return True
    return party_visible(actor, worker)


def _claimant_resolve(c: ClaimantInput, *, index: int, actor) -> _Resolved | IdentityQuestion:
    """Which person a claimant is, under the identity-claim rule: an identity number finds a
    candidate; what was typed with it never rewrites the record by itself.

    - no number on file: a new person, as typed;
    - no one acting (portal, exchange): the typed name and phone are the applicant's claim on
      this case, linked to the candidate without showing or changing the record;
    - a person acting whose scope does not cover the candidate: the same claim, so that posting a
      number grants no sight of (and no reveal of) someone outside their scope;
    - a person acting within scope: linked as the person on file when the details agree, else a
      question they must answer (keep, update with a reason, or a different person)."""
    if c.worker is not None:
        phone = validate_phone(c.phone) if c.phone else ""
        return _Resolved(
            worker=c.worker,
            representative=c.representative,
            name=c.worker.name,
            phone=phone or _phone_of(c.worker),
            claimed=False,
        )
    if not c.name.strip():
        raise ValidationError({"name": _("请填写姓名")})
    phone = validate_phone(c.phone) if c.phone else ""
    id_number = validate_id_number(c.id_number) if c.id_number else ""
    if c.identity and c.identity not in Identity.CHOICES:
        raise ValidationError({"identity": [_("身份确认应为 keep、update 或 different")]})
    candidate = worker_candidate(name=c.name, id_number=id_number, phone=phone)
    typed_name = c.name.strip()

    def as_typed(*, worker: Worker, claimed: bool, note: str = "") -> _Resolved:
        """The claimant with the name and phone typed for this case."""
        return _Resolved(
            worker=worker,
            representative=c.representative,
            name=typed_name,
            phone=phone,
            claimed=claimed,
            note=note,
        )

    if candidate is None:
        worker = worker_find_or_create(
            name=c.name, id_number=id_number, phone=phone, address=c.address
        )
        return as_typed(worker=worker, claimed=False)
    worker = candidate.worker
    claim = as_typed(
        worker=worker,
        claimed=True,
        note=_("%(name)s：按身份证号关联在档人员，姓名、电话为申请人自报，未核实")
        % {"name": typed_name},
    )
    if actor is None:
        return claim
    in_scope = _worker_visible(actor, worker)
    if c.identity == Identity.DIFFERENT:
        stranger = worker_find_or_create(name=c.name, phone=phone, address=c.address)
        return as_typed(
            worker=stranger,
            claimed=False,
            note=_("%(name)s：经确认与该身份证号的在档人员不是同一人，按新人员登记，未记录身份证号")
            % {"name": typed_name},
        )
    if not in_scope:
        if c.identity == Identity.UPDATE:
            raise ValidationError(
                {
                    "identity": [
                        _("该人员不在您的工作范围内，不能更新其档案；可选择保留或不是同一人")
                    ]
                }
            )
        if candidate.differs and not c.identity:
            return _question(candidate, c, index=index, in_scope=False)
        return claim
    if not candidate.differs:
        return _Resolved(
            worker=worker,
            representative=c.representative,
            name=worker.name,
            phone=phone or _phone_of(worker),
            claimed=False,
        )
    if c.identity == Identity.KEEP:
        return _Resolved(
            worker=worker,
            representative=c.representative,
            name=worker.name,
            phone=_phone_of(worker) or phone,
            claimed=False,
            note=_("%(name)s：经确认为在档人员%(record)s，档案未改动")
            % {"name": typed_name, "record": worker.name},
        )
    if c.identity == Identity.UPDATE:
        before = worker.name
        worker_identity_update(
            worker=worker, name=c.name, phone=phone, reason=c.identity_reason, actor=actor
        )
        return as_typed(
            worker=worker,
            claimed=False,
            note=_("%(before)s：经确认更新档案姓名、电话，理由：%(reason)s")
            % {"before": before, "reason": c.identity_reason.strip()},
        )
    return _question(candidate, c, index=index, in_scope=True)


def _question(candidate, c: ClaimantInput, *, index: int, in_scope: bool) -> IdentityQuestion:
    return IdentityQuestion(
        index=index,
        name=c.name.strip(),
        in_scope=in_scope,
        record_name=candidate.worker.name if in_scope else "",
        record_phone=candidate.worker.phone_masked if in_scope else "",
        name_differs=candidate.name_differs,
        phone_differs=candidate.phone_differs,
        choices=list(Identity.CHOICES) if in_scope else [Identity.KEEP, Identity.DIFFERENT],
    )


def _phone_of(worker: Worker) -> str:
    return crypto.decrypt(worker.phone_cipher) if worker.phone_cipher else ""


# Channels that arrive with no person acting declare themselves; anything else needs a person.
SYSTEM_SOURCES = frozenset({"portal", "exchange"})


@guarded(P.RECEIVE)
@transaction.atomic
def case_intake(
    *,
    actor,
    source: str = "",
    channel: str,
    category: str,
    summary: str,
    village: Village,
    received_at: dt.datetime | None = None,
    claimants: list[ClaimantInput],
    claims: list[tuple[str, Decimal | None]] | None = None,
    employer: Employer | None = None,
    people_gathered: int = 0,
    extreme_behaviour: bool = False,
    suspected_extortion: bool = False,
) -> Case:
    """Take a dispute in, by any channel: the window, the API, the portal, 110, a letter, the
    provincial exchange. One scope check, one identity rule (see _claimant_resolve) and one
    registration rule:

    - a person acting must have the village in their scope; a channel with no person acting
      names itself (`source`, one of SYSTEM_SOURCES);
    - a dispute a person takes in is registered at once (they saw the party and the papers);
      one that arrives by itself (portal, exchange) stays received until a person registers it.

    Routing follows at acceptance, to the people who serve the village (its mediators, its grid
    area's inspector)."""
    if actor is None:
        if source not in SYSTEM_SOURCES:
            raise Forbidden(_("须由工作人员办理：%(what)s。") % {"what": P.RECEIVE.label})
    elif not village_list_for_user(user=actor).filter(pk=village.pk).exists():
        raise ValidationError({"village": [_("该村/社区不在您的工作范围内")]})
    case = case_create(
        actor=actor,
        channel=channel,
        category=category,
        summary=summary,
        village=village,
        received_at=received_at,
        claimants=claimants,
        claims=claims,
        employer=employer,
        people_gathered=people_gathered,
        extreme_behaviour=extreme_behaviour,
        suspected_extortion=suspected_extortion,
    )
    if actor is not None:
        case = case_act(case=case, action="register", actor=actor)
    return case
