"""Moving a case through its lifecycle, triage on acceptance, routing and escalation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.models import Department, User
from jiefen.accounts.notifications import notify
from jiefen.cases import messages as M
from jiefen.cases import policies as P
from jiefen.cases.choices import CaseStatus, Duty, EventKind, Level, Track
from jiefen.cases.clocks import (
    INTAKE_DECIDE,
    INTAKE_REGISTER,
    MEDIATION_15,
    RESOLVE_7,
    case_clocks_start_on_accept,
    clock_meet,
)
from jiefen.cases.models import Assignment, Case, CaseEvent
from jiefen.cases.transitions import CASE_LIFECYCLE, OPEN_STATUSES
from jiefen.cases.triage import triage
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.messages import Message, event_text_fields, phrase
from jiefen.core.policy import guarded, internal
from jiefen.core.transactions import service_atomic
from jiefen.geo.selectors import people_serving_q

# The case's refusals are the kernel's: an illegal move (409) and a role that may not (403).
TransitionNotAllowed = MoveNotAllowed


class CaseChangedMeanwhile(ConflictError):
    code = "stale"

    def __init__(self, case_id: int) -> None:
        last = (
            CaseEvent.objects.filter(case_id=case_id)
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        who = last.actor.display_name if last and last.actor else _("他人")
        what = last.summary if last else ""
        when = f"{timezone.localtime(last.at):%H:%M}" if last else ""
        super().__init__(
            _("案件已被%(who)s于%(when)s修改（%(what)s），您的操作未保存，请刷新后重试。")
            % {"who": who, "when": when, "what": what}
        )


@internal
def case_event_add(
    *,
    case: Case,
    actor,
    kind: str,
    summary: Message | Promise | str,
    note: str = "",
    track: str = "",
    data: dict | None = None,
    old_status: str = "",
    new_status: str = "",
) -> CaseEvent:
    """Append one entry to the case's timeline: a message (code and parameters, shown in the
    reader's language), or a phrase kept in the source language."""
    return CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        kind=kind,
        **event_text_fields(summary),
        note=note,
        track=track,
        data=data or {},
        old_status=old_status,
        new_status=new_status,
    )


def _bump(case: Case, *, expected_status: str | None = None, **fields: Any) -> None:
    """Compare-and-swap on the case's version: a second clerk or a double submit finds it moved."""
    now = timezone.now()
    filters = Q(pk=case.pk, version=case.version)
    if expected_status is not None:
        filters &= Q(status=expected_status)
    moved = Case.objects.filter(filters).update(version=F("version") + 1, updated_at=now, **fields)
    if moved != 1:
        raise CaseChangedMeanwhile(case.pk)
    for name, value in fields.items():
        setattr(case, name, value)
    case.version += 1
    case.updated_at = now


@guarded(P.HANDLE, on="case")
@service_atomic()
def case_act(
    *,
    case: Case,
    action: str,
    actor: User | None,
    note: str = "",
    lead_kind: str | None = None,
    tracks: list[str] | None = None,
    override_reason: str = "",
    amount_recovered=None,
) -> Case:
    """Take one lifecycle action on a case; the only code that writes Case.status (through the
    case lifecycle's table, `cases/transitions.py`, whose policies decide who may)."""
    now = timezone.now()
    fields: dict = {}
    if action == "register":
        fields["registered_at"] = now
    elif action == "accept":
        if case.employer_id is None and CASE_LIFECYCLE.allows_from(action, case.status):
            raise ValidationError({"employer": [_("受理前须填写用人单位")]})
        fields["accepted_at"] = now
    elif action in ("resolve", "mark_unresolved"):
        fields["concluded_at"] = now
        fields["outcome"] = CaseStatus.RESOLVED if action == "resolve" else CaseStatus.UNRESOLVED
        fields["outcome_note"] = (note or "").strip()
        if amount_recovered is not None:
            fields["amount_recovered"] = amount_recovered
    elif action == "close":
        fields["closed_at"] = now
    elif action == "reopen":
        fields["outcome"] = ""
    elif action in ("answer", "decline"):
        fields["outcome_note"] = (note or "").strip()
        fields["concluded_at"] = now
    CASE_LIFECYCLE.move(case, action=action, actor=actor, note=note, fields=fields, at=now)
    if action == "accept":
        _accept_triage_and_route(
            case=case,
            actor=actor,
            lead_kind=lead_kind,
            tracks=tracks,
            override_reason=override_reason,
        )
        clock_meet(case=case, kinds=[INTAKE_REGISTER, INTAKE_DECIDE], at=now)
        case_clocks_start_on_accept(case=case, actor=actor)
    elif action in ("resolve", "mark_unresolved"):
        clock_meet(case=case, kinds=[RESOLVE_7, MEDIATION_15], at=now)
    elif action == "register":
        clock_meet(case=case, kinds=[INTAKE_REGISTER], at=now)
    elif action in ("answer", "decline"):
        clock_meet(case=case, kinds=[INTAKE_REGISTER, INTAKE_DECIDE], at=now)
    return case


