"""Case screens: thin — parse, scoped fetch, one service, respond."""

from __future__ import annotations

import dataclasses
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape, format_html_join
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.accounts.choices import DepartmentKind, Role
from jiefen.accounts.http import StaffRequest
from jiefen.accounts.models import User
from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import policies as P
from jiefen.cases.choices import (
    COLLECTIVE_REPRESENTATIVES,
    CaseStatus,
    Category,
    Duty,
    ProposalState,
)
from jiefen.cases.clocks import clock_views
from jiefen.cases.exports import cases_xlsx
from jiefen.cases.forms import (
    FIGURE_FILTERS,
    ActionForm,
    CaseEditForm,
    CaseFilterForm,
    ClaimFormSet,
    CollectiveConfirmForm,
    IntakeForm,
    LinkActionForm,
    ReassignForm,
    street_choices,
)
from jiefen.cases.list_rows import case_rows_html, fixed_options_html, options_html
from jiefen.cases.models import Case
from jiefen.cases.selectors import (
    CaseFilters,
    case_assignee_names,
    case_detail_parts,
    case_get_for_user,
    case_link_get_for_user,
    case_list,
    case_list_page_rows,
    case_page_get_for_user,
    case_related_for_user,
    collective_proposal_get_for_user,
    collective_proposal_parts,
)
from jiefen.cases.services import (
    ClaimantInput,
    Identity,
    IdentityConflict,
    case_act,
    case_escalate,
    case_intake,
    case_link_decide,
    case_merge,
    case_reassign,
    case_split,
    case_update,
    collective_confirm,
    collective_dismiss,
)
from jiefen.cases.transitions import ACTIONS, actions_available, case_is_open
from jiefen.core.access import SIGNED_IN, policy_required
from jiefen.core.exceptions import ApplicationError
from jiefen.core.pagination import CappedCountPaginator
from jiefen.parties.services import employer_from_form
from jiefen.workdays.services import WorkdayCalendar, calendar_shared

PAGE_SIZE = 50
# The list counts its cases exactly up to these; past them it says "more than" (`_count_cap`).
LIST_COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000


def _filters_from(form: CaseFilterForm) -> CaseFilters:
    # The valid filters only: a bad one (a date past 2100, an id too large) is left out, and
    # the list says so (case_list_view) instead of failing.
    form.is_valid()
    d = getattr(form, "cleaned_data", {})
    return CaseFilters(
        status=d.get("status") or "",
        category=d.get("category") or "",
        channel=d.get("channel") or "",
        street=d.get("street") or "",
        village=d.get("village") or "",
        lead=d.get("lead") or "",
        assignee=d.get("assignee"),
        overdue=bool(d.get("overdue")),
        collective=bool(d.get("collective")),
        received_from=d.get("date_from"),
        received_to=d.get("date_to"),
        concluded_from=d.get("concluded_from"),
        concluded_to=d.get("concluded_to"),
        accepted_from=d.get("accepted_from"),
        accepted_to=d.get("accepted_to"),
        outcome=d.get("outcome") or "",
        pending_on=d.get("pending_on"),
        handled_from=d.get("handled_from"),
        handled_to=d.get("handled_to"),
        own_area=d.get("area") == "own",
        clock=d.get("clock") or "",
        clock_from=d.get("clock_from"),
        clock_to=d.get("clock_to"),
        clock_result=d.get("clock_result") or "",
        clock_state=d.get("clock_state") or "",
        q=d.get("q") or "",
        sort=d.get("sort") or "-received",
    )


def _ignored_filters(form: CaseFilterForm) -> str:
    """The filters left out because they were invalid, in words ("" when none)."""
    if not form.is_bound or form.is_valid():
        return ""
    return "；".join(
        f"{name}：{' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
    )


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _count_cap(form: CaseFilterForm) -> int:
    # A search word is confirmed in each matching case's text, so its count costs per match (a
    # common word, 76,000 cases of a million: 180 ms); filters on columns count through their
    # indexes (5,768 cases of a street in one state: 5 ms), and exactly up to a larger cap.
    return SEARCH_COUNT_CAP if form.data.get("q", "").strip() else LIST_COUNT_CAP


