"""Taking a complaint or report: from a case on the inspection track, or straight to the squad
(with its own case); the two-year look-back warning and the 5-working-day clock to decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.accounts.models import User
from jiefen.cases.choices import Category, Track
from jiefen.cases.clocks import (
    clock_start,
)
from jiefen.cases.models import Case, Clock
from jiefen.cases.services import ClaimantInput, case_create
from jiefen.cases.tracks import case_track_open
from jiefen.cases.transitions import CASE_LIFECYCLE
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import guarded, system
from jiefen.geo.models import Village
from jiefen.inspection import policies as P
from jiefen.inspection.choices import (
    LOOKBACK_YEARS,
    OPEN_5,
    ComplaintKind,
    Source,
)
from jiefen.inspection.models import (
    Inspection,
)
from jiefen.inspection.services.common import _event, _local, _not_future
from jiefen.parties.models import Employer


@system
def lookback_limit_passed(*, ended_on: dt.date, received_on: dt.date) -> bool:
    """True when the violation ended more than 2 years before the complaint (条例第二十条)."""
    try:
        limit = ended_on.replace(year=ended_on.year + LOOKBACK_YEARS)
    except ValueError:  # 29 February: the period ends on 28 February two years on
        limit = ended_on.replace(year=ended_on.year + LOOKBACK_YEARS, day=28)
    return received_on > limit


def _open_clock(inspection: Inspection, actor) -> Clock:
    # Its period and article: the catalogue (jiefen/cases/clockrules.py).
    return clock_start(
        case=inspection.case, kind=OPEN_5, started_at=inspection.received_at, actor=actor
    )


@transaction.atomic
def _inspection_create(
    *,
    case: Case,
    actor: User,
    kind: str,
    source: str,
    anonymous: bool,
    allegation: str,
    received_at: dt.datetime,
    violation_ended_on: dt.date | None,
) -> Inspection:
    warning = ""
    if violation_ended_on and lookback_limit_passed(
        ended_on=violation_ended_on, received_on=_local(received_at)
    ):
        # A warning, not a refusal: whether the violation went on is for the inspector to judge.
        warning = _(
            "违法行为于%(day)s终了，距收到投诉举报已超过2年：依《劳动保障监察条例》第二十条不再查处，"
            "请核实是否存在连续或继续状态。"
        ) % {"day": violation_ended_on.isoformat()}
    inspector = (
        case.assignments.filter(active=True, duty="inspector").select_related("user").first()
    )
    inspection = Inspection.objects.create(
        case=case,
        kind=kind,
        source=source,
        anonymous=anonymous,
        allegation=allegation.strip(),
        received_at=received_at,
        violation_ended_on=violation_ended_on,
        lookback_warning=warning[:200],
        inspector=inspector.user if inspector else (actor if P.INVESTIGATE.holds(actor) else None),
    )
    who = _("匿名") if anonymous else ""
    _event(
        inspection,
        actor,
        f"收到{who}{ComplaintKind(kind).label}（{Source(source).label}）",
        note=allegation.strip(),
        kind=kind,
        anonymous=anonymous,
    )
    if warning:
        _event(inspection, actor, _("两年查处时效提示"), note=warning, warning="lookback")
    _open_clock(inspection, actor)
    return inspection


def _validate_complaint(kind: str, allegation: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = [_("未知类型")]
    if not allegation.strip():
        errors["allegation"] = [_("请填写投诉举报事项")]
    return errors


@guarded(P.RECEIVE, on="case")
@transaction.atomic
def complaint_receive_from_case(
    *,
    case: Case,
    actor: User,
    kind: str = ComplaintKind.COMPLAINT,
    allegation: str = "",
    received_at: dt.datetime | None = None,
    violation_ended_on: dt.date | None = None,
) -> Inspection:
    """Take a case that triage put on the inspection track as a complaint (named by its claimants)."""
    CASE_LIFECYCLE.check_held(case)  # merged into another: held before the input is checked
    received_at = _not_future(received_at, "received_at")
    errors = _validate_complaint(kind, allegation or case.summary)
    if errors:
        raise ValidationError(errors)
    if Track.INSPECTION not in (case.tracks or []):
        raise ConflictError(_("该案件未分流至劳动监察途径。"))
    if Inspection.objects.filter(case=case).exists():
        raise ConflictError(_("该案件已有劳动监察记录。"))
    # The track contract: the case must be active, and is put in hand once.
    case = case_track_open(case=case, track=Track.INSPECTION, actor=actor, why=_("转入劳动监察"))
    return _inspection_create(
        case=case,
        actor=actor,
        kind=kind,
        source=Source.CASE,
        anonymous=False,
        allegation=allegation or case.summary,
        received_at=received_at,
        violation_ended_on=violation_ended_on,
    )


@guarded(P.RECEIVE, on="village")
@transaction.atomic
def complaint_receive_direct(
    *,
    actor: User,
    kind: str,
    village: Village,
    employer: Employer,
    allegation: str,
    channel: str = "walk_in",
    category: str = Category.WAGE_ARREARS,
    complainants: list[ClaimantInput] | None = None,
    anonymous: bool = False,
    claims: list[tuple[str, Decimal | None]] | None = None,
    received_at: dt.datetime | None = None,
    violation_ended_on: dt.date | None = None,
) -> Inspection:
    """A complaint or report made straight to the inspection squad: it gets its own case (number,
    timeline) through case_create; an anonymous report names no worker."""
    received_at = _not_future(received_at, "received_at")
    errors = _validate_complaint(kind, allegation)
    complainants = complainants or []
    if anonymous and complainants:
        errors["complainants"] = [_("匿名举报不登记举报人身份")]
    if not anonymous and not complainants:
        errors["complainants"] = [_("具名投诉须登记至少一名投诉人")]
    if anonymous and kind == ComplaintKind.COMPLAINT:
        # 投诉 is by the worker whose rights were infringed; a person who stays unnamed reports.
        errors["kind"] = [_("匿名的只能作为举报受理")]
    if errors:
        raise ValidationError(errors)
    case = case_create(
        actor=actor,
        channel=channel,
        category=category,
        summary=allegation,
        village=village,
        received_at=received_at,
        claimants=complainants,
        claims=claims,
        employer=employer,
        anonymous=anonymous,
    )
    return _inspection_create(
        case=case,
        actor=actor,
        kind=kind,
        source=Source.DIRECT,
        anonymous=anonymous,
        allegation=allegation,
        received_at=received_at,
        violation_ended_on=violation_ended_on,
    )