def _department_for(kind: str, *, case: Case, level: str) -> Department:
    street = case.village.street
    if level == Level.DISTRICT:
        return Department.objects.get(kind=kind, district_id=street.district_id, street=None)
    return Department.objects.get(kind=kind, street=street)


def _accept_triage_and_route(*, case: Case, actor, lead_kind, tracks, override_reason: str) -> None:
    decision = triage(case)
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.TRIAGE,
        summary=M.ROUTED(lead=decision.lead, tracks=list(decision.tracks)),
        note=decision.reasons,
        data={"rules": [r.rule for r in decision.fired]},
    )
    lead, chosen_tracks, rule = decision.lead, decision.tracks, decision.rule_names
    if lead_kind or tracks:
        if not override_reason.strip():
            raise ValidationError({"override_reason": [_("改变分流结果须说明理由")]})
        if lead_kind and lead_kind not in DepartmentKind.values:
            raise ValidationError({"lead_kind": [_("未知部门类型")]})
        if tracks and any(t not in Track.values for t in tracks):
            raise ValidationError({"tracks": [_("未知办理途径")]})
        lead, chosen_tracks, rule = lead_kind or lead, tracks or chosen_tracks, "override"
        case_event_add(
            case=case,
            actor=actor,
            kind=EventKind.TRIAGE,
            summary=M.ROUTED_BY_HAND(lead=lead, tracks=list(chosen_tracks)),
            note=override_reason.strip(),
        )
    _bump(
        case,
        lead_department=_department_for(lead, case=case, level=Level.STREET),
        tracks=list(chosen_tracks),
        assisting_kinds=decision.assisting,
        triage_rule=rule[:40],
    )
    _route_to_grid(case=case, actor=actor)


def _least_loaded(users):
    """Of these users, the one with the fewest open cases (ties by id)."""
    return (
        users.annotate(
            load=Count(
                "case_assignments",
                filter=Q(
                    case_assignments__active=True, case_assignments__case__status__in=OPEN_STATUSES
                ),
            )
        )
        .order_by("load", "id")
        .first()
    )


def _assign(*, case: Case, user: User | None, duty: str, actor, why: str) -> Assignment | None:
    if user is None:
        case_event_add(
            case=case,
            actor=actor,
            kind=EventKind.ASSIGN,
            summary=M.NOBODY_TO_ASSIGN(duty=duty),
            note=why,
        )
        return None
    Assignment.objects.filter(case=case, duty=duty, active=True).exclude(user=user).update(
        active=False
    )
    assignment, _created = Assignment.objects.get_or_create(
        case=case, user=user, duty=duty, active=True
    )
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.ASSIGN,
        summary=M.ASSIGNED(duty=duty, user=user.display_name),
        note=why,
        data={"user": user.pk, "duty": duty},
    )
    notify(
        users=[user],
        message=phrase(
            N_("案件 %(number)s 已指派给您（%(duty)s）：%(summary)s"),
            number=case.number,
            duty=Duty(duty),
            summary=case.summary[:60],
        ),
        link=case.get_absolute_url(),
    )
    return assignment