# The list's fixed filters, each a function so that its options are built in the reader's language.
def _status_choices():
    return CaseStatus.choices


def _category_choices():
    return [("", _("全部类别")), *Category.choices]


def _lead_choices():
    return [("", _("全部牵头部门")), *DepartmentKind.choices]


@policy_required(P.LIST)
def case_list_view(request: StaffRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET)
    cases = case_list(user=request.user, filters=_filters_from(form))
    ignored = _ignored_filters(form)
    if request.GET.get("export") == "xlsx":
        if ignored:
            # An export must hold exactly what was asked for, not more.
            return HttpResponse(
                escape(_("筛选条件有误，未导出：%(errors)s") % {"errors": ignored}), status=400
            )
        audit_record(
            action=AuditAction.EXPORT,
            actor=request.user,
            request=request,
            object_type="cases.case",
            summary=f"导出案件列表：{request.GET.urlencode()}"[:300],
        )
        response = HttpResponse(
            cases_xlsx(cases),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"cases-{timezone.localdate():%Y%m%d}.xlsx"
        )
        return response
    page = CappedCountPaginator(
        case_list_page_rows(cases), PAGE_SIZE, cap=_count_cap(form), counted=cases
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    now, calendar = timezone.now(), WorkdayCalendar()
    # Labels looked up once per page: a `get_<field>_display` per cell translates every label
    # of the field's choices each time, most of a 50-row page's rendering time.
    status, category = _labels(CaseStatus), _labels(Category)
    lead = _labels(DepartmentKind)
    assignees = case_assignee_names([case.pk for case in page])
    rows = [
        (
            case,
            clock_views(case.open_clocks, now=now, calendar=calendar),  # type: ignore[attr-defined]
            status.get(case.status, case.status),
            category.get(case.category, case.category),
            lead.get(case.lead_kind, ""),  # type: ignore[attr-defined]
            assignees.get(case.pk, []),
        )
        for case in page
    ]
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "rows_html": case_rows_html(rows),
            "query": query.urlencode(),
            "status_options": fixed_options_html(_status_choices, form.data.get("status")),
            "category_options": fixed_options_html(
                _category_choices, form.data.get("category", "")
            ),
            "lead_options": fixed_options_html(_lead_choices, form.data.get("lead", "")),
            "street_options": options_html(street_choices(), form.data.get("street")),
            "sort": request.GET.get("sort", "-received"),
            "figure_filters": [(n, request.GET[n]) for n in FIGURE_FILTERS if request.GET.get(n)],
            "figure_filter_labels": form.figure_filter_labels(),
        },
    )


