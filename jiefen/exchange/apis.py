"""The inbound endpoint of the provincial network."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.core.schema import FIELD_ERRORS
from jiefen.core.webhooks import IsSignedSender, SignedRequestAuthentication
from jiefen.exchange import policies as P
from jiefen.exchange.schema import case_message_openapi
from jiefen.exchange.services import inbound_receive


class CaseReceiveApi(APIView):
    """Take a case from the provincial network (format jiefen.case, version 1).

    Signed with X-Jiefen-Sender / X-Jiefen-Timestamp / X-Jiefen-Signature. Idempotent on the
    message id: a redelivery answers 200 with the same local number and changes nothing."""

    authentication_classes = [SignedRequestAuthentication]
    permission_classes = [IsSignedSender]
    policies = {"POST": P.INBOUND}
    webhook_endpoint = "exchange.case"

    class OutputSerializer(serializers.Serializer):
        message_id = serializers.CharField()
        number = serializers.CharField(help_text="本地案件编号")
        status = serializers.CharField()
        created = serializers.BooleanField()

    @extend_schema(
        request={"application/json": case_message_openapi()},
        responses={
            201: OutputSerializer,
            200: OutputSerializer,
            400: OpenApiResponse(
                response=FIELD_ERRORS,
                description="不符合 case-v1 格式：以 JSON 路径逐字段说明（如 case.claims[0].amount）",
            ),
            401: OpenApiResponse(description="签名缺失、错误、过期或重放"),
        },
        description="See docs/exchange/README.md and docs/exchange/case-v1.schema.json.",
    )
    def post(self, request):
        result = inbound_receive(sender=request.auth.sender, body=request.data)
        data = self.OutputSerializer(
            {
                "message_id": request.data["message_id"],
                "number": result.case.number,
                "status": result.case.status,
                "created": result.created,
            }
        ).data
        return Response(
            data, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )
