"""Every write of the outreach track: the registry, visits, photos, follow-ups and warnings."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from jiefen.accounts.notifications import notify
from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases.choices import Category, Channel, EventKind
from jiefen.cases.models import Case
from jiefen.cases.services import ClaimantInput, case_create, case_event_add
from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.policy import guarded, internal, system
from jiefen.geo.models import Village
from jiefen.outreach import policies as P
from jiefen.outreach import rules
from jiefen.outreach.choices import (
    KIND_CHECKS,
    LEVEL_RANK,
    OPEN_WARNING_STATUSES,
    CheckResult,
    EnterpriseKind,
    Severity,
    WageGuarantee,
    WarningLevel,
    WarningStatus,
)
from jiefen.outreach.models import (
    EarlyWarning,
    Enterprise,
    FollowUp,
    Visit,
    VisitPhoto,
    VisitPlan,
    WarningEvent,
)
from jiefen.outreach.transitions import PLAN_LIFECYCLE, WARNING_LIFECYCLE
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import mask_phone, validate_credit_code, validate_phone

CLOCK_SKEW = dt.timedelta(minutes=2)
OUTREACH_TRACK = "outreach"

# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------

SITE_FIELDS = (
    "general_contractor",
    "project_name",
    "wage_guarantee",
    "wage_guarantee_amount",
    "wage_account",
    "real_name_registration",
    "wage_notice_board",
    "planned_completion",
)
EDITABLE_FIELDS = ("kind", "village", "address", "headcount", "contact_name", *SITE_FIELDS)


@dataclass
class EnterpriseInput:
    name: str
    credit_code: str
    kind: str
    village: Village | None
    address: str = ""
    legal_representative: str = ""
    headcount: int = 0
    contact_name: str = ""
    contact_phone: str = ""
    general_contractor: str = ""
    project_name: str = ""
    wage_guarantee: str = WageGuarantee.NONE
    wage_guarantee_amount: Decimal | None = None
    wage_account: bool = False
    real_name_registration: bool = False
    wage_notice_board: bool = False
    planned_completion: dt.date | None = None


@internal
def enterprise_errors(data: EnterpriseInput, *, check_name: bool = True) -> dict[str, list[str]]:
    """What is wrong with `data`, field by field, in the words a clerk reads."""
    errors: dict[str, list[str]] = {}
    if check_name and not data.name.strip():
        errors["name"] = [_("请填写企业名称")]
    if check_name:
        if not data.credit_code.strip():
            errors["credit_code"] = [_("请填写统一社会信用代码")]
        else:
            try:
                data.credit_code = validate_credit_code(data.credit_code)
            except ValidationError as e:
                errors["credit_code"] = e.messages
    if data.kind not in EnterpriseKind.values:
        errors["kind"] = [_("企业类型应为：规上企业、建筑工地、拆迁企业或其他")]
    if data.village is None:
        errors["village"] = [_("请填写所在村社")]
    if data.headcount is None or data.headcount < 0:
        errors["headcount"] = [_("职工人数不能为负数")]
    if data.contact_phone:
        try:
            data.contact_phone = validate_phone(data.contact_phone)
        except ValidationError as e:
            errors["contact_phone"] = e.messages
    if data.kind == EnterpriseKind.CONSTRUCTION_SITE:
        if not data.project_name.strip():
            errors["project_name"] = [_("建筑工地须填写项目名称")]
        if not data.general_contractor.strip():
            errors["general_contractor"] = [_("建筑工地须填写施工总承包单位")]
        if data.planned_completion is None:
            errors["planned_completion"] = [_("建筑工地须填写计划竣工日期")]
        if data.wage_guarantee not in WageGuarantee.values:
            errors["wage_guarantee"] = [_("工资保证金形式应为：工资保证金、银行保函或未落实")]
        elif data.wage_guarantee != WageGuarantee.NONE and not data.wage_guarantee_amount:
            errors["wage_guarantee_amount"] = [_("请填写保证金或保函金额")]
        if data.wage_guarantee_amount is not None and data.wage_guarantee_amount < 0:
            errors["wage_guarantee_amount"] = [_("金额不能为负数")]
    return errors


def _apply(enterprise: Enterprise, data: EnterpriseInput) -> None:
    enterprise.kind = data.kind
    enterprise.village = data.village
    enterprise.address = data.address.strip()
    enterprise.headcount = data.headcount or 0
    enterprise.contact_name = data.contact_name.strip()
    if data.kind == EnterpriseKind.CONSTRUCTION_SITE:
        for name in SITE_FIELDS:
            setattr(enterprise, name, getattr(data, name))
        if enterprise.wage_guarantee == WageGuarantee.NONE:
            enterprise.wage_guarantee_amount = None
    else:
        # Site fields mean nothing for other kinds: clear them rather than keep stale values.
        defaults = EnterpriseInput(name="", credit_code="", kind="", village=None)
        for name in SITE_FIELDS:
            setattr(enterprise, name, getattr(defaults, name))


@internal
def enterprise_set_contact_phone(enterprise: Enterprise, phone: str) -> None:
    """Store the contact phone encrypted, with a masked copy for display (as parties do)."""
    enterprise.contact_phone_cipher = crypto.encrypt(phone)
    enterprise.contact_phone_masked = mask_phone(phone) if phone else ""


@guarded(P.REGISTER, on="data")
@transaction.atomic
def enterprise_create(*, actor, data: EnterpriseInput) -> Enterprise:
    """Put an employer on the registry; the employer row is the one disputes name."""
    errors = enterprise_errors(data)
    if errors:
        raise ValidationError(errors)
    employer = employer_find_or_create(
        name=data.name,
        credit_code=data.credit_code,
        legal_representative=data.legal_representative.strip(),
        address=data.address.strip(),
        village=data.village,
    )
    if Enterprise.objects.filter(employer=employer).exists():
        raise ValidationError(
            {"credit_code": [_("该单位已在企业名册中：%(name)s") % {"name": employer.name}]}
        )
    enterprise = Enterprise(employer=employer, created_by=actor)
    _apply(enterprise, data)
    enterprise_set_contact_phone(enterprise, data.contact_phone)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as e:
        raise ValidationError({"credit_code": [_("该单位已在企业名册中")]}) from e
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=enterprise,
        summary=f"企业名册登记 {employer.name}",
    )
    return enterprise


class EnterpriseChangedMeanwhile(ConflictError):
    """Someone saved the enterprise since the editor read it: say who, when and what."""

    code = "stale"

    def __init__(self, enterprise: Enterprise) -> None:
        from jiefen.audit.models import AuditEntry

        last = (
            AuditEntry.objects.filter(
                object_type=enterprise._meta.label_lower,
                object_id=str(enterprise.pk),
                action__in=[AuditAction.CREATE, AuditAction.CHANGE],
            )
            .select_related("actor")
            .order_by("-id")
            .first()
        )
        who = last.actor.display_name if last and last.actor else _("他人")
        when = f"{timezone.localtime(last.at):%H:%M}" if last else ""
        what = last.summary if last else ""
        super().__init__(
            _("企业信息已被%(who)s于%(when)s修改（%(what)s），您的修改未保存，请刷新后重试。")
            % {"who": who, "when": when, "what": what}
        )


def _field_label(name: str) -> str:
    return str(Enterprise._meta.get_field(name).verbose_name)


@guarded(P.REGISTER, on="enterprise")
@transaction.atomic
def enterprise_update(
    *, enterprise: Enterprise, actor, data: EnterpriseInput, version: int
) -> Enterprise:
    """Change what the registry keeps about an enterprise (its name and code stay the
    employer's); refused if someone saved it since `version` was read, so nobody's edit is
    silently undone."""
    data.name, data.credit_code = enterprise.employer.name, enterprise.employer.credit_code or ""
    errors = enterprise_errors(data, check_name=False)
    if errors:
        raise ValidationError(errors)
    if version != enterprise.version:
        raise EnterpriseChangedMeanwhile(enterprise)
    before = {f: getattr(enterprise, f) for f in EDITABLE_FIELDS}
    _apply(enterprise, data)
    names = list(EDITABLE_FIELDS)
    if data.contact_phone:
        enterprise_set_contact_phone(enterprise, data.contact_phone)
        names += ["contact_phone_cipher", "contact_phone_masked"]
    changed = [f for f in EDITABLE_FIELDS if getattr(enterprise, f) != before[f]]
    now = timezone.now()
    values = {f: getattr(enterprise, f) for f in names}
    # Compare-and-swap on the version: of two people saving the same page, the second is told.
    if (
        Enterprise.objects.filter(pk=enterprise.pk, version=version).update(
            **values, updated_at=now, version=F("version") + 1
        )
        != 1
    ):
        raise EnterpriseChangedMeanwhile(enterprise)
    enterprise.version, enterprise.updated_at = version + 1, now
    if data.contact_phone and "contact_phone_masked" not in changed:
        changed.append("contact_phone_masked")
    labels = "、".join(_field_label(f) for f in changed) or _("未改动")
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=enterprise,
        summary=f"修改企业信息 {enterprise.name}：{labels}"[:300],
        before={f: before[f] for f in changed if f in before},
        after={f: getattr(enterprise, f) for f in changed if f in before},
    )
    return enterprise


@guarded(P.REVEAL, on="enterprise")
def enterprise_contact_reveal(*, enterprise: Enterprise, actor, reason: str, request=None) -> str:
    """The full contact phone; every call is written to the audit trail."""
    if not reason.strip():
        raise ValidationError({"reason": _("请说明查看完整号码的理由")})
    value = crypto.decrypt(enterprise.contact_phone_cipher)
    audit_record(
        action=AuditAction.REVEAL,
        actor=actor,
        request=request,
        obj=enterprise,
        summary=f"{enterprise.name} contact_phone: {reason.strip()}"[:300],
    )
    return value


@internal
def enterprise_input_fields() -> list[str]:
    return [f.name for f in fields(EnterpriseInput)]


# ---------------------------------------------------------------------------------------------
# Visits
# ---------------------------------------------------------------------------------------------


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
        message=f"走访跟进：{visit.enterprise.name} {task.strip()}（{due_on:%m月%d日}前）",
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


# ---------------------------------------------------------------------------------------------
# Warnings
# ---------------------------------------------------------------------------------------------


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
            if LEVEL_RANK[finding.level] > LEVEL_RANK[open_one.level]:
                open_one.level = finding.level
            # New evidence is a change a person acting on the old page should hear of.
            EarlyWarning.objects.filter(pk=open_one.pk).update(
                evidence=open_one.evidence,
                fingerprint=open_one.fingerprint,
                reason=open_one.reason,
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
            message=f"{warning.get_level_display()}预警：{warning.reason}",
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
        summary=f"由网格预警转为案件：{warning.get_rule_display()}",
        note=warning.reason,
        data={"warning_id": warning.pk, "evidence": warning.evidence},
    )
    return case