@policy_required(P.RECEIVE)
def case_intake_view(request: StaffRequest) -> HttpResponse:
    """The window clerk's form: receive and register a dispute in one go."""
    if request.method != "POST":
        form = IntakeForm(
            user=request.user,
            initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        )
        return render(
            request,
            "cases/intake.html",
            {"form": form, "claims": ClaimFormSet(prefix="claims"), "token": uuid.uuid4().hex},
        )
    token = request.POST.get("token", "")
    done = request.session.get("intake_tokens", {})
    if token and token in done:
        # A double submit or a reload of the POST: show the case the first submit created.
        return redirect("cases:detail", pk=done[token])
    form = IntakeForm(request.POST, request.FILES, user=request.user)
    claims = ClaimFormSet(request.POST, prefix="claims")
    if not (form.is_valid() and claims.is_valid()):
        return render(
            request,
            "cases/intake.html",
            {"form": form, "claims": claims, "token": token},
            status=400,
        )
    d = form.cleaned_data
    try:
        with transaction.atomic():
            employer = None
            if d["employer_name"]:
                employer = employer_from_form(
                    name=d["employer_name"],
                    code=d["employer_code"],
                    legal_representative=d["employer_legal_rep"],
                    village=d["village"],
                )
            case = case_intake(
                actor=request.user,
                channel=d["channel"],
                category=d["category"],
                summary=d["summary"],
                village=d["village"],
                received_at=d["received_at"],
                claimants=_with_identity_answers(request, d["claimants"]),
                claims=[(c["item"], c.get("amount")) for c in claims.cleaned_data if c.get("item")],
                employer=employer,
                people_gathered=d.get("people_gathered") or 0,
                extreme_behaviour=d["extreme_behaviour"],
                suspected_extortion=d["suspected_extortion"],
            )
    except IdentityConflict as conflict:
        # The clerk confirms each differing person on the same form, then submits again.
        return render(
            request,
            "cases/intake.html",
            {
                "form": form,
                "claims": claims,
                "token": token,
                "identity_questions": conflict.questions,
                "identity_labels": IDENTITY_LABELS,
            },
            status=409,
        )
    except ValidationError as e:
        for field, errors in (
            e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]
        ):
            form.add_error(field if field in form.fields else None, errors)
        return render(
            request,
            "cases/intake.html",
            {"form": form, "claims": claims, "token": token},
            status=400,
        )
    done[token] = case.pk
    request.session["intake_tokens"] = dict(list(done.items())[-20:])
    messages.success(request, f"已登记案件 {case.number}")
    return redirect(case)


IDENTITY_LABELS = {
    Identity.KEEP: gettext_lazy("是在档人员：按档案登记，不改动档案"),
    Identity.UPDATE: gettext_lazy("是在档人员：按填写的姓名、电话更新档案（须填写理由）"),
    Identity.DIFFERENT: gettext_lazy("不是同一人：按新人员登记，不记录该身份证号"),
}


def _with_identity_answers(request: StaffRequest, rows: list[ClaimantInput]) -> list[ClaimantInput]:
    """The clerk's answers to the identity questions (`identity_<n>`, `identity_reason_<n>`)."""
    return [
        dataclasses.replace(
            row,
            identity=request.POST.get(f"identity_{index}", ""),
            identity_reason=request.POST.get(f"identity_reason_{index}", ""),
        )
        if request.POST.get(f"identity_{index}")
        else row
        for index, row in enumerate(rows, start=1)
    ]


def track_panels(request: StaffRequest, case: Case) -> list[str]:
    """Each track's panel for this case: the tracks registered on the contract
    (`jiefen.cases.tracks`), then any app still declaring `case_panel` on its AppConfig."""
    from jiefen.cases.tracks import track_panels as registered_panels

    panels = registered_panels(request=request, case=case)
    for config in apps.get_app_configs():
        path = getattr(config, "case_panel", None)
        if path:
            html = import_string(path)(request=request, case=case)
            if html:
                panels.append(html)
    return panels


@policy_required(SIGNED_IN)
def case_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    # The page and every track panel read the calendar once, with the case when it is read from
    # the database (`case_page_get_for_user`).
    with calendar_shared():
        case = case_page_get_for_user(user=request.user, pk=pk)
        audit_record(
            action=AuditAction.VIEW,
            actor=request.user,
            request=request,
            obj=case,
            summary=f"查看案件 {case.number}",
            head=case.audit_head,  # type: ignore[attr-defined]  # read with the case
        )
        return _case_detail(request, case)


