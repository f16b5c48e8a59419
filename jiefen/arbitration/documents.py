"""The arbitration documents, generated from the case: acceptance notice, decline notice, hearing
notice, award, and the mediation statement."""

from __future__ import annotations

from django.utils import timezone

from jiefen.arbitration.models import Application, Hearing
from jiefen.arbitration.services import local_date, party_deadlines
from jiefen.cases.documents import case_parties
from jiefen.core.documents import OfficialDocument


def _commission(case) -> str:
    """The arbitration commission of the case's district (each district keeps its own)."""
    return case.village.street.district.commission_title


def _number(application: Application, kind: str) -> str:
    year = timezone.localtime(application.received_at).year
    short = application.case.village.street.district.short_name
    return f"{short}劳人仲{kind}字〔{year}〕第{application.pk}号"


def _claims(case) -> str:
    return "；".join(
        f"{c.item}{'（' + str(c.amount) + '元）' if c.amount else ''}" for c in case.claims.all()
    )


def acceptance_notice(application: Application) -> OfficialDocument:
    case = application.case
    return OfficialDocument(
        issuing_body=_commission(case),
        title="受理通知书",
        case_number=case.number,
        doc_number=_number(application, "受"),
        parties=case_parties(case),
        body=[
            f"你（单位）于{timezone.localtime(application.received_at):%Y年%m月%d日}提出的劳动争议"
            f"仲裁申请，请求事项：{_claims(case)}。经审查，符合受理条件，本委决定予以受理。",
            "本委将在受理之日起五日内将仲裁申请书副本送达被申请人，并将仲裁庭组成情况书面通知双方。"
            "被申请人应当在收到仲裁申请书副本之日起十日内提交答辩书。",
            "请按时参加仲裁活动，并对自己的主张提供证据。",
        ],
        date=local_date(application.accepted_at or timezone.now()),
        filename=f"受理通知书-{case.number}",
    )


def decline_notice(application: Application) -> OfficialDocument:
    case = application.case
    return OfficialDocument(
        issuing_body=_commission(case),
        title="不予受理通知书",
        case_number=case.number,
        doc_number=_number(application, "不受"),
        parties=case_parties(case)[:1],
        body=[
            f"你于{timezone.localtime(application.received_at):%Y年%m月%d日}提出的仲裁申请，"
            f"经审查，本委决定不予受理。理由：{application.decline_reason}",
            "依照《中华人民共和国劳动争议调解仲裁法》第二十九条，对本委不予受理的决定不服的，"
            "可以就该劳动争议事项向人民法院提起诉讼。",
        ],
        date=local_date(application.declined_at or timezone.now()),
        filename=f"不予受理通知书-{case.number}",
    )


def hearing_notice(hearing: Hearing) -> OfficialDocument:
    application = hearing.application
    case = application.case
    members = "、".join(
        f"{m.arbitrator.display_name}（{m.get_role_display()}）"
        for m in application.members.filter(active=True).select_related("arbitrator")
    )
    start = timezone.localtime(hearing.starts_at)
    return OfficialDocument(
        issuing_body=_commission(case),
        title="开庭通知书",
        case_number=case.number,
        doc_number=_number(application, "开"),
        parties=case_parties(case),
        body=[
            f"本委受理的上列当事人劳动争议一案，定于{start:%Y年%m月%d日 %H时%M分}"
            f"在{hearing.room.name}（{hearing.room.address}）开庭审理。",
            f"仲裁庭组成人员：{members}。",
            "请准时到庭。申请人无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以按撤回仲裁申请处理；"
            "被申请人无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以缺席裁决"
            "（《劳动争议调解仲裁法》第三十六条）。",
            "当事人有正当理由的，可以在开庭三日前请求延期开庭（第三十五条）。",
        ],
        date=hearing.notice_on,
        filename=f"开庭通知书-{case.number}",
    )


def extension_approval(application: Application) -> OfficialDocument:
    """The written approval of the award period's extension, with the approver's authority
    (《劳动争议调解仲裁法》第四十三条, 《劳动人事争议仲裁办案规则》第四十六条)."""
    from jiefen.cases.clockrules import Approver
    from jiefen.cases.clocks import extension_grant_for
    from jiefen.cases.models import Clock

    case = application.case
    approver = application.extension_approved_by
    grant = extension_grant_for(approver, Approver.COMMISSION_CHAIR) if approver else None
    authority = (
        f"{grant.get_standing_display()}（{grant.instrument}）" if grant else "授权已撤销或未登记"
    )
    clock = Clock.objects.filter(case=case, kind="arbitration_award_45_days").first()
    due = f"{timezone.localtime(clock.due_at):%Y年%m月%d日}" if clock else "—"
    approved = application.extension_approved_at or application.updated_at
    return OfficialDocument(
        issuing_body=_commission(case),
        title="延长仲裁期限审批表",
        case_number=case.number,
        doc_number=_number(application, "延"),
        parties=case_parties(case),
        body=[
            f"本委于{timezone.localtime(application.accepted_at):%Y年%m月%d日}受理的上列当事人"
            f"劳动争议一案，因{application.extension_reason}，案情复杂，需要延期。",
            f"经审批，仲裁期限延长{application.extension_days}日，延长后审理期限至{due}届满"
            f"{'（暂定）' if clock and clock.provisional else ''}。",
            f"批准人：{approver.display_name if approver else '—'}，审批权限：{authority}。",
            "依据《中华人民共和国劳动争议调解仲裁法》第四十三条、《劳动人事争议仲裁办案规则》"
            "第四十六条：案情复杂需要延期的，经仲裁委员会主任或者其委托的仲裁院负责人书面批准，"
            "可以延期并书面通知当事人，但延长期限不得超过十五日。",
        ],
        date=local_date(approved),
        filename=f"延长仲裁期限审批表-{case.number}",
    )


def award_document(application: Application) -> OfficialDocument:
    case = application.case
    items = list(application.award_items.all())
    body = [f"申请人的仲裁请求：{_claims(case)}。", application.award_text, "裁决如下："]
    for n, item in enumerate(items, start=1):
        amount = f"人民币{item.amount}元" if item.amount is not None else ""
        mark = (
            f"（本项为终局裁决。{item.final_basis}）"
            if item.final
            else f"（本项为非终局裁决。{item.final_basis}）"
            if item.final_basis
            else ""
        )
        body.append(f"{n}. {item.description}{amount}{mark}")
    for d in party_deadlines(application):
        body.append(f"{d.who}{d.what}的，应于{d.last_day:%Y年%m月%d日}前提出（{d.basis}）。")
    return OfficialDocument(
        issuing_body=_commission(case),
        title="裁决书",
        case_number=case.number,
        doc_number=_number(application, "裁"),
        parties=case_parties(case),
        body=body,
        signature=_commission(case),
        date=local_date(application.concluded_at or timezone.now()),
        filename=f"裁决书-{case.number}",
    )


def mediation_statement(application: Application) -> OfficialDocument:
    case = application.case
    return OfficialDocument(
        issuing_body=_commission(case),
        title="仲裁调解书",
        case_number=case.number,
        doc_number=_number(application, "调"),
        parties=case_parties(case),
        body=[
            f"申请人的仲裁请求：{_claims(case)}。",
            "本案经仲裁庭主持调解，双方当事人自愿达成如下协议：",
            application.award_text,
            "本调解书经双方当事人签收后，发生法律效力（《劳动争议调解仲裁法》第四十二条）。",
        ],
        date=local_date(application.concluded_at or timezone.now()),
        filename=f"仲裁调解书-{case.number}",
    )
