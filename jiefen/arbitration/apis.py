"""The arbitration API: the same services as the screens; 400 with field errors, 409 for a move
the application's state (or the calendar of rooms and arbitrators) does not allow."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.arbitration import policies as P
from jiefen.arbitration.choices import (
    SUSPENSION_GROUNDS,
    AwardItemKind,
    Procedure,
    ServedDocument,
    ServiceMode,
    Side,
    SimplifiedBasis,
)
from jiefen.arbitration.models import HearingRoom
from jiefen.arbitration.rules import party_deadlines
from jiefen.arbitration.selectors import (
    ApplicationFilters,
    application_get_for_user,
    application_list,
)
from jiefen.arbitration.services import application_file
from jiefen.arbitration.views import ACTION_POLICIES, _run
from jiefen.cases.clockrules import ARBITRATION_RESTARTS
from jiefen.cases.selectors import case_get_for_user
from jiefen.core.pagination import StandardPagination


class ApplicationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="case.number")
    case_id = serializers.IntegerField()
    source = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    procedure = serializers.CharField()
    limitation_warning = serializers.CharField()
    extension_days = serializers.IntegerField()
    deadlines = serializers.SerializerMethodField()

    def get_deadlines(self, obj) -> list[dict]:
        return [
            {"who": d.who, "what": d.what, "last_day": d.last_day.isoformat()}
            for d in party_deadlines(obj)
        ]


class ApplicationListApi(APIView):
    policies = {"GET": P.VIEW}

    class FilterSerializer(serializers.Serializer):
        status = serializers.CharField(required=False, default="")
        source = serializers.CharField(required=False, default="")
        procedure = serializers.CharField(required=False, default="")
        q = serializers.CharField(required=False, default="")
        sort = serializers.CharField(required=False, default="-received")

    @extend_schema(
        parameters=[FilterSerializer], responses={200: ApplicationOutputSerializer(many=True)}
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        qs = application_list(user=request.user, filters=ApplicationFilters(**f.validated_data))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ApplicationOutputSerializer(page, many=True).data)


class ApplicationDetailApi(APIView):
    policies = {"GET": P.VIEW}

    @extend_schema(responses={200: ApplicationOutputSerializer})
    def get(self, request, pk: int):
        application = application_get_for_user(user=request.user, pk=pk)
        return Response(ApplicationOutputSerializer(application).data)


class ApplicationFileApi(APIView):
    """File an application directly on a case (a transfer goes through the mediation API)."""

    policies = {"POST": P.FILE}

    class InputSerializer(serializers.Serializer):
        case = serializers.IntegerField()
        knew_infringement_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: ApplicationOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_get_for_user(user=request.user, pk=data.validated_data["case"])
        application = application_file(
            case=case,
            actor=request.user,
            knew_infringement_on=data.validated_data["knew_infringement_on"],
        )
        return Response(
            ApplicationOutputSerializer(application).data, status=status.HTTP_201_CREATED
        )


def _arbitrator_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.ARBITRATOR, is_active=True), **kwargs
    )


class _Empty(serializers.Serializer):
    pass


class _Missing(serializers.Serializer):
    missing = serializers.CharField()


class _Reason(serializers.Serializer):
    reason = serializers.CharField()


class _Serve(serializers.Serializer):
    document = serializers.ChoiceField(choices=ServedDocument.choices)
    side = serializers.ChoiceField(choices=Side.choices)
    mode = serializers.ChoiceField(choices=ServiceMode.choices)
    served_at = serializers.DateTimeField()
    proof = serializers.CharField(max_length=200)
    notice_ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class _Defence(serializers.Serializer):
    received_at = serializers.DateTimeField()


class _Compose(serializers.Serializer):
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    simplified_basis = serializers.ChoiceField(
        choices=SimplifiedBasis.choices, required=False, default=""
    )
    arbitrator1 = _arbitrator_field()
    arbitrator2 = _arbitrator_field(required=False, allow_null=True, default=None)
    arbitrator3 = _arbitrator_field(required=False, allow_null=True, default=None)


class _Book(serializers.Serializer):
    room = serializers.PrimaryKeyRelatedField(queryset=HearingRoom.objects.filter(active=True))
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    notice_on = serializers.DateField(required=False, allow_null=True, default=None)


class _Postpone(serializers.Serializer):
    hearing_id = serializers.IntegerField()
    requested_on = serializers.DateField()
    reason = serializers.CharField()


class _Hold(serializers.Serializer):
    hearing_id = serializers.IntegerField()
    record = serializers.CharField()


class _Extend(serializers.Serializer):
    days = serializers.IntegerField(min_value=1)
    approved_by = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField()


class _Suspend(serializers.Serializer):
    reason = serializers.CharField()
    ground = serializers.ChoiceField(
        choices=[(g.value, g.label) for g in SUSPENSION_GROUNDS], required=False
    )


class _Restart(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in ARBITRATION_RESTARTS])
    note = serializers.CharField(required=False, allow_blank=True)


class _Award(serializers.Serializer):
    text = serializers.CharField()
    kind1 = serializers.ChoiceField(choices=AwardItemKind.choices)
    description1 = serializers.CharField(max_length=200)
    amount1 = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    kind2 = serializers.ChoiceField(choices=AwardItemKind.choices, required=False)
    description2 = serializers.CharField(max_length=200, required=False)
    amount2 = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)


class _Terms(serializers.Serializer):
    terms = serializers.CharField()


ACTION_INPUTS: dict[str, type[serializers.Serializer]] = {
    "accept": _Empty,
    "decline": _Reason,
    "completion_notice": _Missing,
    "complete": _Empty,
    "serve": _Serve,
    "defence": _Defence,
    "compose": _Compose,
    "book": _Book,
    "postpone": _Postpone,
    "hold": _Hold,
    "suspend": _Suspend,
    "resume": _Empty,
    "extend": _Extend,
    "restart": _Restart,
    "award": _Award,
    "mediate": _Terms,
}


class ApplicationActionApi(APIView):
    """One procedural step on an application: `action` is one of ACTION_INPUTS."""

    policies = {"POST": P.VIEW}

    @extend_schema(request=None, responses={200: ApplicationOutputSerializer})
    def post(self, request, pk: int, action: str):
        application = application_get_for_user(user=request.user, pk=pk)
        input_class = ACTION_INPUTS.get(action)
        if input_class is None:
            return Response({"detail": "unknown action"}, status=status.HTTP_404_NOT_FOUND)
        ACTION_POLICIES.get(action, P.PROCEED).check(request.user, application)
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        _run(action, application=application, actor=request.user, data=dict(data.validated_data))
        application.refresh_from_db()
        return Response(ApplicationOutputSerializer(application).data)