def _case_detail(request: StaffRequest, case: Case) -> HttpResponse:
    prefetch_related_objects([case], "clocks")  # the page's clocks and every track panel's
    parts = case_detail_parts(case=case)
    parts["clocks"] = clock_views(parts["clocks"])
    can_reassign = P.REASSIGN.allows(request.user, case)
    actions = actions_available(case=case, user=request.user)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            **parts,
            "actions": actions,
            # Its routing fields show only on acceptance (a form is costly to build).
            "action_form": ActionForm() if any(a.action == "accept" for a in actions) else None,
            "panels": track_panels(request, case),
            "duties": Duty.choices,
            "can_escalate": case_is_open(case)
            and case.level != "district"
            and P.ESCALATE.allows(request.user, case),
            "can_reassign": can_reassign,
            "can_edit": case_is_open(case) and P.EDIT.allows(request.user, case),
            # Built (or read from the cache) only for those who may give the case to someone.
            "staff_options": reassign_options() if can_reassign else "",
            "related": case_related_for_user(user=request.user, case=case),
        },
    )


# How long the reassignment list is kept. A saved or deleted staff member drops it at once in
# the process that saved it (`reassign_options_forget`, connected in apps.py), and in every
# process when the cache is shared (Redis); with a per-process cache, within a minute.
REASSIGN_OPTIONS_SECONDS = 60


def _reassign_options_key(language: str | None) -> str:
    return f"cases:reassign_options:{language}"


