"""The inspection API: thin views that parse, fetch within scope, call one service, answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.cases.choices import Category, Channel
from jiefen.cases.clocks import clock_views
from jiefen.cases.models import Claimant, Clock
from jiefen.cases.selectors import case_get_for_user
from jiefen.cases.services import ClaimantInput
from jiefen.core import bounds
from jiefen.core.pagination import StandardPagination
from jiefen.geo.models import Village
from jiefen.geo.selectors import village_list_for_user
from jiefen.inspection import policies as P
from jiefen.inspection import selectors, services
from jiefen.inspection.choices import TRACK, ComplaintKind
from jiefen.inspection.models import Inspection
from jiefen.inspection.transitions import inspection_actions, order_actions
from jiefen.parties.services import employer_find_or_create


class ClockSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="clock.label")
    basis = serializers.CharField(source="clock.basis")
    due_at = serializers.DateTimeField(source="clock.due_at")
    met_at = serializers.DateTimeField(source="clock.met_at")
    state = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    doc_number = serializers.CharField()
    issued_on = serializers.DateField()
    deadline = serializers.DateField()
    items = serializers.CharField()
    amount_owed = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.CharField()
    follow_up_note = serializers.CharField()
    compensation_percent = serializers.IntegerField()
    compensation_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    actions = serializers.SerializerMethodField()

    def get_actions(self, obj) -> list[str]:
        """What the reader may do to this order now (its lifecycle table and their policies)."""
        user = self.context.get("user")
        return sorted(order_actions(obj, user)) if user is not None else []


class PenaltySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decided_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    legal_basis = serializers.CharField()
    facts = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    due_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField()
    sms_to = serializers.CharField()


class RecoverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claimant = serializers.IntegerField(source="claimant_id")
    worker_name = serializers.CharField(source="claimant.shown_name", default="")
    workers = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    recovered_on = serializers.DateField()


class SiteInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    place = serializers.CharField()
    findings = serializers.CharField()
    inspectors = serializers.SerializerMethodField()

    def get_inspectors(self, obj) -> list[str]:
        return [u.display_name for u in obj.inspectors.all()]


class InspectionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    employer = serializers.CharField(source="case.employer.name", default="")
    kind = serializers.CharField()
    source = serializers.CharField()
    anonymous = serializers.BooleanField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField()
    opened_late = serializers.BooleanField()
    extended_workdays = serializers.IntegerField()
    investigation_due = serializers.DateTimeField(default=None)
    lookback_warning = serializers.CharField()


class InspectionDetailSerializer(InspectionSummarySerializer):
    allegation = serializers.CharField()
    violation_ended_on = serializers.DateField()
    not_opened_reason = serializers.CharField()
    conclusion = serializers.CharField()
    clocks = serializers.SerializerMethodField()
    site_inspections = SiteInspectionSerializer(many=True)
    rectification_orders = OrderSerializer(many=True)
    penalties = PenaltySerializer(many=True)
    notices = NoticeSerializer(many=True)
    wage_recoveries = RecoverySerializer(many=True)
    actions = serializers.SerializerMethodField()

    def get_actions(self, obj) -> list[str]:
        """What the reader may do to this inspection now (its lifecycle table and their
        policies), with "conclude_case" when its result lets them conclude the case."""
        user = self.context.get("user")
        if user is None:
            return []
        offered = set(inspection_actions(obj, user))
        if services.inspection_case_action(inspection=obj, user=user):
            offered.add("conclude_case")
        return sorted(offered)

    def get_clocks(self, obj) -> list[dict]:
        clocks = Clock.objects.filter(case_id=obj.case_id, track=TRACK).order_by("due_at")
        return ClockSerializer(clock_views(clocks), many=True).data


def _detail(user, inspection: Inspection, code=status.HTTP_200_OK) -> Response:
    fresh = selectors.inspection_get_for_user(user=user, pk=inspection.pk)
    return Response(InspectionDetailSerializer(fresh, context={"user": user}).data, status=code)


class InspectionListApi(APIView):
    """Inspections within the reader's scope, filtered and sorted."""

    policies = {"GET": P.LIST}
    # Declared for the OpenAPI document: the GET answers a page, not a bare array.
    pagination_class = StandardPagination

    class FilterSerializer(serializers.Serializer):
        status = serializers.CharField(required=False, default="")
        kind = serializers.CharField(required=False, default="")
        street = serializers.CharField(required=False, default="")
        q = serializers.CharField(required=False, default="")
        sort = serializers.ChoiceField(choices=list(selectors.SORTS), required=False)

    @extend_schema(
        operation_id="inspection_list",
        parameters=[FilterSerializer],
        responses={200: InspectionSummarySerializer(many=True)},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.inspection_list(
            user=request.user, filters=selectors.InspectionFilters(**params.validated_data)
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(InspectionSummarySerializer(page, many=True).data)


class InspectionNearLimitApi(APIView):
    """Work list: inspections near (or past) their 60-working-day limit."""

    policies = {"GET": P.LIST}

    class FilterSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=0, max_value=60, required=False, default=10)

    @extend_schema(
        operation_id="inspection_near_limit",
        parameters=[FilterSerializer],
        responses={200: InspectionSummarySerializer(many=True)},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.inspections_near_limit(user=request.user, **params.validated_data)
        return Response(InspectionSummarySerializer(qs, many=True).data)


class InspectionDetailApi(APIView):
    """One inspection with its records, clocks, version and the actions open to the reader."""

    policies = {"GET": P.VIEW}

    @extend_schema(responses={200: InspectionDetailSerializer})
    def get(self, request, pk: int):
        return _detail(request.user, selectors.inspection_get_for_user(user=request.user, pk=pk))


class ComplainantInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    representative = serializers.BooleanField(required=False, default=False)


class ComplaintDirectApi(APIView):
    """A complaint or report made directly to the inspection squad; creates its case."""

    policies = {"POST": P.RECEIVE}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ComplaintKind.choices)
        anonymous = serializers.BooleanField(required=False, default=False)
        village = serializers.CharField(max_length=12)
        employer_name = serializers.CharField(max_length=100)
        employer_credit_code = serializers.CharField(required=False, allow_blank=True, default="")
        allegation = serializers.CharField()
        category = serializers.ChoiceField(choices=Category.choices, default=Category.WAGE_ARREARS)
        channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WALK_IN)
        complainants = ComplainantInputSerializer(
            many=True, required=False, default=list, **bounds.list_limit(bounds.MAX_CLAIMANTS)
        )
        amount_owed = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
        )
        received_at = serializers.DateTimeField(required=False, allow_null=True)
        violation_ended_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: InspectionDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        village = village_list_for_user(user=request.user).filter(code=d["village"]).first()
        if village is None:
            raise ValidationError({"village": [_("不在您的辖区内或不存在")]})
        employer = employer_from_input(
            name=d["employer_name"], credit_code=d["employer_credit_code"], village=village
        )
        amount = d.get("amount_owed")
        inspection = services.complaint_receive_direct(
            actor=request.user,
            kind=d["kind"],
            anonymous=d["anonymous"],
            village=village,
            employer=employer,
            allegation=d["allegation"],
            category=d["category"],
            channel=d["channel"],
            complainants=[ClaimantInput(**c) for c in d["complainants"]],
            claims=[("拖欠工资", amount)] if amount else None,
            received_at=d.get("received_at"),
            violation_ended_on=d.get("violation_ended_on"),
        )
        return _detail(request.user, inspection, status.HTTP_201_CREATED)


