"""The 110 platform's signed intake, and the units' token API (acknowledge, depart, arrive,
report, reassign, cancel). The contract is in docs/integrations/110.md."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts.models import Department, User
from jiefen.cases.choices import Category
from jiefen.core.access import PUBLIC
from jiefen.core.sms import InboundFormatError, inbound_format
from jiefen.core.webhooks import IsSignedSender, SignedRequestAuthentication
from jiefen.dispatch import policies as P
from jiefen.dispatch import services
from jiefen.dispatch.choices import IncidentSource
from jiefen.dispatch.selectors import (
    arrival_time_distribution,
    arrival_within_limit,
    order_arrival_state,
    order_get_for_user,
)
from jiefen.dispatch.transitions import order_actions
from jiefen.geo.forms import MAX_CHOICES
from jiefen.geo.gazetteer import address_match


class OrderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit_kind = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    department = serializers.CharField(source="department.name")
    assignee = serializers.CharField(source="assignee.display_name", default=None)
    dispatched_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField()
    departed_at = serializers.DateTimeField()
    arrived_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    help_requested_at = serializers.DateTimeField()
    arrival_state = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    def get_arrival_state(self, order) -> str:
        return order_arrival_state(order)

    def get_actions(self, order) -> list[str]:
        """What the caller may do to this order now (its lifecycle table and their policy)."""
        user = self.context.get("user")
        return sorted(order_actions(order, user)) if user is not None else []


class IncidentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    incident_no = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    village_code = serializers.CharField(source="village.code", default=None)
    village_candidates = serializers.SerializerMethodField()
    case_number = serializers.CharField(source="case.number", default=None)
    orders = OrderOutputSerializer(many=True, source="orders.all")

    def get_village_candidates(self, incident) -> list[dict[str, str]]:
        """For an incident still without a village: the villages its address may lie in, best
        first, with the reason (a road at a boundary, a street only), for staff to confirm."""
        if incident.village_id is not None:
            return []
        match = address_match(incident.address)
        return [
            {"village_code": c.code, "name": c.label, "reason": c.reason}
            for c in match.candidates[:MAX_CHOICES]
        ]


class IncidentReceiveApi(APIView):
    """Receive an incident from the 110 platform (signed; idempotent on incident_no)."""

    authentication_classes = [SignedRequestAuthentication]
    permission_classes = [IsSignedSender]
    # No person: the signature decides (IsSignedSender); the service runs under
    # dispatch.receive, which admits no person acting for the 110 platform.
    policies = {"POST": PUBLIC}
    webhook_endpoint = "dispatch.incident"

    class InputSerializer(serializers.Serializer):
        incident_no = serializers.CharField(max_length=40)
        received_at = serializers.DateTimeField()
        caller_name = serializers.CharField(max_length=50)
        # Optional (the caller may have withheld the number): stored as blank when absent.
        caller_phone = serializers.CharField(
            max_length=30, required=False, allow_blank=True, default=""
        )
        address = serializers.CharField(max_length=200)
        village_code = serializers.RegexField(
            r"^\d{12}$", required=False, allow_blank=True, default=""
        )
        people_involved = serializers.IntegerField(min_value=1, max_value=100_000)
        category = serializers.ChoiceField(choices=Category.choices)
        description = serializers.CharField(max_length=2000)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: IncidentOutputSerializer,
            200: OpenApiResponse(IncidentOutputSerializer, "already received: the existing one"),
            400: OpenApiResponse(description="field errors"),
            401: OpenApiResponse(description="bad, stale or replayed signature"),
            409: OpenApiResponse(description="incident_no reused for another incident"),
        },
        auth=[],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident, created = services.incident_receive(
            **data.validated_data,
            source=IncidentSource.PLATFORM,
            sender=request.auth.sender,
        )
        return Response(
            IncidentOutputSerializer(incident).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SmsReplyApi(APIView):
    """The units' SMS replies (上行短信), forwarded by the SMS gateway: signed like the 110
    intake, idempotent on the provider's message id; the body is in the gateway's own format
    (JIEFEN_SMS_INBOUND_FORMAT). The contract is in docs/integrations/sms.md."""

    authentication_classes = [SignedRequestAuthentication]
    permission_classes = [IsSignedSender]
    # No person: the signature decides; the service acts as the unit member whose phone sent it.
    policies = {"POST": PUBLIC}
    webhook_endpoint = "dispatch.sms"

    class OutputSerializer(serializers.Serializer):
        results = serializers.ListField(
            child=serializers.DictField(),
            help_text="per message: message_id, outcome, order (id or null), repeated",
        )

    @extend_schema(
        # One message or a list (jiefen's format), or Aliyun's array: see the contract.
        request={"application/json": {"oneOf": [{"type": "object"}, {"type": "array"}]}},
        responses={
            200: OpenApiResponse(
                OutputSerializer, "jiefen's format; Aliyun's gets {code: 0, msg: 接收成功}"
            ),
            400: OpenApiResponse(description="the body is not in the gateway's format"),
            401: OpenApiResponse(description="bad, stale or replayed signature"),
            403: OpenApiResponse(description="a sender not allowed at this endpoint"),
        },
        auth=[],
    )
    def post(self, request):
        form = inbound_format()
        try:
            messages = form.parse(request._request.body)
        except InboundFormatError as e:
            return Response({"detail": str(e)}, status=status.HTTP_400_BAD_REQUEST)
        results = []
        for message in messages:
            result = services.sms_reply_receive(gateway=request.auth.sender, message=message)
            results.append(
                {
                    "message_id": message.message_id,
                    "outcome": result.reply.outcome,
                    "order": result.reply.order_id,
                    "repeated": not result.created,
                }
            )
        return Response(form.answer(results))


class _OrderActionApi(APIView):
    """Base of the units' order actions: scoped fetch, one service, the order back."""

    InputSerializer: type[serializers.Serializer]
    policies = {"POST": P.ORDER}

    def act(self, *, order, actor, data):  # pragma: no cover - each subclass names its service
        raise NotImplementedError

    def post(self, request, pk: int):
        order = order_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = self.act(order=order, actor=request.user, data=data.validated_data)
        return Response(OrderOutputSerializer(order, context={"user": request.user}).data)


