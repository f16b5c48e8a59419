"""The mediation API: the same services as the screens; 400 with field errors, 409 for a move
the mediation's state does not allow."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts.models import User
from jiefen.cases.selectors import case_get_for_user
from jiefen.core.pagination import StandardPagination
from jiefen.mediation import policies as P
from jiefen.mediation import services
from jiefen.mediation.choices import ReviewKind
from jiefen.mediation.selectors import MediationFilters, mediation_get_for_user, mediation_list


class MediationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="case.number")
    case_id = serializers.IntegerField()
    mediator = serializers.CharField(source="mediator.display_name")
    level = serializers.CharField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    outcome_note = serializers.CharField()
    arbitration_id = serializers.IntegerField(allow_null=True)


class MediationListApi(APIView):
    policies = {"GET": P.VIEW}

    class FilterSerializer(serializers.Serializer):
        status = serializers.CharField(required=False, default="")
        level = serializers.CharField(required=False, default="")
        q = serializers.CharField(required=False, default="")
        sort = serializers.CharField(required=False, default="-started")

    @extend_schema(
        parameters=[FilterSerializer], responses={200: MediationOutputSerializer(many=True)}
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        qs = mediation_list(user=request.user, filters=MediationFilters(**f.validated_data))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(MediationOutputSerializer(page, many=True).data)


class MediationDetailApi(APIView):
    policies = {"GET": P.VIEW}

    @extend_schema(responses={200: MediationOutputSerializer})
    def get(self, request, pk: int):
        return Response(
            MediationOutputSerializer(mediation_get_for_user(user=request.user, pk=pk)).data
        )


class MediationStartApi(APIView):
    policies = {"POST": P.START}

    class InputSerializer(serializers.Serializer):
        case = serializers.IntegerField()
        mediator = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={201: MediationOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_get_for_user(user=request.user, pk=data.validated_data["case"])
        mediator = User.objects.filter(pk=data.validated_data["mediator"]).first()
        if mediator is None:
            raise serializers.ValidationError({"mediator": ["未知调解员"]})
        mediation = services.mediation_start(case=case, mediator=mediator, actor=request.user)
        return Response(MediationOutputSerializer(mediation).data, status=status.HTTP_201_CREATED)


class MediationSessionApi(APIView):
    policies = {"POST": P.MEDIATE}

    class InputSerializer(serializers.Serializer):
        held_at = serializers.DateTimeField()
        attendees = serializers.CharField(max_length=300)
        minutes = serializers.CharField()
        place = serializers.CharField(required=False, allow_blank=True, default="")
        online = serializers.BooleanField(required=False, default=False)
        meeting_link = serializers.URLField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: None})
    def post(self, request, pk: int):
        mediation = mediation_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_record(
            mediation=mediation, actor=request.user, **data.validated_data
        )
        return Response({"id": session.pk}, status=status.HTTP_201_CREATED)


class MediationAgreementApi(APIView):
    policies = {"POST": P.MEDIATE}

    class ItemSerializer(serializers.Serializer):
        item = serializers.CharField(max_length=100)
        amount = serializers.DecimalField(max_digits=14, decimal_places=2)
        due_on = serializers.DateField()

    class InputSerializer(serializers.Serializer):
        signed_on = serializers.DateField()
        terms = serializers.CharField()
        items = serializers.ListField(child=serializers.DictField(), allow_empty=False)
        review_kind = serializers.ChoiceField(
            choices=ReviewKind.choices, required=False, default=""
        )

    @extend_schema(request=InputSerializer, responses={201: MediationOutputSerializer})
    def post(self, request, pk: int):
        mediation = mediation_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = self.ItemSerializer(data=data.validated_data["items"], many=True)
        if not items.is_valid():
            raise serializers.ValidationError({"items": items.errors})
        services.agreement_record(
            mediation=mediation,
            actor=request.user,
            signed_on=data.validated_data["signed_on"],
            terms=data.validated_data["terms"],
            review_kind=data.validated_data["review_kind"],
            items=[services.ItemInput(**i) for i in items.validated_data],
        )
        mediation.refresh_from_db()
        return Response(MediationOutputSerializer(mediation).data, status=status.HTTP_201_CREATED)


class MediationTransferApi(APIView):
    """Mediation failed: end it and open the arbitration application, in one call."""

    policies = {"POST": P.MEDIATE}

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField()
        knew_infringement_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: None})
    def post(self, request, pk: int):
        mediation = mediation_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.mediation_transfer(
            mediation=mediation, actor=request.user, **data.validated_data
        )
        return Response({"application": application.pk}, status=status.HTTP_201_CREATED)


class MediationRefuseApi(APIView):
    policies = {"POST": P.MEDIATE}

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: MediationOutputSerializer})
    def post(self, request, pk: int):
        mediation = mediation_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.mediation_refuse(mediation=mediation, actor=request.user, **data.validated_data)
        return Response(MediationOutputSerializer(mediation).data)


class AgreementPaymentApi(APIView):
    policies = {"POST": P.MEDIATE}

    class InputSerializer(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2)
        paid_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: None})
    def post(self, request, pk: int, item_pk: int):
        from jiefen.mediation.models import AgreementItem

        mediation = mediation_get_for_user(user=request.user, pk=pk)
        item = get_object_or_404(AgreementItem, pk=item_pk, agreement__mediation=mediation)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.agreement_payment_record(
            item=item, actor=request.user, **data.validated_data
        )
        return Response(
            {"id": item.pk, "status": item.status, "paid_amount": str(item.paid_amount)}
        )
