from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.reports import policies as P
from jiefen.reports import selectors
from jiefen.reports.definitions import DEFINITIONS, Ratio
from jiefen.reports.formatting import KEY_FIGURES


def _rate(value) -> float | None:
    return value.value if isinstance(value, Ratio) else None


class RatioSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True, min_value=0, max_value=1)


class SummaryFigureSerializer(serializers.Serializer):
    """One figure as its definition (`definitions.DEFINITIONS`) counts it: a rate in [0, 1]
    with what it was counted from, a count, or days; null when nothing was counted."""

    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)


def figures_out(summary: dict) -> dict:
    """Every figure of the dashboard and the monthly report, keyed as they are, each read
    through its definition."""
    out = {}
    for key in KEY_FIGURES:
        d = DEFINITIONS[key]
        value = d.value(summary)
        ratio = value if isinstance(value, Ratio) else None
        out[key] = {
            "name": str(d.name),
            "unit": d.unit,
            "value": ratio.value if ratio else (None if value is None else float(value)),
            "numerator": ratio.numerator if ratio else None,
            "denominator": ratio.denominator if ratio else None,
        }
    return out


class SummaryApi(APIView):
    """The period's figures within the caller's scope; each rate in [0, 1], or null when nothing
    was counted. `period=YYYY-MM`, or `from` and `to` (YYYY-MM-DD); `street` (9 digits);
    `district` (6 digits, a district of a city or province reader's scope); `by=district` adds
    the same figures for each district of the scope, for comparing them."""

    policies = {"GET": P.DASHBOARD}

    class InputSerializer(serializers.Serializer):
        period = serializers.RegexField(r"^\d{4}-\d{2}$", required=False)
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)
        street = serializers.RegexField(r"^\d{9}$", required=False)
        district = serializers.RegexField(r"^\d{6}$", required=False)
        by = serializers.ChoiceField(choices=["district"], required=False)

    class OutputSerializer(serializers.Serializer):
        period_from = serializers.DateField()
        period_to = serializers.DateField()
        street = serializers.CharField(allow_blank=True)
        received = serializers.IntegerField()
        accepted = serializers.IntegerField()
        carried_over = serializers.IntegerField()
        concluded = serializers.IntegerField()
        resolved = serializers.IntegerField()
        unresolved = serializers.IntegerField()
        backlog = serializers.IntegerField()
        overdue = serializers.IntegerField()
        collective_cases = serializers.IntegerField()
        collective_workers = serializers.IntegerField()
        collective_in_hand = serializers.IntegerField()
        collective_in_hand_workers = serializers.IntegerField()
        handling_days_avg = serializers.FloatField(allow_null=True)
        handling_days_median = serializers.FloatField(allow_null=True)
        resolution_rate = serializers.FloatField(allow_null=True)
        within_7_workdays_rate = serializers.FloatField(allow_null=True)
        arbitration_within_one_month_rate = serializers.FloatField(allow_null=True)
        arbitration_within_45_days_rate = serializers.FloatField(allow_null=True)
        mediation_success_rate = serializers.FloatField(allow_null=True)
        arbitration_closure_rate = serializers.FloatField(allow_null=True)
        police_arrival_within_15_min_rate = serializers.FloatField(allow_null=True)
        inspection_arrival_within_20_min_rate = serializers.FloatField(allow_null=True)
        counts = serializers.DictField(child=RatioSerializer())
        figures = serializers.DictField(child=SummaryFigureSerializer())
        district = serializers.CharField(allow_blank=True, required=False)
        district_name = serializers.CharField(allow_blank=True, required=False)
        districts = serializers.ListField(child=serializers.DictField(), required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="YYYY-MM"),
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
            OpenApiParameter("street", str, description="9-digit street code"),
            OpenApiParameter("district", str, description="6-digit district code"),
            OpenApiParameter("by", str, enum=["district"], description="per-district figures"),
        ],
        responses={200: OutputSerializer},
    )
    def get(self, request):
        params = request.query_params
        data = self.InputSerializer(
            data={
                k: v
                for k, v in {
                    "period": params.get("period"),
                    "date_from": params.get("from"),
                    "date_to": params.get("to"),
                    "street": params.get("street"),
                    "district": params.get("district"),
                    "by": params.get("by"),
                }.items()
                if v
            }
        )
        if not data.is_valid():
            errors = dict(data.errors)
            for ours, theirs in (("date_from", "from"), ("date_to", "to")):
                if ours in errors:
                    errors[theirs] = errors.pop(ours)
            raise ValidationError(errors)
        v = data.validated_data
        if bool(v.get("date_from")) != bool(v.get("date_to")):
            raise ValidationError(
                {"to" if v.get("date_from") else "from": [_("请同时提供 from 与 to")]}
            )
        try:
            period = selectors.period_from_params(
                period=v.get("period", ""),
                date_from=v["date_from"].isoformat() if v.get("date_from") else "",
                date_to=v["date_to"].isoformat() if v.get("date_to") else "",
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        reader = request.user
        if v.get("district"):
            reader = selectors.district_reader(request.user, v["district"])
            if reader is None:
                raise ValidationError({"district": [_("该区不在您的权限范围内")]})
        street = v.get("street", "")
        if street and not selectors.street_choices(user=reader).filter(code=street).exists():
            raise ValidationError({"street": [_("该街道不在您的权限范围内")]})
        out = self._figures(selectors.summary(user=reader, period=period, street=street))
        out.update(period_from=period.start, period_to=period.end, district=v.get("district", ""))
        if v.get("by") == "district":
            out["districts"] = [
                self._figures(row)
                for row in selectors.district_breakdown(user=reader, period=period)
            ]
        return Response(self.OutputSerializer(out).data)

    def _figures(self, s: dict) -> dict:
        out = {key: s[key] for key in self.OutputSerializer().fields if key in s}
        for key in selectors.RATE_KEYS:
            out[key] = _rate(s[key])
        out["counts"] = {k: s[k].as_dict() for k in selectors.RATE_KEYS if isinstance(s[k], Ratio)}
        out["figures"] = figures_out(s)
        return out
