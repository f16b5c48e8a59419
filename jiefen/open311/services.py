"""Writes of the Open311 door: issuing and revoking client keys, counting a client's calls
against its limits, and filing a request, which becomes a case through the one intake
(`case_intake`, channel `open311`, received until a person registers it)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases.choices import Channel, EventKind
from jiefen.cases.services import ClaimantInput, case_event_add, case_intake
from jiefen.core.exceptions import ApplicationError
from jiefen.core.messages import phrase
from jiefen.core.policy import Forbidden, guarded
from jiefen.geo.models import Village
from jiefen.open311 import policies as P
from jiefen.open311.catalogue import ATTRIBUTE_CODES, ATTRIBUTES, CLAIM_ITEMS, SERVICES
from jiefen.open311.choices import ClientScope
from jiefen.open311.models import Client, RateBucket, Request
from jiefen.open311.selectors import key_hash
from jiefen.parties.services import employer_find_or_create
from jiefen.parties.validators import validate_id_number, validate_phone

KEY_PREFIX = "o311_"
# Request ids: ten characters of an alphabet without look-alikes (no 0/O, 1/I), after an R, so
# that an id is never mistaken for a case number (XH2026-00001) and cannot be guessed.
ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class UnknownService(ApplicationError):
    status_code = 404
    code = "unknown_service"


class RateLimited(ApplicationError):
    status_code = 429
    code = "rate_limited"


# ---------------------------------------------------------------- keys


@guarded(P.KEYS)
@transaction.atomic
def open311_client_issue(
    *,
    actor,
    name: str,
    scope: str = ClientScope.OWN,
    can_file: bool = True,
    batch: bool = False,
    per_minute: int = 60,
    per_day: int = 5000,
    contact: str = "",
) -> tuple[Client, str]:
    """Register a client and issue its key; the key is returned once and kept only hashed."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("请填写客户端名称")]})
    if scope not in ClientScope.values:
        raise ValidationError({"scope": [_("可见范围应为 own 或 open311")]})
    if Client.objects.filter(name=name).exists():
        raise ValidationError({"name": [_("已有同名客户端")]})
    if per_minute < 1 or per_day < 1:
        raise ValidationError({"per_minute": [_("请求上限至少为1")]})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = Client.objects.create(
        name=name,
        contact=contact.strip(),
        key_hash=key_hash(key),
        key_prefix=key[: len(KEY_PREFIX) + 4],
        scope=scope,
        can_file=can_file,
        batch=batch,
        per_minute=per_minute,
        per_day=per_day,
        created_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=client,
        summary=f"签发Open311客户端密钥：{client.name}（{client.get_scope_display()}）",
    )
    return client, key


@guarded(P.KEYS)
@transaction.atomic
def open311_client_revoke(*, actor, client: Client) -> Client:
    """Revoke a client's key: from now on it is refused (403); its requests stay."""
    now = timezone.now()
    moved = Client.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=now, active=False
    )
    if moved:
        client.revoked_at, client.active = now, False
        audit_record(
            action=AuditAction.CHANGE,
            actor=actor,
            obj=client,
            summary=f"吊销Open311客户端密钥：{client.name}",
        )
    return client


EDITABLE = ("contact", "scope", "can_file", "batch", "per_minute", "per_day")


