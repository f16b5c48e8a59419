"""The enterprise registry: registering, editing against a version, revealing the contact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.core import crypto
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import guarded, internal
from jiefen.geo.models import Village
from jiefen.outreach import policies as P
from jiefen.outreach.choices import (
    EnterpriseKind,
    WageGuarantee,
)
from jiefen.outreach.models import (
    Enterprise,
)
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import mask_phone, validate_credit_code, validate_phone

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