def reassign_options_forget(sender=None, update_fields=None, **_kwargs) -> None:
    """Drop the cached reassignment list (a receiver of User's post_save and post_delete; a login,
    which saves only `last_login`, changes nothing on it)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    cache.delete_many([_reassign_options_key(code) for code, _name in settings.LANGUAGES])


def reassign_options() -> str:
    """The <option>s of the people a case can be given to, built once in Python (rendered in the
    template, 300 options with `get_role_display` took two thirds of the case page's time) and
    kept in the cache for a minute per language: the same ~300 staff on every case page."""
    key = _reassign_options_key(get_language())
    html = cache.get(key)
    if html is None:
        html = _reassign_options()
        cache.set(key, html, REASSIGN_OPTIONS_SECONDS)
    return mark_safe(html)  # noqa: S308 - built by format_html_join below, escaped there


def _reassign_options() -> str:
    roles = {value: str(label) for value, label in Role.choices}
    shape = _("%(name)s（%(role)s）") % {"name": "{}", "role": "{}"}
    return format_html_join(
        "",
        '<option value="{}">' + shape + "</option>",
        (
            (pk, full_name or username, roles.get(role, role))
            for pk, full_name, username, role in User.objects.filter(
                is_active=True, role__in=["mediator", "labor_inspector", "arbitrator", "leader"]
            )
            .order_by("role", "username")
            .values_list("pk", "full_name", "username", "role")[:300]
        ),
    )


def _stale(case: Case, form) -> bool:
    return form.is_valid() and form.cleaned_data["version"] != case.version


@policy_required(P.HANDLE)
@require_POST
def case_action_view(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = ActionForm(request.POST)
    if action not in ACTIONS or not form.is_valid():
        messages.error(request, "请求无效，请刷新页面后重试。")
        return redirect(case)
    if _stale(case, form):
        messages.error(
            request, "案件已被他人修改，您看到的不是最新内容，操作未执行。请查看最新记录后重试。"
        )
        return redirect(case)
    d = form.cleaned_data
    try:
        case_act(
            case=case,
            action=action,
            actor=request.user,
            note=d["note"],
            lead_kind=d["lead_kind"] or None,
            tracks=d["tracks"] or None,
            override_reason=d["override_reason"],
            amount_recovered=d["amount_recovered"],
        )
        messages.success(request, f"{ACTIONS[action].label}：已完成")
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(case)


@policy_required(P.ESCALATE)
@require_POST
def case_escalate_view(request: StaffRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    try:
        case_escalate(case=case, actor=request.user, reason=request.POST.get("note", ""))
        messages.success(request, "已升级")
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(case)


@policy_required(P.REASSIGN)
@require_POST
def case_reassign_view(request: StaffRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = ReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择职责、人员并填写理由。")
        return redirect(case)
    user = User.objects.filter(pk=form.cleaned_data["user"], is_active=True).first()
    if user is None:
        messages.error(request, "找不到该工作人员。")
        return redirect(case)
    try:
        case_reassign(
            case=case,
            actor=request.user,
            user=user,
            duty=form.cleaned_data["duty"],
            reason=form.cleaned_data["note"],
        )
        messages.success(request, f"已改派给{user.display_name}")
    except ApplicationError as e:
        messages.error(request, e.message)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    return redirect(case)


# The employer services name their own fields; the edit form has two boxes for them.
EMPLOYER_ERROR_FIELDS = {
    "name": "employer_name",
    "employer": "employer_name",
    "credit_code": "employer_code",
    "registration_number": "employer_code",
}


@policy_required(P.EDIT)
def case_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    """Correct a case's facts; a second editor working from an older copy is refused, not merged."""
    case = case_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        form = CaseEditForm(initial=CaseEditForm.initial_for(case))
        return render(request, "cases/edit.html", {"case": case, "form": form})
    form = CaseEditForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/edit.html", {"case": case, "form": form}, status=400)
    employer = form.employer_named(case)
    data = {
        f: v for f, v in form.cleaned_data.items() if f not in ("employer_name", "employer_code")
    }
    version = data.pop("version")
    try:
        with transaction.atomic():
            if employer:
                data["employer"] = employer_from_form(**employer, village=case.village)
            case_update(case=case, actor=request.user, version=version, **data)
    except ValidationError as e:
        errors = (
            e.message_dict.items() if hasattr(e, "error_dict") else [("employer_code", e.messages)]
        )
        for field, texts in errors:
            field = EMPLOYER_ERROR_FIELDS.get(field, field)
            form.add_error(field if field in form.fields else None, texts)
        return render(request, "cases/edit.html", {"case": case, "form": form}, status=400)
    except ApplicationError as e:
        form.add_error(None, e.message)
        return render(request, "cases/edit.html", {"case": case, "form": form}, status=409)
    messages.success(request, "已保存")
    return redirect(case)


@policy_required(P.RULES)
def clock_rules_view(request: StaffRequest) -> HttpResponse:
    """时限规则: every clock of the system with its article, read from the catalogue."""
    from jiefen.cases.clockrules import (
        PAUSE_ARTICLES,
        RESTART_ARTICLES,
        PauseReason,
        RestartReason,
        rule_describe,
        rules,
    )
    from jiefen.cases.models import ExtensionApprover
    from jiefen.cases.services.calendar import calendar_reminder

    user = request.user
    is_chair = ExtensionApprover.objects.filter(
        user=user, standing=ExtensionApprover.Standing.CHAIR, revoked_at__isnull=True
    ).exists()
    standings = [
        (value, label)
        for value, label in ExtensionApprover.Standing.choices
        if (value == ExtensionApprover.Standing.DELEGATE and is_chair)
        or (value != ExtensionApprover.Standing.DELEGATE and user.is_administrator)
    ]
    return render(
        request,
        "cases/clock_rules.html",
        {
            "rules": [rule_describe(r) for r in rules()],
            "pauses": [
                {"reason": k, "label": PauseReason(k).label, "article": _(v)}
                for k, v in PAUSE_ARTICLES.items()
            ],
            "restarts": [
                {"reason": k, "label": RestartReason(k).label, "article": _(v)}
                for k, v in RESTART_ARTICLES.items()
            ],
            "grants": ExtensionApprover.objects.filter(revoked_at__isnull=True).select_related(
                "user", "granted_by"
            ),
            "calendar_reminder": calendar_reminder() if user.is_administrator else "",
            "standings": standings,
            "may_revoke": user.is_administrator or is_chair,
            "staff": User.objects.filter(is_active=True).order_by("full_name") if standings else [],
        },
    )


@policy_required(P.APPROVERS)
@require_POST
def extension_approver_grant_view(request: StaffRequest) -> HttpResponse:
    """Record a person who may approve extensions (the service checks who may grant what)."""
    from jiefen.cases.clocks import extension_approver_grant

    user = User.objects.filter(pk=request.POST.get("user") or 0, is_active=True).first()
    try:
        grant = extension_approver_grant(
            actor=request.user,
            user=user,
            standing=request.POST.get("standing", ""),
            instrument=request.POST.get("instrument", ""),
        )
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, f"已登记：{grant.user.display_name}（{grant.get_standing_display()}）"
        )
    return redirect("cases:clock_rules")


