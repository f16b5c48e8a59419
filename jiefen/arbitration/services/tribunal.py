"""The tribunal: composition, conversion to the ordinary procedure, recusal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.accounts.notifications import notify
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import (
    SIMPLIFIED_30,
    HearingStatus,
    MemberRole,
    Procedure,
    RecusalDecision,
    Side,
    SimplifiedBasis,
)
from jiefen.arbitration.models import (
    Application,
    HearingSeat,
    Recusal,
    TribunalMember,
)
from jiefen.arbitration.rules import (
    simplified_eligible,
)
from jiefen.arbitration.services._common import (
    _clock,
    _event,
    _move,
    _require_step,
    _require_unheld,
    _start,
)
from jiefen.arbitration.transitions import (
    RECUSAL_LIFECYCLE,
)
from jiefen.cases.clocks import (
    clock_cancel,
)
from jiefen.core.exceptions import ConflictError
from jiefen.core.lifecycle import ChangedMeanwhile
from jiefen.core.messages import phrase
from jiefen.core.policy import guarded


def _check_arbitrators(arbitrators: list[User], count: int) -> None:
    if len(arbitrators) != count or len({a.pk for a in arbitrators}) != count:
        raise ValidationError({"arbitrators": [_("请选择%(n)d名不同的仲裁员") % {"n": count}]})
    if any(not a.is_active or a.role != Role.ARBITRATOR for a in arbitrators):
        raise ValidationError({"arbitrators": [_("只能选择在岗的仲裁员")]})


def _seat(application: Application, arbitrators: list[User], procedure: str) -> None:
    roles = (
        [MemberRole.SOLE]
        if procedure == Procedure.SIMPLIFIED
        else [MemberRole.PRESIDING, MemberRole.MEMBER, MemberRole.MEMBER]
    )
    TribunalMember.objects.bulk_create(
        [
            TribunalMember(application=application, arbitrator=a, role=r)
            for a, r in zip(arbitrators, roles, strict=True)
        ]
    )


@guarded(P.PROCEED, on="application")
@transaction.atomic
def tribunal_compose(
    *,
    application: Application,
    actor: User,
    procedure: str,
    arbitrators: list[User],
    simplified_basis: str = "",
) -> Application:
    """Three arbitrators (the first presides), or a sole arbitrator under the simplified procedure
    (《劳动争议调解仲裁法》第三十一条)."""
    _require_unheld(application)
    if application.composed_at is not None:
        raise ConflictError(_("仲裁庭已组成；如需变更请使用转普通程序或回避。"))
    if procedure not in Procedure.values:
        raise ValidationError({"procedure": [_("请选择程序")]})
    if procedure == Procedure.SIMPLIFIED:
        if simplified_basis not in SimplifiedBasis.values:
            raise ValidationError({"simplified_basis": [_("请选择适用简易程序的依据")]})
        ok, why = simplified_eligible(application, basis=simplified_basis)
        if not ok:
            raise ValidationError({"simplified_basis": [why]})
        _check_arbitrators(arbitrators, 1)
    else:
        simplified_basis = ""
        _check_arbitrators(arbitrators, 3)
    now = timezone.now()
    _move(
        application,
        action="compose",
        actor=actor,
        summary=phrase(
            N_("组成仲裁庭（%(procedure)s）：%(names)s"),
            procedure=Procedure(procedure),
            names=[a.display_name for a in arbitrators],
        ),
        procedure=procedure,
        simplified_basis=simplified_basis,
        composed_at=now,
    )
    _seat(application, arbitrators, procedure)
    if procedure == Procedure.SIMPLIFIED:
        # 条例第三十九条: thirty days, counted from acceptance.
        _start(application, kind=SIMPLIFIED_30, start=application.accepted_at, actor=actor)
    notify(
        users=arbitrators,
        message=phrase(N_("您已被指定为案件 %(number)s 的仲裁员"), number=application.case.number),
        link=application.get_absolute_url(),
    )
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def tribunal_convert_to_ordinary(
    *, application: Application, actor: User, arbitrators: list[User], reason: str
) -> Application:
    """A simplified case turns out complex: it goes on under the ordinary procedure."""
    _require_unheld(application)
    if application.procedure != Procedure.SIMPLIFIED:
        raise ConflictError(_("只有简易程序的案件可以转为普通程序。"))
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写转为普通程序的理由")]})
    if application.hearings.filter(status=HearingStatus.SCHEDULED).exists():
        raise ConflictError(_("请先取消已排期的开庭，再转为普通程序并重新排期。"))
    _check_arbitrators(arbitrators, 3)
    _move(
        application,
        action="convert",
        actor=actor,
        summary=phrase(
            N_("简易程序转为普通程序：%(names)s"), names=[a.display_name for a in arbitrators]
        ),
        note=reason.strip(),
        procedure=Procedure.ORDINARY,
        simplified_basis="",
    )
    application.members.filter(active=True).update(active=False)
    _seat(application, arbitrators, Procedure.ORDINARY)
    clock = _clock(application, SIMPLIFIED_30)
    if clock is not None:
        # The ordinary period goes on from acceptance (the 45-day clock has run since then).
        clock_cancel(
            clock=clock,
            actor=actor,
            reason="转为普通程序，审理期限自受理之日起连续计算"
            "（《浙江省劳动人事争议调解仲裁条例》第三十九条）",
        )
    return application


@guarded(P.PROCEED, on="application")
@transaction.atomic
def recusal_request(
    *, application: Application, actor: User, arbitrator: User, requested_by: str, reason: str
) -> Recusal:
    """A party asks that an arbitrator step aside (《劳动争议调解仲裁法》第三十三条)."""
    _require_step(application, "recusal_request")
    if not application.members.filter(arbitrator=arbitrator, active=True).exists():
        raise ValidationError({"arbitrator": [_("该仲裁员不是本案仲裁庭成员")]})
    if requested_by not in Side.values:
        raise ValidationError({"requested_by": [_("请选择提出申请的一方")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写回避理由")]})
    recusal = Recusal.objects.create(
        application=application,
        arbitrator=arbitrator,
        requested_by=requested_by,
        reason=reason.strip(),
        requested_at=timezone.now(),
    )
    _event(
        application,
        actor=actor,
        summary=phrase(
            N_("%(side)s申请仲裁员%(name)s回避"),
            side=Side(requested_by),
            name=arbitrator.display_name,
        ),
        note=reason.strip(),
    )
    return recusal


@guarded(P.PROCEED, on="recusal")
@transaction.atomic
def recusal_decide(
    *,
    recusal: Recusal,
    actor: User,
    decision: str,
    note: str = "",
    replacement: User | None = None,
) -> Recusal:
    """Decide a recusal request; granted, the arbitrator leaves the tribunal (and hearings)."""
    _require_unheld(recusal.application)
    action = {RecusalDecision.GRANTED: "grant", RecusalDecision.REFUSED: "refuse"}.get(decision)
    if action is None:
        raise ValidationError({"decision": [_("请选择决定回避或驳回申请")]})
    if not RECUSAL_LIFECYCLE.allows_from(action, recusal.decision):
        raise ConflictError(_("该回避申请已作出决定。"))
    try:
        RECUSAL_LIFECYCLE.move(
            recusal,
            action=action,
            actor=actor,
            note=note.strip(),
            fields={
                "decided_at": timezone.now(),
                "decided_by": actor,
                "decision_note": note.strip(),
            },
            data={
                "summary": phrase(
                    N_("回避决定：%(name)s %(decision)s，由%(other)s接替")
                    if replacement
                    else N_("回避决定：%(name)s %(decision)s"),
                    name=recusal.arbitrator.display_name,
                    decision=RecusalDecision(decision),
                    **({"other": replacement.display_name} if replacement else {}),
                ),
                "application": recusal.application_id,
            },
        )
    except ChangedMeanwhile:
        raise ConflictError(_("该回避申请已作出决定。")) from None
    application = recusal.application
    if decision == RecusalDecision.GRANTED:
        member = application.members.get(arbitrator=recusal.arbitrator, active=True)
        member.active = False
        member.save(update_fields=["active"])
        HearingSeat.objects.filter(
            hearing__application=application, arbitrator=recusal.arbitrator, active=True
        ).update(active=False)
        if replacement is not None:
            _check_arbitrators([replacement], 1)
            TribunalMember.objects.create(
                application=application, arbitrator=replacement, role=member.role
            )
    return recusal
