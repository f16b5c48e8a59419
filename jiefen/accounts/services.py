"""Provisioning staff and the centre's bodies."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from jiefen.accounts import policies as P
from jiefen.accounts.choices import DepartmentKind, Level, Role, ScopeLevel
from jiefen.accounts.models import Department, TokenState, User
from jiefen.core.policy import guarded, internal, system
from jiefen.geo.models import City, District, GridArea, Province, Street, Village


@internal
def scope_place(*, scope_level: str, scope_code: str) -> tuple[District | None, Street | None]:
    """The district and street a scope lies in (None above them); raises for an unknown code."""
    if scope_level in (ScopeLevel.PROVINCE, ScopeLevel.CITY):
        model = Province if scope_level == ScopeLevel.PROVINCE else City
        if not model.objects.filter(code=scope_code).exists():
            raise ValidationError(
                {
                    "scope_code": _("没有代码为 %(code)s 的%(level)s")
                    % {"code": scope_code, "level": model._meta.verbose_name}
                }
            )
        return None, None
    if scope_level == ScopeLevel.DISTRICT:
        district = District.objects.filter(code=scope_code).first()
        if district is None:
            raise ValidationError(
                {"scope_code": _("没有代码为 %(code)s 的区") % {"code": scope_code}}
            )
        return district, None
    model = {ScopeLevel.STREET: Street, ScopeLevel.GRID: GridArea, ScopeLevel.VILLAGE: Village}[
        scope_level
    ]
    obj = model.objects.filter(code=scope_code).first()
    if obj is None:
        raise ValidationError(
            {
                "scope_code": _("没有代码为 %(code)s 的%(level)s")
                % {"code": scope_code, "level": ScopeLevel(scope_level).label}
            }
        )
    street = obj if isinstance(obj, Street) else obj.street
    return street.district, street


@system
@transaction.atomic
def departments_ensure() -> int:
    """Create the seven bodies in every district and in each of its streets; returns how many
    were new."""
    created = 0
    streets = list(Street.objects.select_related("district"))
    for district in District.objects.all():
        for kind in DepartmentKind:
            _, new = Department.objects.get_or_create(
                kind=kind,
                district=district,
                street=None,
                defaults={"level": Level.DISTRICT, "name": f"{district.name}{kind.label}"},
            )
            created += new
    for street in streets:
        for kind in DepartmentKind:
            _, new = Department.objects.get_or_create(
                kind=kind,
                street=street,
                defaults={
                    "level": Level.STREET,
                    "district": street.district,
                    "name": f"{street.name}{kind.label}",
                },
            )
            created += new
    return created


@guarded(P.STAFF)
@transaction.atomic
def staff_create(
    *,
    actor,
    username: str,
    password: str,
    full_name: str,
    role: str,
    department_kind: str,
    scope_level: str,
    scope_code: str,
    phone: str = "",
) -> User:
    """Create a staff member in the body of their kind that serves their scope."""
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色：%(role)s") % {"role": role}})
    if department_kind not in DepartmentKind.values:
        raise ValidationError(
            {"department_kind": _("未知部门类型：%(kind)s") % {"kind": department_kind}}
        )
    if scope_level not in ScopeLevel.values:
        raise ValidationError(
            {"scope_level": _("范围层级应为 province、city、district、street、grid 或 village")}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名已存在")})
    district, street = scope_place(scope_level=scope_level, scope_code=scope_code)
    # Above the district a person serves the city's or province's centre, not a district's body.
    department = None
    if district is not None:
        department = Department.objects.filter(
            kind=department_kind, district=district, street=street
        ).first()
        if department is None:
            raise ValidationError({"department_kind": _("该范围内没有此类部门")})
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        department=department,
        scope_level=scope_level,
        scope_code=scope_code,
        phone=phone,
        is_staff=role == Role.ADMINISTRATOR,
    )
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({"password": e.messages}) from e
    user.set_password(password)
    user.save()
    if role == Role.MEDIATOR and scope_level == ScopeLevel.VILLAGE:
        # Routing follows the people who serve a place: a village's mediator is one of its
        # mediators, so acceptance by grid sends its cases to them.
        Village.objects.get(code=scope_code).mediators.add(user)
    return user


@system
@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The API token of a person who just proved their password: the current one while it is
    still good, else a new one (jiefen/accounts/authentication.py decides what is good)."""
    from jiefen.accounts.authentication import token_refusal

    now = timezone.now()
    token = Token.objects.filter(user=user).first()
    if token is not None and token_refusal(token=token, now=now) is not None:
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
        TokenState.objects.create(
            token=token, last_used_at=now, password_mark=user.get_session_auth_hash()
        )
    return token


@system
def token_revoke(*, token: Token) -> None:
    """Sign an API client out: the token stops working at once."""
    Token.objects.filter(pk=token.pk).delete()
