"""Who a claimant is: an identity number finds a candidate person, and a differing name or
phone is a question for the person taking the case in, or a claim on that case only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.geo.selectors import village_scope_q
from jiefen.parties.models import Worker
from jiefen.parties.scope import party_visible
from jiefen.parties.services import (
    worker_candidate,
    worker_find_or_create,
    worker_identity_update,
)
from jiefen.parties.validators import validate_id_number, validate_phone


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
