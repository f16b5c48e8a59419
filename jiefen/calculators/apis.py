"""The calculator over the API: the same calculation as the screens, and saving onto a case."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.calculators import policies as P
from jiefen.calculators.choices import Item, Reason
from jiefen.calculators.compute import Inputs
from jiefen.calculators.forms import MONEY, WAGE_MAX
from jiefen.calculators.selectors import calculation_list_for_case
from jiefen.calculators.services import calculation_run, calculation_save
from jiefen.calculators.words import result_words
from jiefen.cases.selectors import case_get_for_user

HOURS = {"max_digits": 7, "decimal_places": 1, "min_value": Decimal(0), "max_value": Decimal(10000)}


class InputSerializer(serializers.Serializer):
    monthly_wage = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=WAGE_MAX,
        help_text="解除或终止前12个月的平均应发工资（元）",
    )
    start_date = serializers.DateField(required=False, allow_null=True, help_text="用工之日")
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text="劳动关系解除或终止之日；在职不填"
    )
    reason = serializers.ChoiceField(choices=Reason.choices, default=Reason.ONGOING)
    notice_given = serializers.BooleanField(
        default=True, help_text="第四十条：已提前三十日书面通知"
    )
    last_month_wage = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    unpaid_wages = serializers.DecimalField(**MONEY, default=Decimal(0))
    no_written_contract = serializers.BooleanField(default=False)
    contract_signed_on = serializers.DateField(required=False, allow_null=True)
    overtime_weekday_hours = serializers.DecimalField(**HOURS, default=Decimal(0))
    overtime_restday_hours = serializers.DecimalField(**HOURS, default=Decimal(0))
    overtime_holiday_hours = serializers.DecimalField(**HOURS, default=Decimal(0))
    overtime_base = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    overtime_paid = serializers.DecimalField(**MONEY, default=Decimal(0))
    leave_service_years = serializers.IntegerField(
        min_value=0,
        max_value=60,
        required=False,
        allow_null=True,
        help_text="累计工作年限；不计算年休假的不填",
    )
    leave_days_taken = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(366),
        default=Decimal(0),
    )
    leave_wage = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    administration_ordered = serializers.BooleanField(default=False)
    additional_rate = serializers.IntegerField(min_value=50, max_value=100, default=50)
    injury_grade = serializers.IntegerField(
        min_value=1, max_value=10, required=False, allow_null=True
    )
    injury_wage = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    knew_on = serializers.DateField(required=False, allow_null=True)

    def inputs(self) -> Inputs:
        return Inputs(
            **{k: v for k, v in self.validated_data.items() if k in Inputs.__dataclass_fields__}
        )


class LineSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=Item.choices)
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    formula = serializers.CharField()
    basis = serializers.CharField()
    plain = serializers.CharField()
    notes = serializers.ListField(child=serializers.CharField())
    unconfirmed = serializers.ListField(child=serializers.CharField())
    claim = serializers.BooleanField()


class FigureSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    grade = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    effective_from = serializers.DateField(allow_null=True)
    source = serializers.CharField()
    confirmed = serializers.BooleanField()


class ResultSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    unconfirmed = serializers.BooleanField(
        help_text="true when any line used an unconfirmed or missing parameter"
    )
    warnings = serializers.ListField(child=serializers.CharField())
    lines = LineSerializer(many=True)
    figures = FigureSerializer(many=True)

    def to_representation(self, instance):
        # Stored as messages: read in the request's language.
        return super().to_representation(result_words(instance, html=False))


class CalculationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    as_claims = serializers.BooleanField()
    created_by = serializers.CharField(source="created_by.display_name")
    created_at = serializers.DateTimeField()
    inputs = serializers.JSONField()
    result = ResultSerializer()


class CalculateApi(APIView):
    """What a worker is owed: each item with its amount, formula and articles; nothing is saved."""

    policies = {"POST": P.CALCULATE}

    @extend_schema(request=InputSerializer, responses={200: ResultSerializer})
    def post(self, request):
        data = InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = calculation_run(inputs=data.inputs(), actor=request.user)
        return Response(ResultSerializer(result.as_json()).data)


class CaseCalculationsApi(APIView):
    """The calculations saved on a case (newest first); POST saves one, by default as the case's
    claims (`as_claims`, replacing the claims it had)."""

    policies = {"GET": P.VIEW, "POST": P.SAVE}

    class SaveSerializer(InputSerializer):
        as_claims = serializers.BooleanField(default=True)

    @extend_schema(responses={200: CalculationSerializer(many=True)})
    def get(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        rows = calculation_list_for_case(case=case)[:50]
        return Response(CalculationSerializer(rows, many=True).data)

    @extend_schema(request=SaveSerializer, responses={201: CalculationSerializer})
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        data = self.SaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        calculation = calculation_save(
            case=case,
            actor=request.user,
            inputs=data.inputs(),
            as_claims=data.validated_data["as_claims"],
        )
        return Response(CalculationSerializer(calculation).data, status=status.HTTP_201_CREATED)
