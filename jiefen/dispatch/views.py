from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiefen.accounts.choices import Role
from jiefen.accounts.models import User
from jiefen.cases.choices import Category
from jiefen.core.access import policy_required
from jiefen.core.exceptions import ApplicationError
from jiefen.core.policy import Forbidden
from jiefen.dispatch import policies as P
from jiefen.dispatch import services
from jiefen.dispatch.choices import UNIT_DEPARTMENT, IncidentSource, IncidentStatus
from jiefen.dispatch.forms import (
    IncidentForm,
    MomentForm,
    ReasonForm,
    ReassignForm,
    ReportForm,
    VillageForm,
)
from jiefen.dispatch.selectors import (
    IncidentFilters,
    arrival_rates_summary,
    board,
    incident_events,
    incident_get_for_user,
    incident_list,
    order_get_for_user,
    order_view,
)
from jiefen.dispatch.transitions import incident_actions, order_actions
from jiefen.geo.selectors import street_list, village_list_for_user


def _version(request: HttpRequest) -> int | None:
    """The version of the record the person's page showed (a hidden field of each form)."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@policy_required(P.VIEW)
def home_view(request: HttpRequest) -> HttpResponse:
    return redirect("dispatch:incident_list")


@policy_required(P.VIEW)
def incident_list_view(request: HttpRequest) -> HttpResponse:
    """Every incident in scope, filtered, sorted and paginated."""
    g = request.GET
    filters = IncidentFilters(
        status=g.get("status", ""),
        street=g.get("street", ""),
        category=g.get("category", ""),
        linked=g.get("linked", ""),
        q=g.get("q", "").strip(),
        sort=g.get("sort", "-received"),
    )
    page = Paginator(incident_list(user=request.user, filters=filters), 30).get_page(g.get("page"))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "dispatch/incident_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "streets": street_list(user=request.user),
            "statuses": IncidentStatus.choices,
            "categories": Category.choices,
            "rates": arrival_rates_summary(user=request.user),
        },
    )


@policy_required(P.VIEW)
def board_view(request: HttpRequest) -> HttpResponse:
    """The live board, for the wall screen and the phone."""
    return render(
        request,
        "dispatch/board.html",
        {"wall": request.GET.get("wall") == "1", **_board_context(request)},
    )


@never_cache
def board_partial_view(request: HttpRequest) -> HttpResponse:
    """What the board polls every few seconds. A lapsed session answers 401 (not a redirect to
    the login page, which htmx would paste into the board), so the board shows it is offline."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    P.VIEW.check(request.user)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "dispatch/_board_rows.html", _board_context(request))


board_partial_view.__policy__ = P.VIEW  # type: ignore[attr-defined]


def _board_context(request) -> dict:
    now = timezone.now()
    return {
        "rows": board(user=request.user, now=now),
        "server_now": now,
        "time_zone": settings.TIME_ZONE,
    }


@policy_required(P.RECEIVE)
def incident_create_view(request: HttpRequest) -> HttpResponse:
    """Staff enter an incident from a phone call; both units are dispatched at once."""
    villages = village_list_for_user(user=request.user)
    form = IncidentForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["incident_no"] = data["incident_no"] or services.incident_no_generate()
        try:
            incident, created = services.incident_receive(
                **data, source=IncidentSource.PHONE, actor=request.user
            )
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            if created and incident.village_id is None:
                messages.warning(
                    request,
                    _("已登记警情 %(no)s；地址未能唯一确定村/社区，请确认后派单。")
                    % {"no": incident.incident_no},
                )
            elif created:
                messages.success(request, f"已登记警情 {incident.incident_no}，已派单。")
            else:
                messages.info(request, f"警情 {incident.incident_no} 已登记过。")
            return redirect(incident)
    status = 400 if request.method == "POST" else 200
    return render(request, "dispatch/incident_form.html", {"form": form}, status=status)