@policy_required(P.APPROVERS)
@require_POST
def extension_approver_revoke_view(request: StaffRequest, pk: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    from jiefen.cases.clocks import extension_approver_revoke
    from jiefen.cases.models import ExtensionApprover

    grant = get_object_or_404(ExtensionApprover, pk=pk)
    try:
        extension_approver_revoke(actor=request.user, grant=grant)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已撤销{grant.user.display_name}的审批授权")
    return redirect("cases:clock_rules")


# ---------------------------------------------------------------------------------------------
# One dispute, one case: the "可能相关" panel's actions and the collective proposal page
# ---------------------------------------------------------------------------------------------

LINK_ACTIONS = {
    "link": gettext_lazy("已确认关联"),
    "dismiss": gettext_lazy("已排除"),
    "merge": gettext_lazy("已合并"),
    "split": gettext_lazy("已拆分"),
}


@policy_required(P.LINK)
@require_POST
def case_link_view(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    link = case_link_get_for_user(user=request.user, pk=pk)
    form = LinkActionForm(request.POST)
    if action not in LINK_ACTIONS or not form.is_valid():
        messages.error(request, _("请求无效，请刷新页面后重试。"))
        return redirect(link.other)
    d = form.cleaned_data
    back = link.case if d["back"] == link.case_id else link.other
    try:
        if action == "merge":
            back = case_merge(link=link, actor=request.user, note=d["note"])
        elif action == "split":
            case_split(link=link, actor=request.user, note=d["note"])
        else:
            case_link_decide(link=link, actor=request.user, decision=action, note=d["note"])
        messages.success(request, str(LINK_ACTIONS[action]))
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(back)


@policy_required(P.COLLECTIVE)
def collective_proposal_view(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = collective_proposal_get_for_user(user=request.user, pk=pk)
    parts = collective_proposal_parts(user=request.user, proposal=proposal)
    form = CollectiveConfirmForm(candidates=parts["candidates"])
    status = 200
    if request.method == "POST" and proposal.state != ProposalState.PROPOSED:
        # A second submit (or a colleague's): the decision stands, nothing is done twice.
        messages.info(request, _("该集体争议提议已处理"))
        return redirect(proposal.primary or proposal)
    if request.method == "POST":
        form = CollectiveConfirmForm(request.POST, candidates=parts["candidates"])
        if form.is_valid():
            try:
                primary = collective_confirm(
                    proposal=proposal,
                    actor=request.user,
                    representatives=form.cleaned_data["representatives"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("已确认为集体争议"))
                return redirect(primary)
            except ValidationError as e:
                form.add_error(None, e)
            except ApplicationError as e:
                form.add_error(None, e.message)
        status = 400
    return render(
        request,
        "cases/collective.html",
        {
            "proposal": proposal,
            "form": form,
            "lo_hi": COLLECTIVE_REPRESENTATIVES,
            "can_confirm": proposal.state == ProposalState.PROPOSED and parts["all_visible"],
            **parts,
        },
        status=status,
    )


@policy_required(P.COLLECTIVE)
@require_POST
def collective_dismiss_view(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = collective_proposal_get_for_user(user=request.user, pk=pk)
    try:
        collective_dismiss(
            proposal=proposal, actor=request.user, note=request.POST.get("note", "")[:2000]
        )
        messages.success(request, _("已决定不予合并"))
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect(proposal)
