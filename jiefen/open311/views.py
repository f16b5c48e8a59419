"""The Open311 GeoReport v2 door: /open311/v2/{resource}.{json|xml}.

Every view parses the GeoReport arguments, asks one selector or one service, and answers in
the format the path names; every failure answers the specification's error list
([{code, description}]) with the HTTP status it prescribes: 403 for a missing or wrong api_key,
404 for what does not exist (another client's request included), 400 for the rest, naming
the field. See docs/integrations/open311.md."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from jiefen.cases.choices import Category
from jiefen.core.access import PUBLIC
from jiefen.core.exceptions import ApplicationError
from jiefen.core.policy import Forbidden
from jiefen.geo.models import District
from jiefen.open311 import policies as P
from jiefen.open311 import wire
from jiefen.open311.catalogue import ATTRIBUTES, GROUP, SERVICES
from jiefen.open311.choices import Open311Status
from jiefen.open311.models import Client
from jiefen.open311.selectors import (
    MAX_SPAN,
    RequestQuery,
    client_for_key,
    governing_clock,
    request_document,
    request_get_by_token,
    request_get_for_client,
    request_list_for_client,
    service_notice,
)
from jiefen.open311.services import RequestInput, open311_call_count, open311_request_file

ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def jurisdiction() -> str:
    return settings.JIEFEN_OPEN311_JURISDICTION


class Failure(Exception):
    """An answer in the specification's error format."""

    def __init__(self, status: int, *found: tuple[int | str, str]) -> None:
        super().__init__(found)
        self.status = status
        self.found = list(found)


