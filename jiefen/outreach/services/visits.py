"""Visits: plans, the visit and its checklist, photos and follow-ups."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from PIL import Image, UnidentifiedImageError

from jiefen.accounts.notifications import notify
from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded, internal
from jiefen.outreach import policies as P
from jiefen.outreach import rules
from jiefen.outreach.choices import (
    KIND_CHECKS,
    CheckResult,
    Severity,
)
from jiefen.outreach.models import (
    Enterprise,
    FollowUp,
    Visit,
    VisitPhoto,
    VisitPlan,
)
from jiefen.outreach.services.warnings import warning_raise
from jiefen.outreach.transitions import PLAN_LIFECYCLE

CLOCK_SKEW = dt.timedelta(minutes=2)


@guarded(P.VISIT, on="enterprise")
@transaction.atomic
def visit_plan_create(
    *, actor, enterprise: Enterprise, planned_for: dt.date, assignee, note: str = ""
) -> VisitPlan:
    """Plan a visit to an enterprise of the grid area."""
    if planned_for < timezone.localdate() - dt.timedelta(days=1):
        raise ValidationError({"planned_for": [_("计划日期不能早于今天")]})
    return VisitPlan.objects.create(
        enterprise=enterprise,
        planned_for=planned_for,
        assignee=assignee,
        note=note.strip(),
        created_by=actor,
    )


@guarded(P.VISIT, on="plan")
@transaction.atomic
def visit_plan_cancel(*, plan: VisitPlan, actor) -> VisitPlan:
    """Cancel a planned visit that has not taken place."""
    return PLAN_LIFECYCLE.move(plan, action="cancel", actor=actor).obj


@internal
def checklist_errors(*, kind: str, checklist: dict[str, str]) -> list[str]:
    items = KIND_CHECKS[kind]
    errors = []
    if set(checklist) - set(items):
        errors.append(_("检查项与企业类型不符"))
    if any(checklist.get(i) not in CheckResult.values for i in items):
        errors.append(_("请为每一项检查选择：正常、有问题或不适用"))
    return errors


@guarded(P.VISIT, on="enterprise")
@transaction.atomic
def visit_record(
    *,
    actor,
    enterprise: Enterprise,
    visited_at: dt.datetime,
    visitor,
    checklist: dict[str, str],
    findings: str = "",
    severity: str = Severity.NONE,
    headcount_seen: int | None = None,
    companions: str = "",
    plan: VisitPlan | None = None,
) -> Visit:
    """Record a visit; a serious finding or a drop in headcount raises its warning at once."""
    errors: dict[str, list[str]] = {}
    if visited_at > timezone.now() + CLOCK_SKEW:
        errors["visited_at"] = [_("走访时间不能晚于现在")]
    check = checklist_errors(kind=enterprise.kind, checklist=checklist)
    if check:
        errors["checklist"] = check
    if severity not in Severity.values:
        errors["severity"] = [_("未知的严重程度")]
    elif severity != Severity.NONE and not findings.strip():
        errors["findings"] = [_("请写明发现的问题")]
    if any(v == CheckResult.PROBLEM for v in checklist.values()) and severity == Severity.NONE:
        errors["severity"] = [_("检查项有问题时，请选择严重程度")]
    if headcount_seen is not None and headcount_seen < 0:
        errors["headcount_seen"] = [_("人数不能为负数")]
    if plan is not None and plan.enterprise_id != enterprise.pk:
        errors["plan"] = [_("走访计划不属于该企业")]
    if errors:
        raise ValidationError(errors)
    if plan is not None:
        PLAN_LIFECYCLE.move(plan, action="complete", actor=actor)
    visit = Visit.objects.create(
        enterprise=enterprise,
        plan=plan,
        visited_at=visited_at,
        visitor=visitor,
        companions=companions.strip(),
        checklist={i: checklist[i] for i in KIND_CHECKS[enterprise.kind]},
        findings=findings.strip(),
        severity=severity,
        headcount_seen=headcount_seen,
    )
    # The visit-based rules run now for this employer, so the board shows the warning at once.
    for finding in rules.findings_all(
        rules=rules.VISIT_RULES, employer_ids=[enterprise.employer_id]
    ):
        warning_raise(finding=finding)
    return visit


# Photos: at most this size; the type is read from the content, never from the name.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


@internal
def photo_check(data: bytes) -> tuple[str, str]:
    """(content type, extension) of an image upload, or a ValidationError."""
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationError({"file": [_("照片不能超过10MB")]})
    if not data:
        raise ValidationError({"file": [_("文件为空")]})
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ValidationError({"file": [_("文件不是有效的图片")]}) from e
    if fmt not in PHOTO_FORMATS:
        raise ValidationError({"file": [_("只能上传JPEG、PNG或WebP格式的照片")]})
    return PHOTO_FORMATS[fmt]


@guarded(P.VISIT, on="visit")
@transaction.atomic
def visit_photo_add(*, visit: Visit, actor, data: bytes, caption: str = "") -> VisitPhoto:
    """Attach a photo to a visit, stored under MEDIA_ROOT with a name of our own."""
    content_type, ext = photo_check(data)
    photo = VisitPhoto(
        visit=visit,
        content_type=content_type,
        size=len(data),
        caption=caption.strip()[:100],
        uploaded_by=actor,
    )
    photo.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    photo.save()
    return photo


@guarded(P.VISIT, on="visit")
@transaction.atomic
def follow_up_create(*, visit: Visit, actor, task: str, owner, due_on: dt.date) -> FollowUp:
    """A task the visit leaves: who does what by when."""
    errors = {}
    if not task.strip():
        errors["task"] = [_("请填写跟进事项")]
    if due_on < timezone.localdate(visit.visited_at):
        errors["due_on"] = [_("完成期限不能早于走访日期")]
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(visit=visit, task=task.strip(), owner=owner, due_on=due_on)
    notify(
        users=[owner],
        message=phrase(
            N_("走访跟进：%(enterprise)s %(task)s（%(due)s前）"),
            enterprise=visit.enterprise.name,
            task=task.strip(),
            due=due_on,
        ),
        link=visit.get_absolute_url(),
        sms=False,
    )
    return follow_up


@guarded(P.VISIT, on="follow_up")
@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, actor, note: str = "") -> FollowUp:
    """Mark a follow-up task done."""
    now = timezone.now()
    moved = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
        done_at=now, done_note=note.strip()[:200], updated_at=now
    )
    if moved != 1:
        raise ConflictError(_("该跟进事项已完成"))
    follow_up.done_at, follow_up.done_note = now, note.strip()[:200]
    return follow_up


class VisitChangedMeanwhile(ConflictError):
    """Someone corrected the visit since the editor read it: say who, when and what."""

    code = "stale"

    def __init__(self, visit: Visit) -> None:
        from jiefen.audit.models import AuditEntry

        last = (
            AuditEntry.objects.filter(
                object_type=visit._meta.label_lower,
                object_id=str(visit.pk),
                action=AuditAction.CHANGE,
            )
            .select_related("actor")
            .order_by("-id")
            .first()
        )
        who = last.actor.display_name if last and last.actor else _("他人")
        when = f"{timezone.localtime(last.at):%H:%M}" if last else ""
        what = last.summary if last else ""
        super().__init__(
            _("走访记录已被%(who)s于%(when)s修改（%(what)s），您的修改未保存，请刷新后重试。")
            % {"who": who, "when": when, "what": what}
        )


# What a visit's record may be corrected in after the fact (the checklist and the time stay).
VISIT_CORRECTABLE = ("findings", "severity", "headcount_seen", "companions")


@guarded(P.VISIT, on="visit")
@transaction.atomic
def visit_update(*, visit: Visit, actor, version: int, **changes) -> Visit:
    """Correct what a visit's record says; refused, naming who changed it and what, if someone
    corrected it since `version` was read."""
    unknown = set(changes) - set(VISIT_CORRECTABLE)
    if unknown:
        raise ValidationError({f: [_("该字段不能修改")] for f in unknown})
    if version != visit.version:
        raise VisitChangedMeanwhile(visit)
    values = {f: changes.get(f, getattr(visit, f)) for f in VISIT_CORRECTABLE}
    values["findings"] = (values["findings"] or "").strip()
    values["companions"] = (values["companions"] or "").strip()
    errors: dict[str, list[str]] = {}
    if values["severity"] not in Severity.values:
        errors["severity"] = [_("未知的严重程度")]
    elif values["severity"] != Severity.NONE and not values["findings"]:
        errors["findings"] = [_("请写明发现的问题")]
    if values["headcount_seen"] is not None and values["headcount_seen"] < 0:
        errors["headcount_seen"] = [_("人数不能为负数")]
    if errors:
        raise ValidationError(errors)
    changed = [f for f in VISIT_CORRECTABLE if values[f] != getattr(visit, f)]
    if not changed:
        return visit
    before = {f: getattr(visit, f) for f in changed}
    now = timezone.now()
    if (
        Visit.objects.filter(pk=visit.pk, version=version).update(
            **values, updated_at=now, version=F("version") + 1
        )
        != 1
    ):
        raise VisitChangedMeanwhile(visit)
    for name, value in values.items():
        setattr(visit, name, value)
    visit.version, visit.updated_at = version + 1, now
    labels = "、".join(str(Visit._meta.get_field(f).verbose_name) for f in changed)
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=visit,
        summary=f"更正走访记录 {visit.enterprise.name}：{labels}"[:300],
        before=before,
        after={f: values[f] for f in changed},
    )
    return visit
