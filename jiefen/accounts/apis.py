from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts import policies as P
from jiefen.accounts.authentication import ExpiringTokenAuthentication
from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.services import staff_create, token_issue, token_revoke
from jiefen.core.access import PUBLIC, SIGNED_IN


class TokenObtainApi(APIView):
    """POST: exchange a username and password for an API token (it expires after 12 hours
    unused or 30 days in all, and when the password changes). DELETE: revoke the token sent."""

    authentication_classes: list = []
    policies = {"POST": PUBLIC, "DELETE": SIGNED_IN}

    def get_authenticators(self):
        # Obtaining takes no credentials (a stale token in the header must not stand in the
        # way of getting a new one); revoking takes exactly the token to revoke.
        method = getattr(getattr(self, "request", None), "method", "POST")
        return [ExpiringTokenAuthentication()] if method == "DELETE" else []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            return Response(
                {"detail": "用户名或密码错误，或账户已被锁定。"}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response({"token": token_issue(user=user).key})

    @extend_schema(
        request=None,
        responses={204: None, 401: OpenApiResponse(description="no valid token was sent")},
    )
    def delete(self, request):
        if not isinstance(request.auth, Token):
            raise exceptions.NotAuthenticated("请在 Authorization 头中提供要注销的令牌。")
        token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffCreateApi(APIView):
    """Provision a staff member (administrators only)."""

    policies = {"POST": P.STAFF}

    class InputSerializer(serializers.Serializer):
        username = serializers.RegexField(r"^[\w.@+-]{3,150}$")
        password = serializers.CharField(trim_whitespace=False)
        full_name = serializers.CharField(max_length=50)
        role = serializers.ChoiceField(choices=Role.choices)
        department_kind = serializers.ChoiceField(choices=DepartmentKind.choices)
        scope_level = serializers.ChoiceField(choices=ScopeLevel.choices)
        scope_code = serializers.RegexField(r"^[0-9A-Z]{2,16}$")
        phone = serializers.CharField(required=False, allow_blank=True, max_length=20)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        full_name = serializers.CharField()
        role = serializers.CharField()
        # Blank for a person above the district (a city's or province's centre has no body here).
        department_kind = serializers.CharField(source="department.kind", default="")
        department = serializers.CharField(source="department.name", default="")
        scope_level = serializers.CharField()
        scope_code = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = staff_create(actor=request.user, **data.validated_data)
        return Response(self.OutputSerializer(user).data, status=status.HTTP_201_CREATED)