@method_decorator(csrf_exempt, name="dispatch")
class Open311View(View):
    """Format, jurisdiction, key and limits, then the handler; errors in the spec's format."""

    # Methods that need an api_key (the rest are open to anyone, as GeoReport has it).
    keyed: frozenset[str] = frozenset()
    policies: dict[str, Any] = {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = kwargs.pop("format", "")
        out = fmt if fmt in wire.FORMATS else "json"
        method = (request.method or "GET").lower()
        try:
            if method not in self.http_method_names or not hasattr(self, method):
                raise Failure(405, (405, _("不支持此请求方法：%(m)s。") % {"m": request.method}))
            client = self._client(request)
            if fmt not in wire.FORMATS:
                raise Failure(
                    404, (404, _("不支持的格式“%(f)s”：请以 .json 或 .xml 结尾。") % {"f": fmt})
                )
            self._jurisdiction(request)
            if client is not None:
                open311_call_count(client=client)
            handler = getattr(self, method)
            return handler(request, *args, fmt=fmt, client=client, **kwargs)
        except Failure as f:
            return wire.errors(out, f.status, f.found)
        except ValidationError as e:
            found = e.message_dict if hasattr(e, "error_dict") else {"request": e.messages}
            return wire.errors(
                out,
                400,
                [(400, f"{name}：{'；'.join(messages)}") for name, messages in found.items()],
            )
        except Forbidden as e:
            return wire.errors(out, 403, [(403, e.message)])
        except ApplicationError as e:
            return wire.errors(out, e.status_code, [(e.status_code, e.message)])

    def _param(self, request: HttpRequest, name: str) -> str:
        value = request.POST.get(name) if request.method == "POST" else None
        return (value if value is not None else request.GET.get(name, "")).strip()

    def _client(self, request: HttpRequest) -> Client | None:
        key = self._param(request, "api_key")
        if request.method not in self.keyed:
            return client_for_key(key) if key else None
        if not key:
            raise Failure(403, (403, _("缺少 api_key：请向区矛盾纠纷综合调处中心申请客户端密钥。")))
        client = client_for_key(key)
        if client is None:
            raise Failure(403, (403, _("api_key 无效或已吊销，无法继续。")))
        return client

    def _jurisdiction(self, request: HttpRequest) -> None:
        given = self._param(request, "jurisdiction_id")
        if given and given != jurisdiction():
            raise Failure(
                404,
                (
                    404,
                    _("没有这一辖区：%(given)s（本接口的 jurisdiction_id 为 %(ours)s）。")
                    % {"given": given, "ours": jurisdiction()},
                ),
            )


def _service(code: str, client: Client | None) -> dict:
    service = SERVICES[code]
    return {
        "service_code": code,
        "service_name": str(Category(code).label),
        "description": str(service.description),
        "metadata": True,
        "type": "batch" if client is not None and client.batch else "realtime",
        "keywords": str(service.keywords),
        "group": str(GROUP),
    }


class DiscoveryView(Open311View):
    """The service discovery document (Open311 Service Discovery)."""

    policies = {"GET": PUBLIC}

    def get(self, request: HttpRequest, *, fmt: str, client: Client | None) -> HttpResponse:
        base = request.build_absolute_uri("/open311/v2/")
        return wire.respond(
            fmt,
            "discovery",
            {
                "changeset": "2026-12-06T00:00:00+08:00",
                "contact": _("%(district)s矛盾纠纷综合调处中心")
                % {"district": District.objects.values_list("name", flat=True).first() or ""},
                "key_service": _("向中心系统管理员申请客户端密钥（api_key）"),
                "endpoints": [
                    {
                        "specification": "http://wiki.open311.org/GeoReport_v2",
                        "url": base,
                        "changeset": "2026-12-06T00:00:00+08:00",
                        "type": "production",
                        "formats": ["application/json", "text/xml"],
                    }
                ],
            },
        )


class ServiceListView(Open311View):
    """GET services: one service per dispute category."""

    policies = {"GET": PUBLIC}

    def get(self, request: HttpRequest, *, fmt: str, client: Client | None) -> HttpResponse:
        return wire.respond(fmt, "services", [_service(code, client) for code in SERVICES])


class ServiceDefinitionView(Open311View):
    """GET services/{service_code}: the attributes a request of this service carries."""

    policies = {"GET": PUBLIC}

    def get(
        self, request: HttpRequest, service_code: str, *, fmt: str, client: Client | None
    ) -> HttpResponse:
        if service_code not in SERVICES:
            raise Failure(404, (404, _("没有这一服务：%(code)s。") % {"code": service_code}))
        attributes = []
        for order, a in enumerate(ATTRIBUTES, start=1):
            attributes.append(
                {
                    "variable": a.variable,
                    "code": a.code,
                    "datatype": a.datatype,
                    "required": a.required,
                    "datatype_description": str(a.datatype_description) or None,
                    "order": order,
                    "description": str(a.description),
                    **(
                        {"values": [{"key": k, "name": str(n)} for k, n in a.values]}
                        if a.values
                        else {}
                    ),
                }
            )
        return wire.respond(
            fmt, "service_definition", {"service_code": service_code, "attributes": attributes}
        )


def _when(request: HttpRequest, name: str) -> Any:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None or moment.tzinfo is None:
        raise Failure(
            400,
            (
                400,
                _("%(name)s 应为带时区的 W3C 时间，如 2026-12-01T00:00:00+08:00。")
                % {"name": name},
            ),
        )
    return moment


def _list(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]


class RequestsView(Open311View):
    """POST requests: file a request. GET requests: the requests this client may see."""

    keyed = frozenset({"GET", "POST"})
    policies = {"GET": P.CLIENT, "POST": P.CLIENT}

    def get(self, request: HttpRequest, *, fmt: str, client: Client) -> HttpResponse:
        statuses = _list(request, "status")
        wrong = [s for s in statuses if s not in Open311Status.values]
        if wrong:
            raise Failure(400, (400, _("status 只可为 open 或 closed（逗号分隔）。")))
        start, end = _when(request, "start_date"), _when(request, "end_date")
        if start and end and end < start:
            raise Failure(400, (400, _("end_date 不能早于 start_date。")))
        if start and end and end - start > MAX_SPAN:
            raise Failure(400, (400, _("start_date 与 end_date 之间最多90天。")))
        query = RequestQuery(
            request_ids=_list(request, "service_request_id"),
            service_codes=_list(request, "service_code"),
            statuses=statuses,
            start=start,
            end=end,
        )
        found = request_list_for_client(client=client, query=query)
        return wire.respond(
            fmt, "service_requests", [request_document(r, client=client) for r in found]
        )

    def post(self, request: HttpRequest, *, fmt: str, client: Client) -> HttpResponse:
        attributes: dict[str, list[str]] = {}
        for key in request.POST:
            m = ATTRIBUTE_KEY.match(key)
            if m:
                attributes[m.group(1)] = request.POST.getlist(key)
        fields = {
            name: request.POST.get(name, "")
            for name in RequestInput.__dataclass_fields__
            if name != "attributes"
        }
        filed = open311_request_file(
            client=client, data=RequestInput(**fields, attributes=attributes)
        )
        if client.batch:
            answer: dict[str, Any] = {"token": filed.token}
        else:
            answer = {
                "service_request_id": filed.request_id,
                "service_notice": service_notice(governing_clock(filed.case)),
                "account_id": filed.account_id or None,
            }
        return wire.respond(fmt, "service_requests", [answer], status=201)


class RequestView(Open311View):
    """GET requests/{service_request_id}."""

    keyed = frozenset({"GET"})
    policies = {"GET": P.CLIENT}

    def get(
        self, request: HttpRequest, service_request_id: str, *, fmt: str, client: Client
    ) -> HttpResponse:
        found = request_get_for_client(client=client, request_id=service_request_id)
        if found is None:
            raise Failure(404, (404, _("没有这一诉求：%(id)s。") % {"id": service_request_id}))
        return wire.respond(fmt, "service_requests", [request_document(found, client=client)])


class TokenView(Open311View):
    """GET tokens/{token}: the request id a batch client's token stands for."""

    keyed = frozenset({"GET"})
    policies = {"GET": P.CLIENT}

    def get(self, request: HttpRequest, token: str, *, fmt: str, client: Client) -> HttpResponse:
        found = request_get_by_token(client=client, token=token)
        if found is None:
            raise Failure(404, (404, _("没有这一令牌：%(token)s。") % {"token": token}))
        return wire.respond(
            fmt,
            "service_requests",
            [{"service_request_id": found.request_id, "token": found.token}],
        )