class _Versioned(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="the order's version you read; 409 naming who changed it"
    )


class _AtSerializer(_Versioned):
    at = serializers.DateTimeField(required=False)


class OrderAcknowledgeApi(_OrderActionApi):
    """The unit has the order (签收); `at` defaults to now."""

    InputSerializer = _AtSerializer

    @extend_schema(request=_AtSerializer, responses={200: OrderOutputSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, *, order, actor, data):
        return services.order_acknowledge(
            order=order, actor=actor, at=data.get("at"), version=data.get("version")
        )


class OrderDepartApi(_OrderActionApi):
    """The unit is on its way (出发); `at` defaults to now."""

    InputSerializer = _AtSerializer

    @extend_schema(request=_AtSerializer, responses={200: OrderOutputSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, *, order, actor, data):
        return services.order_depart(
            order=order, actor=actor, at=data.get("at"), version=data.get("version")
        )


class OrderArriveApi(_OrderActionApi):
    """The unit is on the scene (到场); `arrived_at` may lie up to two hours in the past."""

    class InputSerializer(_Versioned):
        arrived_at = serializers.DateTimeField(required=False)

    @extend_schema(request=InputSerializer, responses={200: OrderOutputSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, *, order, actor, data):
        return services.order_arrive(
            order=order,
            actor=actor,
            arrived_at=data.get("arrived_at"),
            version=data.get("version"),
        )


class OrderReportApi(_OrderActionApi):
    """The unit's on-scene report (现场反馈)."""

    class InputSerializer(_Versioned):
        report = serializers.CharField(max_length=4000)

    @extend_schema(request=InputSerializer, responses={200: OrderOutputSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, *, order, actor, data):
        return services.order_report(
            order=order, actor=actor, report=data["report"], version=data.get("version")
        )


class OrderReassignApi(_OrderActionApi):
    """Send the order to another person or unit of the same kind; the clock keeps running."""

    class InputSerializer(_Versioned):
        reason = serializers.CharField(max_length=200)
        assignee_id = serializers.IntegerField(required=False)
        department_id = serializers.IntegerField(required=False)

    @extend_schema(request=InputSerializer, responses={200: OrderOutputSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, *, order, actor, data):
        assignee = (
            get_object_or_404(User, pk=data["assignee_id"], is_active=True)
            if data.get("assignee_id")
            else None
        )
        department = (
            get_object_or_404(Department, pk=data["department_id"])
            if data.get("department_id")
            else None
        )
        return services.order_reassign(
            order=order,
            actor=actor,
            reason=data["reason"],
            assignee=assignee,
            department=department,
            version=data.get("version"),
        )


class OrderCancelApi(_OrderActionApi):
    """Call the unit off, with the reason."""

    class InputSerializer(_Versioned):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={200: OrderOutputSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, *, order, actor, data):
        return services.order_cancel(
            order=order, actor=actor, reason=data["reason"], version=data.get("version")
        )


class ArrivalFiguresApi(APIView):
    """Arrival within the limit per unit and month, and the arrival-time distribution."""

    policies = {"GET": P.VIEW}

    class FilterSerializer(serializers.Serializer):
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)

    class OutputSerializer(serializers.Serializer):
        within_limit = serializers.ListField(
            child=serializers.DictField(), help_text="see selectors.arrival_within_limit"
        )
        distribution = serializers.DictField(help_text="see selectors.arrival_time_distribution")

    @extend_schema(parameters=[FilterSerializer], responses={200: OutputSerializer})
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        bounds = {k: f.validated_data.get(k) for k in ("date_from", "date_to")}
        return Response(
            {
                "within_limit": arrival_within_limit(user=request.user, **bounds),
                "distribution": arrival_time_distribution(user=request.user, **bounds),
            }
        )
