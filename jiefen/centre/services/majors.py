"""The major-case register (领导包案): cases that meet the configured criteria are proposed, a
leader takes charge of each (in charge, not a mediator: the handlers keep their duties), sets a
resolution plan with milestones and deadlines, progress is reported weekly, and the case is
struck off the register (销号) once resolved."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import Role
from jiefen.accounts.notifications import notify
from jiefen.cases.choices import EventKind, Level
from jiefen.cases.models import Case, Claimant
from jiefen.cases.selectors import case_visible
from jiefen.cases.services import case_event_add
from jiefen.cases.transitions import OPEN_STATUSES
from jiefen.centre import policies as P
from jiefen.centre.choices import MajorReason
from jiefen.centre.models import CentreSettings, MajorCase, Milestone, ProgressNote
from jiefen.centre.selectors import leaders_for_case, week_of
from jiefen.centre.services.config import centre_settings
from jiefen.centre.transitions import MAJOR_LIFECYCLE
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, system


def _repeated_workers(config: CentreSettings, now: dt.datetime, *, among=None):
    """Workers who came with a complaint at least the configured number of times lately; of
    `among` (worker ids, or a query of them) when given. Counting every recent claimant of the
    district to ask about one case's workers took 176 ms a case at a million."""
    since = now - dt.timedelta(days=config.major_repeat_days)
    claimants = Claimant.objects.filter(case__received_at__gte=since)
    if among is not None:
        claimants = claimants.filter(worker__in=among)
    return (
        claimants.values("worker")
        .annotate(n=Count("case", distinct=True))
        .filter(n__gte=config.major_repeat_cases)
        .values("worker")
    )


def _criteria_q(config: CentreSettings, now: dt.datetime) -> Q:
    """The configured criteria as one filter (media attention is marked by staff, not found)."""
    q = Q(pk__in=[])
    if config.major_collective:
        q |= Q(collective=True)
    if config.major_amount and config.major_amount > 0:
        q |= Q(claim_total__gte=config.major_amount)
    if config.major_district:
        q |= Q(level=Level.DISTRICT)
    if config.major_repeat_cases:
        q |= Q(claimants__worker__in=_repeated_workers(config, now))
    return q


def _reasons(case: Case, config: CentreSettings, repeated: bool) -> list[str]:
    """The criteria the case meets; `repeated`: whether one of its workers came often lately."""
    found = []
    if config.major_collective and case.collective:
        found.append(MajorReason.COLLECTIVE)
    if config.major_amount and config.major_amount > 0 and case.claim_total >= config.major_amount:
        found.append(MajorReason.AMOUNT)
    if config.major_repeat_cases and repeated:
        found.append(MajorReason.REPEATED)
    if config.major_district and case.level == Level.DISTRICT:
        found.append(MajorReason.DISTRICT)
    return [str(r) for r in found]


def _propose(*, case: Case, actor, reasons: list[str], note: str, media: bool) -> MajorCase | None:
    try:
        with transaction.atomic():
            major = MajorCase.objects.create(
                case=case,
                reasons=reasons,
                reason_note=note[:300],
                media_attention=media,
                proposed_at=timezone.now(),
                proposed_by=actor,
            )
    except IntegrityError:  # already on the register
        return None
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(
            N_("提请列入重大案件：%(why)s"),
            why=[MajorReason(r) for r in major.reasons if r in MajorReason.values],
        ),
        note=note,
        data={"major": major.pk},
    )
    notify(
        users=leaders_for_case(case),
        message=phrase(
            N_("案件%(number)s提请列入重大案件（%(why)s），请认定并明确包案领导"),
            number=case.number,
            why=[MajorReason(r) for r in major.reasons if r in MajorReason.values],
        ),
        link=_major_url(major),
    )
    return major


def _major_url(major: MajorCase) -> str:
    return reverse("centre:major", args=[major.pk])


@system
def majors_screen(*, now: dt.datetime | None = None) -> int:
    """Propose every open case that meets the configured criteria and is not on the register."""
    now = now or timezone.now()
    config = centre_settings()
    candidates = Case.objects.filter(status__in=OPEN_STATUSES, major__isnull=True).filter(
        _criteria_q(config, now)
    )
    # Oldest first; a case joined through two of its workers comes once.
    ids = list(dict.fromkeys(candidates.order_by("received_at", "id").values_list("pk", flat=True)))
    # The workers who came often are read once for the whole screen, not counted again for each
    # candidate; the candidates are read 500 at a time with their workers, and a proposal written
    # before the next chunk is read (a screen that dies part way leaves those on the register).
    repeated = (
        set(_repeated_workers(config, now).values_list("worker", flat=True))
        if config.major_repeat_cases
        else set()
    )
    workers = Prefetch("claimants", queryset=Claimant.objects.only("case_id", "worker_id"))
    proposed = 0
    for start in range(0, len(ids), 500):
        chunk = (
            Case.objects.filter(pk__in=ids[start : start + 500])
            .select_related("village__street", "village__grid_area")
            .prefetch_related(workers)
            .order_by("received_at", "id")
        )
        for case in chunk:
            came_often = any(c.worker_id in repeated for c in case.claimants.all())
            reasons = _reasons(case, config, came_often)
            if reasons and _propose(case=case, actor=None, reasons=reasons, note="", media=False):
                proposed += 1
    return proposed


