"""Registry rows and visits built through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiefen.cases.tests.factories import credit_code
from jiefen.geo.models import Village
from jiefen.outreach.choices import KIND_CHECKS, CheckResult, EnterpriseKind, Severity
from jiefen.outreach.models import Enterprise, Visit
from jiefen.outreach.services import EnterpriseInput, enterprise_create, visit_record

_seq = iter(range(500_000, 10**6))


def make_enterprise(
    *,
    actor,
    kind: str = EnterpriseKind.ABOVE_SCALE,
    village_code: str = "330106010002",
    name: str | None = None,
    planned_completion: dt.date | None = None,
    headcount: int = 100,
    **extra,
) -> Enterprise:
    seq = next(_seq)
    site = kind == EnterpriseKind.CONSTRUCTION_SITE
    data = EnterpriseInput(
        name=name or f"杭州测试{seq}有限公司",
        credit_code=credit_code(seq),
        kind=kind,
        village=Village.objects.get(code=village_code),
        headcount=headcount,
        contact_name="王经理",
        contact_phone="13905712345",
        general_contractor="浙江测试建工集团有限公司" if site else "",
        project_name=f"测试安置房{seq}号项目" if site else "",
        planned_completion=planned_completion
        or (timezone.localdate() + dt.timedelta(days=200) if site else None),
        **extra,
    )
    return enterprise_create(actor=actor, data=data)


def all_ok(enterprise: Enterprise, **overrides) -> dict[str, str]:
    checklist = dict.fromkeys(KIND_CHECKS[enterprise.kind], CheckResult.OK)
    checklist.update(overrides)
    return checklist


def make_visit(
    *,
    actor,
    enterprise: Enterprise,
    visited_at: dt.datetime | None = None,
    severity: str = Severity.NONE,
    findings: str = "",
    headcount_seen: int | None = None,
    checklist: dict | None = None,
) -> Visit:
    return visit_record(
        actor=actor,
        enterprise=enterprise,
        visited_at=visited_at or timezone.now(),
        visitor=actor,
        checklist=checklist or all_ok(enterprise),
        findings=findings,
        severity=severity,
        headcount_seen=headcount_seen,
    )