@guarded(P.KEYS)
@transaction.atomic
def open311_client_update(*, actor, client: Client, **changes) -> Client:
    """Change what a client may see and do, or its limits (never its name or key)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({k: [_("不可修改")] for k in sorted(unknown)})
    if "scope" in changes and changes["scope"] not in ClientScope.values:
        raise ValidationError({"scope": [_("可见范围应为 own 或 open311")]})
    if any(changes.get(k, 1) < 1 for k in ("per_minute", "per_day")):
        raise ValidationError({"per_minute": [_("请求上限至少为1")]})
    before = {k: getattr(client, k) for k in changes}
    for name, value in changes.items():
        setattr(client, name, value)
    client.save(update_fields=list(changes))
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=client,
        summary=f"修改Open311客户端：{client.name}",
        before={k: str(v) for k, v in before.items()},
        after={k: str(v) for k, v in changes.items()},
    )
    return client


# ---------------------------------------------------------------- limits


def _windows(now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    local = timezone.localtime(now)
    return [
        ("minute", local.replace(second=0, microsecond=0)),
        ("day", local.replace(hour=0, minute=0, second=0, microsecond=0)),
    ]


@guarded(P.CLIENT)
def open311_call_count(*, client: Client, now: dt.datetime | None = None) -> None:
    """Count one call against the client's per-minute and per-day limits; RateLimited when
    either is used up (the call is then not counted in the other)."""
    now = now or timezone.now()
    limits = {"minute": client.per_minute, "day": client.per_day}
    with transaction.atomic():
        for window, start in _windows(now):
            RateBucket.objects.bulk_create(
                [RateBucket(client=client, window=window, window_start=start)],
                ignore_conflicts=True,
            )
            # Compare-and-increment: two calls at once cannot both take the last unit.
            taken = RateBucket.objects.filter(
                client=client, window=window, window_start=start, count__lt=limits[window]
            ).update(count=F("count") + 1)
            if taken != 1:
                # Raised inside the block: the other window's count is rolled back with it.
                raise RateLimited(
                    _("请求过于频繁：本客户端每分钟最多%(minute)d次、每日最多%(day)d次。")
                    % {"minute": client.per_minute, "day": client.per_day}
                )
        Client.objects.filter(pk=client.pk).update(last_used_at=now)
        RateBucket.objects.filter(
            client=client, window_start__lt=now - dt.timedelta(days=2)
        ).delete()


# ---------------------------------------------------------------- filing


@dataclass
class RequestInput:
    """A POST requests body, field by field as GeoReport v2 names them."""

    service_code: str
    description: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    address_id: str = ""
    address_string: str = ""
    lat: str = ""
    long: str = ""
    media_url: str = ""
    account_id: str = ""
    device_id: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)


def _attribute(data: RequestInput, code: str) -> str:
    values = data.attributes.get(code) or [""]
    return values[0].strip()


def _village(data: RequestInput, errors: dict[str, list[str]]) -> Village | None:
    """The village of the dispute: address_id is its 12-digit code; an address_string naming
    exactly one village or community of the district will do."""
    code = data.address_id.strip()
    if code:
        village = Village.objects.filter(code=code).first()
        if village is None:
            errors["address_id"] = [
                _("本区没有代码为%(code)s的村/社区（address_id 为12位村/社区代码）。")
                % {"code": code}
            ]
        return village
    text = data.address_string.strip()
    if text:
        named = [v for v in Village.objects.only("pk", "name", "code") if v.name and v.name in text]
        # "翠苑一区社区" contains "翠苑一区"? keep the longest names only: the most specific.
        longest = max((len(v.name) for v in named), default=0)
        named = [v for v in named if len(v.name) == longest]
        if len(named) == 1:
            return named[0]
        errors["address_string"] = [
            _("无法从地址确定唯一的村/社区，请同时提供 address_id（12位村/社区代码）。")
            if named
            else _("地址中未找到本区的村/社区名称，请提供 address_id（12位村/社区代码）。")
        ]
        return None
    if data.lat.strip() or data.long.strip():
        errors["address_id"] = [
            _("暂不能由经纬度确定村/社区，请提供 address_id（12位村/社区代码）或 address_string。")
        ]
        return None
    errors["address_id"] = [
        _("请提供纠纷发生地：address_id（12位村/社区代码）、address_string 或 lat 与 long。")
    ]
    return None


def _decimal(value: str, field_name: str, errors: dict[str, list[str]]) -> Decimal | None:
    if not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        errors[field_name] = [_("应为数字。")]
        return None
    if not number.is_finite():
        errors[field_name] = [_("应为数字。")]
        return None
    return number


def _checked(data: RequestInput, errors: dict[str, list[str]]) -> dict:
    """The typed values of a request, or the reasons in `errors` (Open311 field names)."""
    out: dict = {}
    description = data.description.strip()
    if not description:
        errors["description"] = [_("请填写诉求描述（纠纷经过和请求）。")]
    elif len(description) > 4000:
        errors["description"] = [_("诉求描述最多4000字。")]
    out["description"] = description
    name = (data.last_name.strip() + data.first_name.strip()).strip()
    if not name:
        errors["first_name"] = [_("请填写申请人姓名（last_name 姓，first_name 名）。")]
    out["name"] = name
    out["phone"] = ""
    if not data.phone.strip():
        errors["phone"] = [_("请填写申请人联系电话，工作人员将据此联系。")]
    else:
        try:
            out["phone"] = validate_phone(data.phone)
        except ValidationError as e:
            errors["phone"] = e.messages
    out["id_number"] = ""
    id_number = _attribute(data, "id_number")
    if id_number:
        try:
            out["id_number"] = validate_id_number(id_number)
        except ValidationError as e:
            errors["attribute[id_number]"] = e.messages
    out["village"] = _village(data, errors)
    lat = _decimal(data.lat, "lat", errors)
    long = _decimal(data.long, "long", errors)
    if (lat is None) != (long is None) and "lat" not in errors and "long" not in errors:
        errors["lat"] = [_("lat 与 long 须同时提供。")]
    elif lat is not None and not (-90 <= lat <= 90):
        errors["lat"] = [_("纬度应在 -90 与 90 之间。")]
    elif long is not None and not (-180 <= long <= 180):
        errors["long"] = [_("经度应在 -180 与 180 之间。")]
    out["lat"] = lat.quantize(Decimal("0.000001")) if lat is not None else None
    out["long"] = long.quantize(Decimal("0.000001")) if long is not None else None
    media_url = data.media_url.strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors["media_url"] = [_("应为 http 或 https 网址。")]
        if len(media_url) > 500:
            errors["media_url"] = [_("网址最多500个字符。")]
    out["media_url"] = media_url

    unknown = sorted(set(data.attributes) - ATTRIBUTE_CODES)
    for code in unknown:
        errors[f"attribute[{code}]"] = [
            _("没有这一属性，请按服务定义（services/%(service)s）填写。")
            % {"service": data.service_code}
        ]
    for attribute in ATTRIBUTES:
        if attribute.variable and attribute.required and not _attribute(data, attribute.code):
            errors[f"attribute[{attribute.code}]"] = [
                _("必填：%(what)s。") % {"what": attribute.description}
            ]
    items = dict(CLAIM_ITEMS)
    item = _attribute(data, "claim_item")
    if item and item not in items:
        errors["attribute[claim_item]"] = [
            _("应为以下之一：%(keys)s。") % {"keys": ", ".join(items)}
        ]
    amount = _decimal(_attribute(data, "claim_amount"), "attribute[claim_amount]", errors)
    if amount is not None and (amount < 0 or amount >= Decimal("1e12")):
        errors["attribute[claim_amount]"] = [_("金额应为不小于0的合理数额。")]
    out["claim"] = (str(items.get(item, "")), amount) if item in items else None
    return out


# Intake's own field names, as a client knows them.
INTAKE_FIELDS = {
    "summary": "description",
    "village": "address_id",
    "category": "service_code",
    "claimants": "first_name",
    "claimants[1]": "first_name",
    "name": "attribute[employer_name]",
    "credit_code": "attribute[employer_credit_code]",
    "received_at": "requested_datetime",
}


def _as_open311_fields(error: ValidationError) -> ValidationError:
    found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    return ValidationError({INTAKE_FIELDS.get(k, k or "request"): v for k, v in found.items()})


def _new_id() -> str:
    return "R" + "".join(secrets.choice(ID_ALPHABET) for _i in range(10))


@guarded(P.CLIENT)
def open311_request_file(
    *, client: Client, data: RequestInput, now: dt.datetime | None = None
) -> Request:
    """File a service request: a case (channel open311, received, its intake clocks running),
    the request id and token that name it to the client, and one note on its timeline."""
    if not client.can_file:
        raise Forbidden(_("该客户端只可查询，无权提交诉求。"))
    if data.service_code not in SERVICES:
        raise UnknownService(
            _("没有这一服务：%(code)s。可用的 service_code 见 services 列表。")
            % {"code": data.service_code or "（空）"}
        )
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    values = _checked(data, errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            employer = employer_find_or_create(
                name=_attribute(data, "employer_name"),
                credit_code=_attribute(data, "employer_credit_code"),
                address=_attribute(data, "employer_address"),
                village=values["village"],
            )
            case = case_intake(
                actor=None,
                source="open311",
                channel=Channel.OPEN311,
                category=data.service_code,
                summary=values["description"],
                village=values["village"],
                received_at=now,
                claimants=[
                    ClaimantInput(
                        name=values["name"],
                        id_number=values["id_number"],
                        phone=values["phone"],
                        representative=True,
                    )
                ],
                claims=[values["claim"]] if values["claim"] else [],
                employer=employer,
            )
            request = Request.objects.create(
                request_id=_new_id(),
                token=secrets.token_urlsafe(18),
                client=client,
                case=case,
                service_code=data.service_code,
                requested_at=now,
                address_string=data.address_string.strip()[:300],
                lat=values["lat"],
                long=values["long"],
                media_url=values["media_url"],
                account_id=data.account_id.strip()[:100],
                device_id=data.device_id.strip()[:100],
            )
            case_event_add(
                case=case,
                actor=None,
                kind=EventKind.NOTE,
                summary=phrase(
                    N_("Open311接入：%(client)s，诉求号 %(request)s"),
                    client=client.name,
                    request=request.request_id,
                ),
                data={"open311_request_id": request.request_id, "client": client.name},
            )
    except ValidationError as e:
        raise _as_open311_fields(e) from None
    return request