@guarded(P.MAJOR_PROPOSE, on="case")
def major_propose(*, case: Case, actor, media_attention: bool = False, note: str = "") -> MajorCase:
    """Staff propose a case for the register: the criteria it meets, and media attention, which
    only people can tell."""
    config = centre_settings()
    repeated = bool(config.major_repeat_cases) and (
        _repeated_workers(config, timezone.now(), among=case.claimants.values("worker")).exists()
    )
    reasons = _reasons(case, config, repeated)
    if media_attention and config.major_media:
        reasons.append(str(MajorReason.MEDIA))
    if not reasons and not note.strip():
        raise ValidationError({"note": [_("该案件不符合重大案件标准，请说明提请理由")]})
    major = _propose(
        case=case, actor=actor, reasons=reasons, note=note.strip(), media=media_attention
    )
    if major is None:
        raise ConflictError(_("该案件已在重大案件台账中。"))
    return major


def _milestones_add(major: MajorCase, milestones: list[tuple[str, dt.date]]) -> None:
    today = timezone.localdate()
    rows = []
    for title, due_on in milestones:
        if not title.strip():
            continue
        if due_on < today:
            raise ValidationError({"milestones": [_("节点期限不能早于今天")]})
        rows.append(Milestone(major=major, title=title.strip()[:120], due_on=due_on))
    Milestone.objects.bulk_create(rows)


@guarded(P.MAJOR_TAKE, on="major")
@transaction.atomic
def major_take_charge(
    *,
    major: MajorCase,
    actor,
    leader,
    plan: str,
    milestones: list[tuple[str, dt.date]] | None = None,
) -> MajorCase:
    """Confirm the case as major and name the leader in charge, with the resolution plan. The
    leader steers and answers for it; no mediator duty is given (the handlers keep theirs)."""
    if leader is None or leader.role != Role.LEADER or not leader.is_active:
        raise ValidationError({"leader": [_("包案领导须为在岗领导")]})
    if not case_visible(user=leader, case=major.case):
        raise ValidationError({"leader": [_("该领导的管辖范围不包括本案")]})
    if not plan.strip():
        raise ValidationError({"plan": [_("请填写化解方案")]})
    MAJOR_LIFECYCLE.move(
        major,
        action="take_charge",
        actor=actor,
        fields={"leader": leader, "plan": plan.strip(), "taken_at": timezone.now()},
    )
    _milestones_add(major, milestones or [])
    case_event_add(
        case=major.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(N_("领导包案：%(leader)s"), leader=leader.display_name),
        note=plan.strip(),
        data={"major": major.pk, "leader": leader.pk},
    )
    notify(
        users=[leader],
        message=phrase(N_("您已被明确为案件%(number)s的包案领导"), number=major.case.number),
        link=_major_url(major),
    )
    return major


@guarded(P.MAJOR_TAKE, on="major")
@transaction.atomic
def major_dismiss(*, major: MajorCase, actor, note: str) -> MajorCase:
    """Decide that a proposed case is not major after all, with the reason."""
    MAJOR_LIFECYCLE.move(major, action="dismiss", actor=actor, note=note)
    return major


@guarded(P.MAJOR_PLAN, on="major")
@transaction.atomic
def major_plan_update(
    *,
    major: MajorCase,
    actor,
    version: int,
    plan: str,
    milestones: list[tuple[str, dt.date]] | None = None,
) -> MajorCase:
    """Revise the resolution plan and add milestones; refused on a stale copy."""
    if not MAJOR_LIFECYCLE.allows_step("plan", major):
        raise ConflictError(_("只有包案中的重大案件可以修改化解方案。"))
    if not plan.strip():
        raise ValidationError({"plan": [_("请填写化解方案")]})
    moved = MajorCase.objects.filter(pk=major.pk, version=version).update(
        plan=plan.strip(), version=F("version") + 1, updated_at=timezone.now()
    )
    if moved != 1:
        raise ConflictError(_("化解方案已被他人修改，请刷新后重试。"))
    _milestones_add(major, milestones or [])
    major.refresh_from_db()
    case_event_add(
        case=major.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=_("修改化解方案"),
        note=plan.strip(),
    )
    return major


@guarded(P.MAJOR_NOTE, on="major")
@transaction.atomic
def milestone_done(*, major: MajorCase, milestone: Milestone, actor, note: str = "") -> Milestone:
    """Mark one step of the plan done."""
    if milestone.major_id != major.pk:
        raise ValidationError({"milestone": [_("节点不属于该案件")]})
    moved = Milestone.objects.filter(pk=milestone.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor, done_note=note.strip()[:300]
    )
    if moved != 1:
        raise ConflictError(_("该节点已完成。"))
    milestone.refresh_from_db()
    case_event_add(
        case=major.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=phrase(N_("包案节点完成：%(title)s"), title=milestone.title),
        note=note.strip(),
    )
    return milestone


@guarded(P.MAJOR_NOTE, on="major")
@transaction.atomic
def major_note_add(*, major: MajorCase, actor, text: str) -> ProgressNote:
    """Report this week's progress on a major case in charge."""
    if not MAJOR_LIFECYCLE.allows_step("note", major):
        raise ConflictError(_("只有包案中的重大案件需要报送进展。"))
    if not text.strip():
        raise ValidationError({"text": [_("请填写本周进展")]})
    now = timezone.now()
    note = ProgressNote.objects.create(
        major=major,
        week_of=week_of(timezone.localdate(now)),
        at=now,
        author=actor,
        text=text.strip(),
    )
    case_event_add(
        case=major.case, actor=actor, kind=EventKind.NOTE, summary=_("包案周进展"), note=text
    )
    return note


@guarded(P.MAJOR_CLOSE, on="major")
@transaction.atomic
def major_close(*, major: MajorCase, actor, note: str) -> MajorCase:
    """Strike the case off the register (销号), with how it ended."""
    MAJOR_LIFECYCLE.move(
        major,
        action="close",
        actor=actor,
        note=note,
        fields={"closed_at": timezone.now(), "close_note": note.strip()},
    )
    case_event_add(
        case=major.case, actor=actor, kind=EventKind.NOTE, summary=_("重大案件销号"), note=note
    )
    return major