def employer_from_input(*, name: str, credit_code: str, village: Village):
    try:
        return employer_find_or_create(name=name, credit_code=credit_code, village=village)
    except ValidationError as e:
        raise ValidationError({f"employer_{k}": v for k, v in e.message_dict.items()}) from None


class ComplaintFromCaseApi(APIView):
    """Take a case on the inspection track as a complaint or report."""

    policies = {"POST": P.RECEIVE}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ComplaintKind.choices, default="complaint")
        allegation = serializers.CharField(required=False, allow_blank=True, default="")
        received_at = serializers.DateTimeField(required=False, allow_null=True)
        violation_ended_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: InspectionDetailSerializer})
    def post(self, request, case_id: int):
        case = case_get_for_user(user=request.user, pk=case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.complaint_receive_from_case(
            case=case, actor=request.user, **data.validated_data
        )
        return _detail(request.user, inspection, status.HTTP_201_CREATED)


class _InspectionActionApi(APIView):
    """POST an action on one inspection: parse, scoped fetch, one service, the new state."""

    policies = {"POST": P.INVESTIGATE}
    service = None
    InputSerializer: type[serializers.Serializer] = serializers.Serializer
    created = False

    def call(self, *, inspection, actor, data):
        return type(self).service(inspection=inspection, actor=actor, **data)

    def post(self, request, pk: int):
        inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.call(inspection=inspection, actor=request.user, data=data.validated_data)
        code = status.HTTP_201_CREATED if self.created else status.HTTP_200_OK
        return _detail(request.user, inspection, code)


def _action(name: str, service, input_serializer, *, created: bool = False, doc: str = ""):
    cls = type(
        name,
        (_InspectionActionApi,),
        {
            "service": staticmethod(service),
            "InputSerializer": input_serializer,
            "created": created,
            "__doc__": doc or service.__doc__,
        },
    )
    cls.post = extend_schema(
        request=input_serializer, responses={201 if created else 200: InspectionDetailSerializer}
    )(cls.post)
    return cls


class _Versioned(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="the version you read; 409 naming who changed what if it moved"
    )


class _OpenInput(_Versioned):
    opened_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class _ReasonInput(_Versioned):
    reason = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField(required=False, allow_null=True)


class _ExtendInput(_Versioned):
    approved_by = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(allow_blank=True)
    workdays = serializers.IntegerField(required=False, default=30)
    at = serializers.DateTimeField(required=False, allow_null=True)


class _ResumeInput(_Versioned):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True)