def _route_to_grid(*, case: Case, actor) -> None:
    """Village mediator and grid-area inspector: "small matters stay in the village"."""
    village = case.village
    mediator = _least_loaded(village.mediators.filter(is_active=True))
    why = f"按网格派至{village.name}调解员"
    if mediator is None:
        mediator = _least_loaded(
            User.objects.filter(
                is_active=True,
                role=Role.MEDIATOR,
                scope_level=ScopeLevel.STREET,
                scope_code=village.street.code,
            )
        )
        why = f"{village.name}未配调解员，派至{village.street.name}调解员"
    _assign(case=case, user=mediator, duty=Duty.MEDIATOR, actor=actor, why=why)
    area = village.grid_area
    inspector = area.inspector if area and area.inspector and area.inspector.is_active else None
    _assign(
        case=case,
        user=inspector,
        duty=Duty.INSPECTOR,
        actor=actor,
        why=f"{area.name if area else ''}专人专岗监察员",
    )


ESCALATION: dict[str, str] = {Level.VILLAGE: Level.STREET, Level.STREET: Level.DISTRICT}


@guarded(P.ESCALATE, on="case")
@transaction.atomic
def case_escalate(*, case: Case, actor: User, reason: str) -> Case:
    """Move a case up one level (village → street → district), with its lead and mediator."""
    if case.status not in OPEN_STATUSES:
        raise ConflictError(_("案件已办结，不能升级。"))
    if not reason.strip():
        raise ValidationError({"note": [_("请填写升级理由")]})
    if case.level not in ESCALATION:
        raise ConflictError(_("案件已在区级办理，不能再升级。"))
    new_level = ESCALATION[case.level]
    fields: dict[str, Any] = {"level": new_level}
    if case.lead_department is not None:
        fields["lead_department"] = _department_for(
            case.lead_department.kind, case=case, level=new_level
        )
    old_level = case.level
    _bump(case, **fields)
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.ESCALATE,
        summary=M.ESCALATED(old=old_level, new=new_level),
        note=reason.strip(),
        data={"from": old_level, "to": new_level},
    )
    if new_level == Level.STREET:
        candidates = User.objects.filter(
            role=Role.MEDIATOR,
            scope_level=ScopeLevel.STREET,
            scope_code=case.village.street.code,
            is_active=True,
        )
    else:
        candidates = User.objects.filter(role=Role.MEDIATOR, is_active=True).filter(
            people_serving_q(case.village, levels=(ScopeLevel.DISTRICT,))
        )
    # No mediator at that level: the case says so. A leader is never made its mediator; a case
    # escalated to the district goes on the major-case register, where a leader takes charge.
    mediator = _least_loaded(candidates)
    _assign(
        case=case,
        user=mediator,
        duty=Duty.MEDIATOR,
        actor=actor,
        why=f"升级至{Level(new_level).label}办理",
    )
    return case


@guarded(P.REASSIGN, on="case")
@transaction.atomic
def case_reassign(*, case: Case, actor: User, user: User, duty: str, reason: str) -> Assignment:
    """Hand a duty on a case to another person, with the reason on the timeline."""
    if duty not in Duty.values:
        raise ValidationError({"duty": [_("未知职责")]})
    if not reason.strip():
        raise ValidationError({"note": [_("请填写改派理由")]})
    _bump(case)
    assignment = _assign(case=case, user=user, duty=duty, actor=actor, why=reason.strip())
    assert assignment is not None, "a reassignment names a person"
    return assignment


@internal
@transaction.atomic
def case_duty_assign(*, case: Case, actor, user: User, duty: str, why: str) -> Assignment | None:
    """Give a duty on a case as part of another service's work (a track opened with its
    mediator): that service's own policy has decided who may do it, not the reassign policy."""
    if duty not in Duty.values:
        raise ValidationError({"duty": [_("未知职责")]})
    _bump(case)
    return _assign(case=case, user=user, duty=duty, actor=actor, why=why)


@guarded(P.TRACK, on="case")
@transaction.atomic
def case_track_add(*, case: Case, track: str, actor, why: str = "") -> Case:
    """Put the case on one more handling track (e.g. arbitration after mediation failed)."""
    if track not in Track.values:
        raise ValidationError({"track": [_("未知办理途径")]})
    if track in (case.tracks or []):
        return case
    _bump(case, tracks=[*(case.tracks or []), track])
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.TRIAGE,
        track=track,
        summary=M.TRACK_ADDED(track=track),
        note=why,
        data={"track": track},
    )
    return case
