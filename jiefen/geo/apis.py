from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from jiefen.geo import policies as P
from jiefen.geo.selectors import street_list, village_list


class StreetListApi(ListAPIView):
    """The district's streets (街道) and towns (镇)."""

    policies = {"GET": P.VIEW}
    pagination_class = None

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.CharField()

    serializer_class = OutputSerializer

    def get_queryset(self):
        return street_list(user=self.request.user)


class VillageListApi(ListAPIView):
    """Villages and communities, optionally of one street."""

    policies = {"GET": P.VIEW}
    pagination_class = None

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.CharField()
        street_code = serializers.CharField(source="street.code")
        grid_area = serializers.CharField(source="grid_area.code", allow_null=True, default=None)
        grid_area_name = serializers.CharField(
            source="grid_area.name", allow_null=True, default=None
        )

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[OpenApiParameter("street", str, description="street code (9 digits)")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return village_list(
            street_code=self.request.query_params.get("street"), user=self.request.user
        )