class _ConcludeInput(_Versioned):
    conclusion = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField(required=False, allow_null=True)


class _NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class _SiteInput(_Versioned):
    at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    inspectors = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(is_active=True, role=Role.LABOR_INSPECTOR)
    )
    findings = serializers.CharField()


class _OrderInput(_Versioned):
    items = serializers.CharField()
    deadline = serializers.DateField()
    legal_basis = serializers.CharField(required=False, default="《劳动保障监察条例》第二十六条")
    amount_owed = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    issued_on = serializers.DateField(required=False, allow_null=True)


class _PenaltyInput(_Versioned):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    legal_basis = serializers.CharField(allow_blank=True)
    facts = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True)


class _RecoveryInput(_Versioned):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Claimant.objects.select_related("worker"), required=False, allow_null=True
    )
    workers = serializers.IntegerField(required=False, default=1)
    recovered_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


InspectionOpenApi = _action("InspectionOpenApi", services.inspection_open, _OpenInput)
InspectionDeclineApi = _action("InspectionDeclineApi", services.inspection_decline, _ReasonInput)
InspectionExtendApi = _action("InspectionExtendApi", services.inspection_extend, _ExtendInput)
InspectionSuspendApi = _action("InspectionSuspendApi", services.inspection_suspend, _ReasonInput)
InspectionResumeApi = _action("InspectionResumeApi", services.inspection_resume, _ResumeInput)
InspectionConcludeApi = _action(
    "InspectionConcludeApi", services.inspection_conclude, _ConcludeInput
)
InspectionConcludeCaseApi = _action(
    "InspectionConcludeCaseApi", services.inspection_conclude_case, _NoteInput
)
InspectionConcludeCaseApi.policies = {"POST": P.CONCLUDE_CASE}
SiteInspectionCreateApi = _action(
    "SiteInspectionCreateApi", services.site_inspection_record, _SiteInput, created=True
)
RectificationOrderCreateApi = _action(
    "RectificationOrderCreateApi", services.rectification_order_issue, _OrderInput, created=True
)
PenaltyCreateApi = _action("PenaltyCreateApi", services.penalty_decide, _PenaltyInput, created=True)
WageRecoveryCreateApi = _action(
    "WageRecoveryCreateApi", services.wage_recovery_record, _RecoveryInput, created=True
)


class RectificationOrderFollowUpApi(APIView):
    """Record the follow-up of a rectification order."""

    policies = {"POST": P.INVESTIGATE}

    class InputSerializer(_Versioned):
        complied = serializers.BooleanField()
        note = serializers.CharField(required=False, allow_blank=True, default="")
        at = serializers.DateTimeField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: OrderSerializer})
    def post(self, request, pk: int):
        order = selectors.rectification_order_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.rectification_order_follow_up(
            order=order, actor=request.user, **data.validated_data
        )
        return Response(OrderSerializer(order, context={"user": request.user}).data)


class AdditionalCompensationApi(APIView):
    """Order the 50–100% additional compensation on wages still unpaid after an order."""

    policies = {"POST": P.INVESTIGATE}

    class InputSerializer(_Versioned):
        percent = serializers.IntegerField()
        at = serializers.DateTimeField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: OrderSerializer})
    def post(self, request, pk: int):
        order = selectors.rectification_order_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.additional_compensation_order(
            order=order, actor=request.user, **data.validated_data
        )
        return Response(OrderSerializer(order, context={"user": request.user}).data)


class RectificationOrdersOverdueApi(APIView):
    """Open rectification orders past their deadline within the reader's scope."""

    policies = {"GET": P.LIST}

    @extend_schema(responses={200: OrderSerializer(many=True)})
    def get(self, request):
        qs = selectors.rectification_orders_overdue(user=request.user)
        return Response(OrderSerializer(qs, many=True, context={"user": request.user}).data)


class NoticeSendApi(APIView):
    """Record the written notice to the complainant as given (and send it by SMS)."""

    policies = {"POST": P.INVESTIGATE}

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(allow_blank=True)
        at = serializers.DateTimeField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: NoticeSerializer})
    def post(self, request, pk: int):
        notice = selectors.notice_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.complainant_notice_send(
            notice=notice, actor=request.user, **data.validated_data
        )
        return Response(NoticeSerializer(notice).data)
