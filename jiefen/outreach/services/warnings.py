"""Early warnings: raising them from the rules, the daily run, acting on them, turning one into a case."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.notifications import notify
from jiefen.cases.choices import Category, Channel, EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_create, case_event_add
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, system
from jiefen.geo.models import Village
from jiefen.outreach import policies as P
from jiefen.outreach import rules
from jiefen.outreach.choices import (
    LEVEL_RANK,
    OPEN_WARNING_STATUSES,
    WarningLevel,
    WarningRule,
    WarningStatus,
)
from jiefen.outreach.models import (
    EarlyWarning,
    WarningEvent,
)
from jiefen.outreach.transitions import WARNING_LIFECYCLE

OUTREACH_TRACK = "outreach"


class WarningChangedMeanwhile(ConflictError):
    """Someone moved the warning since the page was read: say who, when and to what."""

    code = "stale"

    def __init__(self, warning: EarlyWarning) -> None:
        last = (
            WarningEvent.objects.filter(warning_id=warning.pk)
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        who = last.actor.display_name if last and last.actor else _("他人")
        when = f"{timezone.localtime(last.at):%H:%M}" if last else ""
        what = WarningStatus(last.new_status).label if last else ""
        super().__init__(
            _("预警已被%(who)s于%(when)s处理（%(what)s），您的操作未保存，请刷新后重试。")
            % {"who": who, "when": when, "what": what}
        )


def _owner_for(village_id: int):
    village = Village.objects.select_related("grid_area__inspector").get(pk=village_id)
    return village.grid_area.inspector if village.grid_area else None


@system
@transaction.atomic
def warning_raise(*, finding: rules.Finding, now: dt.datetime | None = None) -> EarlyWarning | None:
    """Raise the warning a rule found, unless one is open for the rule and employer (then its
    evidence is brought up to date) or a closed one rested on exactly this evidence."""
    now = now or timezone.now()
    evidence = [e.as_dict() for e in finding.evidence]
    fingerprint = finding.fingerprint
    open_one = (
        EarlyWarning.objects.select_for_update()
        .filter(
            rule=finding.rule, employer_id=finding.employer_id, status__in=OPEN_WARNING_STATUSES
        )
        .first()
    )
    if open_one is not None:
        if open_one.fingerprint != fingerprint:
            open_one.evidence, open_one.fingerprint, open_one.reason = (
                evidence,
                fingerprint,
                finding.reason[:300],
            )
            open_one.reason_message = finding.said.code
            open_one.reason_params = dict(finding.said.params)
            if LEVEL_RANK[finding.level] > LEVEL_RANK[open_one.level]:
                open_one.level = finding.level
            # New evidence is a change a person acting on the old page should hear of.
            EarlyWarning.objects.filter(pk=open_one.pk).update(
                evidence=open_one.evidence,
                fingerprint=open_one.fingerprint,
                reason=open_one.reason,
                reason_message=open_one.reason_message,
                reason_params=open_one.reason_params,
                level=open_one.level,
                updated_at=now,
                version=F("version") + 1,
            )
        return None
    if EarlyWarning.objects.filter(
        rule=finding.rule, employer_id=finding.employer_id, fingerprint=fingerprint
    ).exists():
        return None
    owner = _owner_for(finding.village_id)
    warning = EarlyWarning(
        rule=finding.rule,
        level=finding.level,
        employer_id=finding.employer_id,
        enterprise_id=finding.enterprise_id,
        village_id=finding.village_id,
        owner=owner,
        reason=finding.reason[:300],
        reason_message=finding.said.code,
        reason_params=dict(finding.said.params),
        evidence=evidence,
        fingerprint=fingerprint,
        raised_at=now,
    )
    try:
        with transaction.atomic():
            warning.save()
    except IntegrityError:
        return None  # a parallel run raised it a moment ago
    WarningEvent.objects.create(
        warning=warning, at=now, new_status=WarningStatus.NEW, note=finding.reason[:300]
    )
    if owner is not None:
        notify(
            users=[owner],
            message=phrase(
                N_("%(level)s预警：%(reason)s"),
                level=WarningLevel(warning.level),
                reason=finding.said,
            ),
            link=warning.get_absolute_url(),
            # A text message only for the levels that cannot wait for the next login.
            sms=warning.level in (WarningLevel.ORANGE, WarningLevel.RED),
        )
    return warning


@system
def warnings_run(*, now: dt.datetime | None = None) -> int:
    """The daily run: every rule over everything; returns how many warnings were raised."""
    raised = 0
    for finding in rules.findings_all(now=now):
        if warning_raise(finding=finding, now=now) is not None:
            raised += 1
    return raised


# The actions a warning's page offers beside turning it into a case.
WARNING_ACTIONS = ("acknowledge", "handle", "close")


def _check_version(warning: EarlyWarning, version: int | None) -> None:
    if version is not None and version != warning.version:
        raise WarningChangedMeanwhile(warning)


def _closing(note: str) -> dict:
    return {"closed_at": timezone.now(), "close_note": note}


@guarded(P.WARNING, on="warning")
@transaction.atomic
def warning_act(
    *, warning: EarlyWarning, action: str, actor, note: str = "", version: int | None = None
) -> EarlyWarning:
    """Acknowledge, start handling, or close a warning (closing needs a note); refused if
    someone moved it since `version` was read."""
    if action not in WARNING_ACTIONS:
        raise ValidationError({"action": [_("未知操作")]})
    _check_version(warning, version)
    note = note.strip()
    if action == "close" and not note:
        raise ValidationError({"note": [_("关闭预警须填写处置说明")]})
    fields = _closing(note) if action == "close" else {}
    return WARNING_LIFECYCLE.move(warning, action=action, actor=actor, note=note, fields=fields).obj


@guarded(P.CONVERT, on="warning")
@transaction.atomic
def warning_convert(
    *,
    warning: EarlyWarning,
    actor,
    claimant_name: str,
    claimant_phone: str = "",
    category: str = Category.WAGE_ARREARS,
    summary: str = "",
    version: int | None = None,
) -> Case:
    """Turn a warning into a case (channel grid_visit); the warning ends there."""
    _check_version(warning, version)
    t = WARNING_LIFECYCLE.transition("convert")
    if not WARNING_LIFECYCLE.allows_from("convert", warning.status):
        raise MoveNotAllowed(
            subject=WARNING_LIFECYCLE.subject,
            state_label=WARNING_LIFECYCLE.state_label(warning.status),
            transition=t,
        )
    case = case_create(
        actor=actor,
        channel=Channel.GRID_VISIT,
        category=category,
        summary=(summary or warning.reason).strip(),
        village=warning.village,
        employer=warning.employer,
        claimants=[ClaimantInput(name=claimant_name, phone=claimant_phone, representative=True)],
    )
    note = f"{_('转为案件')} {case.number}"
    WARNING_LIFECYCLE.move(
        warning, action="convert", actor=actor, note=note, fields={"case": case, **_closing(note)}
    )
    case_event_add(
        case=case,
        actor=actor,
        kind=EventKind.TRACK,
        track=OUTREACH_TRACK,
        summary=phrase(N_("由网格预警转为案件：%(rule)s"), rule=WarningRule(warning.rule)),
        note=warning.reason,
        data={"warning_id": warning.pk, "evidence": warning.evidence},
    )
    return case