@policy_required(P.VIEW)
def incident_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, pk=pk)
    now = timezone.now()
    orders = []
    for o in incident.orders.all():
        candidates = User.objects.filter(
            is_active=True,
            department__kind=UNIT_DEPARTMENT[o.unit_kind],
            role__in=[Role.POLICE_LIAISON, Role.LABOR_INSPECTOR],
        ).select_related("department")
        orders.append(
            {
                "view": order_view(o, now=now),
                "actions": order_actions(o, request.user),
                "reassign_form": ReassignForm(candidates=candidates, prefix=f"o{o.pk}"),
            }
        )
    return render(
        request,
        "dispatch/incident_detail.html",
        {
            "incident": incident,
            "actions": incident_actions(incident, request.user),
            "orders": orders,
            "events": incident_events(incident=incident),
            "village_form": VillageForm(
                villages=village_list_for_user(user=request.user),
                suggest_for="" if incident.village_id else incident.address,
            ),
            "moment_form": MomentForm(),
            "report_form": ReportForm(),
            "reason_form": ReasonForm(),
            "server_now": now,
        },
    )


@policy_required(P.MANAGE)
@require_POST
def incident_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, pk=pk)
    try:
        if action == "set_village":
            form = VillageForm(request.POST, villages=village_list_for_user(user=request.user))
            if not form.is_valid():
                raise ValidationError([m for errs in form.errors.values() for m in errs])
            services.incident_set_village(
                incident=incident,
                village=form.cleaned_data["village"],
                actor=request.user,
                version=_version(request),
            )
        elif action == "case_create":
            case = services.incident_case_create(
                incident=incident, actor=request.user, version=_version(request)
            )
            messages.success(request, f"已转为案件 {case.number}。")
        elif action == "close":
            services.incident_close(
                incident=incident,
                actor=request.user,
                note=request.POST.get("note", ""),
                version=_version(request),
            )
        else:
            raise Http404
    except ValidationError as e:
        _errors_to_messages(request, e)
    except (ApplicationError, Forbidden) as e:
        messages.error(request, e.message)
    return redirect(incident)


@policy_required(P.ORDER)
@require_POST
def order_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    actor = request.user
    version = _version(request)
    try:
        if action in ("acknowledge", "depart", "arrive"):
            form = MomentForm(request.POST)
            if not form.is_valid():
                raise ValidationError([m for errs in form.errors.values() for m in errs])
            at = form.cleaned_data["at"]
            if action == "acknowledge":
                services.order_acknowledge(order=order, actor=actor, at=at, version=version)
            elif action == "depart":
                services.order_depart(order=order, actor=actor, at=at, version=version)
            else:
                services.order_arrive(order=order, actor=actor, arrived_at=at, version=version)
        elif action == "report":
            services.order_report(
                order=order, actor=actor, report=request.POST.get("report", ""), version=version
            )
        elif action == "help":
            services.order_help_request(
                order=order, actor=actor, note=request.POST.get("note", ""), version=version
            )
            messages.success(request, _("求助已通知指挥中心。"))
        elif action == "cancel":
            services.order_cancel(
                order=order, actor=actor, reason=request.POST.get("reason", ""), version=version
            )
        elif action == "reassign":
            candidates = User.objects.filter(
                is_active=True, department__kind=UNIT_DEPARTMENT[order.unit_kind]
            )
            form = ReassignForm(request.POST, candidates=candidates, prefix=f"o{order.pk}")
            if not form.is_valid():
                raise ValidationError([m for errs in form.errors.values() for m in errs])
            services.order_reassign(
                order=order,
                actor=actor,
                reason=form.cleaned_data["reason"],
                assignee=form.cleaned_data["assignee"],
                version=version,
            )
        else:
            raise Http404
    except ValidationError as e:
        _errors_to_messages(request, e)
    except (ApplicationError, Forbidden) as e:
        messages.error(request, e.message)
    return redirect(order.incident)
