"""The answer library over the API: search, and answering a consultation with an entry."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.cases.choices import Category
from jiefen.cases.selectors import case_get_for_user
from jiefen.consultations import policies as P
from jiefen.consultations.selectors import answer_get, answer_search
from jiefen.consultations.services import answer_send


class AnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    category = serializers.CharField()
    question = serializers.CharField()
    answer = serializers.CharField()
    basis = serializers.CharField()
    effective_from = serializers.DateField()
    review_due = serializers.DateField()
    reviewer = serializers.CharField(source="reviewer.display_name", default=None, allow_null=True)
    reviewed_on = serializers.DateField(allow_null=True)


class AnswerListApi(APIView):
    """The library's answers in force, best match first for `q` (Chinese keywords or a sentence)."""

    policies = {"GET": P.LIBRARY}

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
        category = serializers.ChoiceField(choices=Category.choices, required=False, default="")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="关键词或一句话"),
            OpenApiParameter("category", str, enum=Category.values),
        ],
        responses={200: AnswerSerializer(many=True)},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        d = params.validated_data
        return Response(
            AnswerSerializer(
                answer_search(query=d["q"], category=d["category"], limit=20), many=True
            ).data
        )


class CaseAnswerApi(APIView):
    """Answer a registered consultation with a library entry: the case moves to `answered` with
    the text on its timeline; `sms` sends it to the enquirer's phone on file. 409 when the case
    is not a registered consultation."""

    policies = {"POST": P.ANSWER}

    class InputSerializer(serializers.Serializer):
        answer = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        text = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
        sms = serializers.BooleanField(default=True)

    class OutputSerializer(serializers.Serializer):
        case = serializers.IntegerField(source="case_id")
        status = serializers.CharField(source="case.status")
        answer = serializers.CharField(source="answer.code")
        at = serializers.DateTimeField()
        sms_to = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        use = answer_send(
            case=case,
            answer=answer_get(pk=d["answer"]),
            actor=request.user,
            text=d["text"],
            sms=d["sms"],
        )
        return Response(self.OutputSerializer(use).data)
