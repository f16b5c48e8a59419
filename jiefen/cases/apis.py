"""The case API: the same services as the screens, the conventions of the whole API
(400 with each field's error, 403 outside one's role, 404 outside one's scope, 409 for an
illegal move or a stale version)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts.choices import DepartmentKind
from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import policies as P
from jiefen.cases.choices import Category, Channel, Track
from jiefen.cases.clocks import clock_views
from jiefen.cases.forms import FIGURE_FILTERS, CaseFilterForm
from jiefen.cases.models import Case
from jiefen.cases.selectors import (
    case_api_prefetch,
    case_get_for_user,
    case_list,
)
from jiefen.cases.services import (
    ClaimantInput,
    Identity,
    case_act,
    case_escalate,
    case_intake,
    case_update,
)
from jiefen.cases.services.lifecycle import CaseChangedMeanwhile
from jiefen.cases.views import _filters_from
from jiefen.core import bounds
from jiefen.core.access import SIGNED_IN
from jiefen.core.transactions import service_atomic
from jiefen.geo.models import Village
from jiefen.geo.selectors import village_get_with_scope
from jiefen.parties.services import employer_find_or_create
from jiefen.workdays.services import WorkdayCalendar, calendar_shared

API_ACTIONS = [
    "register",
    "answer",
    "decline",
    "accept",
    "start_handling",
    "resolve",
    "mark_unresolved",
    "close",
    "escalate",
    "reopen",
]


class ClockSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="clock.label")  # type: ignore[assignment]  # stubs: Field.label
    track = serializers.CharField(source="clock.track")
    due = serializers.DateTimeField()
    state = serializers.CharField()
    # True while the due date depends on a year whose holiday schedule is not published.
    provisional = serializers.BooleanField()
    provisional_note = serializers.CharField()
    basis = serializers.CharField(source="clock.basis")


class CaseOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    category = serializers.CharField()
    channel = serializers.CharField()
    summary = serializers.CharField()
    village_code = serializers.CharField(source="village.code")
    street_code = serializers.CharField(source="village.street.code")
    collective = serializers.BooleanField()
    claimant_count = serializers.IntegerField()
    claim_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    level = serializers.CharField()
    lead_department = serializers.CharField(
        source="lead_department.kind", allow_null=True, default=None
    )
    lead_department_name = serializers.CharField(
        source="lead_department.name", allow_null=True, default=None
    )
    tracks = serializers.ListField(child=serializers.CharField())
    received_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    concluded_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField(
        help_text="resolved / unresolved once concluded (kept after closing), else empty"
    )
    version = serializers.IntegerField()
    assignees = serializers.SerializerMethodField()
    claimants = serializers.SerializerMethodField()
    employer = serializers.SerializerMethodField()
    claims = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    def get_assignees(self, case: Case) -> list[dict]:
        return [
            {"id": a.user_id, "name": a.user.display_name, "role": a.user.role, "duty": a.duty}
            for a in case.assignments.all()
            if a.active
        ]

    def get_claimants(self, case: Case) -> list[dict]:
        # The name and phone recorded on this case; a claim (linked by identity number alone)
        # shows nothing of the person on file.
        return [
            {
                "name": c.name or c.worker.name,
                "id_number": c.worker.id_number_masked,
                "phone": c.phone_masked if c.name else c.worker.phone_masked,
                "representative": c.representative,
                "identity_verified": not c.claimed,
            }
            for c in case.claimants.all()
        ]

    def get_employer(self, case: Case) -> dict | None:
        e = case.employer
        if e is None:
            return None
        return {
            "name": e.name,
            "credit_code": e.credit_code,
            "registration_number": e.registration_number,
        }

    def get_claims(self, case: Case) -> list[dict]:
        return [
            {"item": c.item, "amount": str(c.amount) if c.amount is not None else None}
            for c in case.claims.all()
        ]

    def get_deadlines(self, case: Case) -> list[dict]:
        # One calendar for the whole response: a list of 50 cases reads it once.
        context = cast(dict[str, Any], self.context)
        calendar = context.setdefault("calendar", WorkdayCalendar())
        return list(
            ClockSerializer(clock_views(case.clocks.all(), calendar=calendar), many=True).data
        )


class ClaimInputSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=100)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class ClaimantInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    representative = serializers.BooleanField(required=False, default=False)
    identity = serializers.ChoiceField(
        choices=Identity.CHOICES,
        required=False,
        allow_blank=True,
        default="",
        help_text="only after a 409 identity_conflict: keep (the person on file, record unchanged), "
        "update (correct the record's name and phone; give identity_reason) or different "
        "(someone else: registered anew without that identity number)",
    )
    identity_reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class EmployerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    registration_number = serializers.CharField(
        max_length=15, required=False, allow_blank=True, default=""
    )
    legal_representative = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )


def _django_errors(e: DjangoValidationError) -> ValidationError:
    return ValidationError(
        e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages}
    )


# The typed filters, so that the schema (and the property-based run over it) knows them.
CASE_FILTER_TYPES: dict[str, type] = {
    "assignee": int,
    **dict.fromkeys(
        (
            "from",
            "to",
            "concluded_from",
            "concluded_to",
            "accepted_from",
            "accepted_to",
            "pending_on",
            "clock_from",
            "clock_to",
        ),
        dt.date,
    ),
}


class CaseListCreateApi(ListAPIView):
    """List cases within your scope (the same filters as the case list screen), or receive a new one."""

    serializer_class = CaseOutputSerializer
    policies = {"GET": P.LIST, "POST": P.RECEIVE}

    class InputSerializer(serializers.Serializer):
        received_at = bounds.SerializerDateTimeField(required=False)
        village_code = serializers.RegexField(r"^\d{12}$")
        category = serializers.ChoiceField(choices=Category.choices)
        channel = serializers.ChoiceField(choices=Channel.choices)
        summary = serializers.CharField(max_length=4000)
        claims = ClaimInputSerializer(
            many=True, required=False, default=list, **bounds.list_limit(bounds.MAX_CLAIMS)
        )
        claimants = ClaimantInputSerializer(
            many=True, allow_empty=False, **bounds.list_limit(bounds.MAX_CLAIMANTS)
        )
        employer = EmployerInputSerializer(required=False, allow_null=True, default=None)
        people_gathered = serializers.IntegerField(
            min_value=0, max_value=bounds.MAX_PEOPLE, required=False, default=0
        )
        extreme_behaviour = serializers.BooleanField(required=False, default=False)
        suspected_extortion = serializers.BooleanField(required=False, default=False)

        def validate_village_code(self, value: str) -> Village:
            # Found with whether it lies in the clerk's scope, which intake then checks.
            village = village_get_with_scope(user=self.context["request"].user, code=value)
            if village is None:
                raise serializers.ValidationError("没有这个村/社区代码")
            return village

    @extend_schema(
        parameters=[
            OpenApiParameter(name, CASE_FILTER_TYPES.get(name, str), required=False)
            for name in [
                "status",
                "category",
                "channel",
                "street",
                "village",
                "lead",
                "assignee",
                "overdue",
                "collective",
                "from",
                "to",
                *FIGURE_FILTERS,
                "q",
                "sort",
            ]
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = CaseFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return case_api_prefetch(case_list(user=self.request.user, filters=_filters_from(form)))

    @extend_schema(request=InputSerializer, responses={201: CaseOutputSerializer})
    def post(self, request):
        # Each clock the intake starts, and the case read back, read the calendar once.
        with calendar_shared():
            return self._register(request)

    def _register(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        village = d["village_code"]
        try:
            with service_atomic():
                employer = None
                if d["employer"]:
                    employer = employer_find_or_create(**d["employer"], village=village)
                case = case_intake(
                    actor=request.user,
                    channel=d["channel"],
                    category=d["category"],
                    summary=d["summary"],
                    village=village,
                    received_at=d.get("received_at"),
                    claimants=[ClaimantInput(**c) for c in d["claimants"]],
                    claims=[(c["item"], c.get("amount")) for c in d["claims"]],
                    employer=employer,
                    people_gathered=d["people_gathered"],
                    extreme_behaviour=d["extreme_behaviour"],
                    suspected_extortion=d["suspected_extortion"],
                    lists_in_hand=True,
                )
        except DjangoValidationError as e:
            if hasattr(e, "error_dict") and "village" in e.error_dict:
                raise ValidationError({"village_code": e.message_dict["village"]}) from e
            raise _django_errors(e) from e
        # The case in hand is as written: intake sets its state and version as it moves it, and
        # hands back its lists as it wrote them; nothing is read again.
        return Response(CaseOutputSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetailApi(APIView):
    """One case, with its parties (identifiers masked), claims, people and deadlines."""

    policies = {"GET": SIGNED_IN, "PATCH": P.EDIT}

    class UpdateSerializer(serializers.Serializer):
        version = serializers.IntegerField(
            help_text="the version you read; 409 if the case changed since"
        )
        summary = serializers.CharField(required=False, max_length=4000)
        category = serializers.ChoiceField(choices=Category.choices, required=False)
        channel = serializers.ChoiceField(choices=Channel.choices, required=False)
        people_gathered = serializers.IntegerField(min_value=0, required=False)
        extreme_behaviour = serializers.BooleanField(required=False)
        suspected_extortion = serializers.BooleanField(required=False)
        employer = EmployerInputSerializer(
            required=False, help_text="found by its code, or registered; needed before acceptance"
        )

    @extend_schema(responses={200: CaseOutputSerializer})
    def get(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        audit_record(
            action=AuditAction.VIEW,
            actor=request.user,
            request=request,
            obj=case,
            summary=f"API查看案件 {case.number}",
        )
        case = case_api_prefetch(Case.objects.filter(pk=case.pk)).get()
        return Response(CaseOutputSerializer(case).data)

    @extend_schema(request=UpdateSerializer, responses={200: CaseOutputSerializer})
    def patch(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        data = self.UpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        try:
            with transaction.atomic():
                if "employer" in changes:
                    changes["employer"] = employer_find_or_create(
                        **changes["employer"], village=case.village
                    )
                case_update(
                    case=case, actor=request.user, version=changes.pop("version"), **changes
                )
        except DjangoValidationError as e:
            raise _django_errors(e) from e
        case = case_api_prefetch(Case.objects.filter(pk=case.pk)).get()
        return Response(CaseOutputSerializer(case).data)


class CaseActionApi(APIView):
    """Take a lifecycle action: register, answer, decline, accept, start_handling, resolve,
    mark_unresolved, close, escalate, reopen. 409 when the case's state does not allow it."""

    policies = {"POST": P.HANDLE}

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")
        version = serializers.IntegerField(
            required=False, help_text="the version you saw; 409 if it changed"
        )
        lead_department = serializers.ChoiceField(choices=DepartmentKind.choices, required=False)
        tracks = serializers.ListField(
            child=serializers.ChoiceField(choices=Track.choices), required=False
        )
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")
        amount_recovered = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False
        )

    @extend_schema(request=InputSerializer, responses={200: CaseOutputSerializer})
    def post(self, request, pk: int, action: str):
        if action not in API_ACTIONS:
            raise ValidationError({"action": [f"未知操作：{action}"]})
        case = case_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        if "version" in d and d["version"] != case.version:
            raise CaseChangedMeanwhile(case.pk)
        try:
            if action == "escalate":
                case_escalate(case=case, actor=request.user, reason=d["note"])
            else:
                case_act(
                    case=case,
                    action=action,
                    actor=request.user,
                    note=d["note"],
                    lead_kind=d.get("lead_department"),
                    tracks=d.get("tracks"),
                    override_reason=d["override_reason"],
                    amount_recovered=d.get("amount_recovered"),
                )
        except DjangoValidationError as e:
            raise _django_errors(e) from e
        case = case_api_prefetch(Case.objects.filter(pk=case.pk)).get()
        return Response(CaseOutputSerializer(case).data)


class CaseTimelineApi(APIView):
    """The case's timeline, oldest first: every move, assignment, escalation and clock event."""

    policies = {"GET": SIGNED_IN}

    @extend_schema(
        responses={
            200: inline_serializer(
                "CaseEvent",
                {
                    "at": serializers.DateTimeField(),
                    "actor": serializers.CharField(allow_null=True),
                    "kind": serializers.CharField(),
                    "track": serializers.CharField(),
                    "old_status": serializers.CharField(),
                    "new_status": serializers.CharField(),
                    "summary": serializers.CharField(),
                    "text": serializers.CharField(),
                    "message": serializers.CharField(),
                    "params": serializers.DictField(),
                    "note": serializers.CharField(),
                },
                many=True,
            )
        }
    )
    def get(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        events = case.events.select_related("actor").order_by("at", "id")
        return Response(
            [
                {
                    "at": e.at,
                    "actor": e.actor.username if e.actor else None,
                    "kind": e.kind,
                    "track": e.track,
                    "old_status": e.old_status,
                    "new_status": e.new_status,
                    "summary": e.summary,
                    # What the entry says in the language the request asked for.
                    "text": e.plain_text,
                    "message": e.message,
                    "params": e.params,
                    "note": e.note,
                }
                for e in events
            ]
        )


class ClockRuleSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # stubs: Field.label
    track = serializers.CharField()
    track_label = serializers.CharField()
    article = serializers.CharField()
    statutory = serializers.BooleanField()
    counting = serializers.CharField()
    counting_label = serializers.CharField()
    length = serializers.IntegerField()
    configurable = serializers.BooleanField()
    starts = serializers.CharField()
    ends = serializers.CharField()
    pauses = serializers.ListField(child=serializers.DictField())
    restarts = serializers.ListField(child=serializers.DictField())
    extension_max = serializers.IntegerField()
    approver = serializers.CharField()
    approver_label = serializers.CharField()
    due_soon = serializers.IntegerField()


class ClockRuleListApi(APIView):
    """The catalogue of clock rules: every statutory and service period, with its article, how it
    counts, what starts, pauses, restarts and extends it, and who approves an extension."""

    policies = {"GET": P.RULES}

    @extend_schema(responses=ClockRuleSerializer(many=True))
    def get(self, request):
        from jiefen.cases.clockrules import rule_describe, rules

        return Response(ClockRuleSerializer([rule_describe(r) for r in rules()], many=True).data)
