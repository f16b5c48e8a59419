"""Public pages: no staff login. What a visitor may see is held in their session: a phone they
confirmed by code (to apply) and the cases they confirmed by number and code (to track)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.audit.services import client_ip
from jiefen.cases.models import Case
from jiefen.cases.track_hooks import party_document as party_document_build
from jiefen.cases.transitions import case_is_active
from jiefen.core import crypto
from jiefen.core.access import public
from jiefen.core.documents import OfficialDocument, document_print_response
from jiefen.core.exceptions import ApplicationError
from jiefen.core.messages import local_datetime
from jiefen.parties.validators import mask_phone
from jiefen.portal import services
from jiefen.portal.choices import ApplicationKind, CodePurpose
from jiefen.portal.devices import (
    device_forget,
    device_remember,
    device_remembered_cases,
    device_remembers,
)
from jiefen.portal.forms import (
    ApplyForm,
    CodeForm,
    LetterForm,
    PhoneForm,
    SupplementForm,
    TrackCodeForm,
    TrackForm,
)
from jiefen.portal.models import Mailbox, MediationBooking
from jiefen.portal.selectors import applicant_may_withdraw, booking_view, case_party_view
from jiefen.portal.transitions import APPLICATION_LIFECYCLE

PHONE_SESSION = "portal_phone"
CASES_SESSION = "portal_cases"
# A confirmed phone lets its holder apply for 30 minutes; a tracked case stays open for an hour.
PHONE_TTL = 30 * 60
CASE_TTL = 60 * 60


def _errors_into(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _confirmed_phone(request: HttpRequest) -> str:
    held = request.session.get(PHONE_SESSION)
    if not held or held.get("until", 0) < time.time():
        return ""
    return crypto.decrypt(held["cipher"])


def _cases_held(request: HttpRequest) -> dict[str, float]:
    now = time.time()
    return {k: v for k, v in request.session.get(CASES_SESSION, {}).items() if v > now}


def _hold_case(request: HttpRequest, case: Case) -> None:
    held = _cases_held(request)
    held[str(case.pk)] = time.time() + CASE_TTL
    request.session[CASES_SESSION] = held


def _party_case(request: HttpRequest, number: str) -> Case:
    """The case, if this visitor confirmed it; 404 otherwise (another's case looks absent)."""
    case = Case.objects.filter(number=number).select_related("village__street", "employer").first()
    if case is None:
        raise Http404
    if str(case.pk) not in _cases_held(request) and not device_remembers(request, case):
        raise Http404
    return case


@public
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html", {"kinds": ApplicationKind.choices})


@public
def apply_start(request: HttpRequest, kind: str) -> HttpResponse:
    """Step 1: confirm the phone by a one-time code."""
    if kind not in ApplicationKind.values:
        raise Http404
    sent_to = request.session.get("portal_code_to", "")
    # Only the send step posts a phone; on the verify step the phone form keeps the number the
    # code went to instead of reporting an emptied field as missing.
    sending = request.method == "POST" and request.POST.get("step") == "send"
    phone_form = (
        PhoneForm(request.POST)
        if sending
        else PhoneForm(initial={"phone": crypto.decrypt(sent_to) if sent_to else ""})
    )
    code_form = CodeForm()
    status = 200
    if sending:
        if phone_form.is_valid():
            try:
                services.code_send(
                    phone=phone_form.cleaned_data["phone"],
                    purpose=CodePurpose.APPLY,
                    client_ip=client_ip(request),
                )
            except ApplicationError as e:
                phone_form.add_error("phone", e.message)
                status = e.status_code
            else:
                request.session["portal_code_to"] = crypto.encrypt(phone_form.cleaned_data["phone"])
                messages.info(request, _("验证码已发送，请查看短信。"))
                return redirect("portal:apply_start", kind=kind)
    elif request.method == "POST" and request.POST.get("step") == "verify" and sent_to:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            phone = crypto.decrypt(sent_to)
            try:
                services.code_verify(
                    phone_hash=crypto.lookup_hash(phone),
                    purpose=CodePurpose.APPLY,
                    code=code_form.cleaned_data["code"],
                )
            except ValidationError as e:
                _errors_into(code_form, e)
            else:
                request.session[PHONE_SESSION] = {
                    "cipher": sent_to,
                    "until": time.time() + PHONE_TTL,
                }
                request.session.pop("portal_code_to", None)
                return redirect("portal:apply_form", kind=kind)
    return render(
        request,
        "portal/apply_phone.html",
        {
            "kind": kind,
            "kind_label": ApplicationKind(kind).label,
            "phone_form": phone_form,
            "code_form": code_form,
            "sent_to": mask_phone(crypto.decrypt(sent_to)) if sent_to else "",
            "step": 1,
        },
        status=status,
    )


@public
def apply_form(request: HttpRequest, kind: str) -> HttpResponse:
    """Step 2 and 3: the dispute and the evidence, sent in one go."""
    if kind not in ApplicationKind.values:
        raise Http404
    phone = _confirmed_phone(request)
    if not phone:
        messages.warning(request, _("请先验证手机号。"))
        return redirect("portal:apply_start", kind=kind)
    form = ApplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_submit(
                    kind=kind,
                    phone=phone,
                    client_ip=client_ip(request),
                    name=data["name"],
                    id_number=data["id_number"],
                    address=data["address"],
                    employer_name=data["employer_name"],
                    employer_credit_code=data["employer_credit_code"],
                    employer_address=data["employer_address"],
                    village=data["village"],
                    category=data["category"],
                    summary=data["summary"],
                    claims=form.claims(),
                    files=request.FILES.getlist("evidence"),
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as e:
                _errors_into(form, e)
            except ApplicationError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                request.session.pop(PHONE_SESSION, None)
                _hold_case(request, application.case)
                return redirect("portal:receipt", number=application.case.number)
        if status == 200:
            status = 400
    return render(
        request,
        "portal/apply_form.html",
        {"kind": kind, "kind_label": ApplicationKind(kind).label, "form": form, "step": 2},
        status=status,
    )


@public
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    case = _party_case(request, number)
    view = case_party_view(case=case)
    return render(request, "portal/receipt.html", {"case": case, "view": view, "step": 3})


@public
def receipt_print(request: HttpRequest, number: str) -> HttpResponse:
    """The receipt as a printable official page (a document issued to the party)."""
    case = _party_case(request, number)
    view = case_party_view(case=case)
    if view.application is None:
        raise Http404
    app = view.application
    # A receipt is the party's, in the language they read the portal in (not a legal document).
    evidence = len(view.evidence)
    document = OfficialDocument(
        issuing_body=case.village.street.district.centre_title,
        title=_("网上申请回执"),
        case_number=case.number,
        # The name the applicant gave on this application, never the record behind the number.
        parties=[
            _("申请人：%(name)s") % {"name": _applicant_name(case)},
            _("被申请人：%(name)s") % {"name": case.employer},
        ],
        body=[
            ngettext(
                "您于%(at)s通过网上服务提交的%(kind)s已收到，提交证据材料%(n)s份。",
                "您于%(at)s通过网上服务提交的%(kind)s已收到，提交证据材料%(n)s份。",
                evidence,
            )
            % {
                "at": local_datetime(app.submitted_at),
                "kind": app.get_kind_display(),
                "n": evidence,
            },
            _(
                "我们将在五个工作日内审核并通过短信告知结果。您可凭案件编号和手机验证码查询办理进度。"
            ),
        ],
        date=timezone.localtime(app.submitted_at).date(),
        filename=f"回执-{case.number}",
        language=get_language() or "zh-hans",
    )
    return document_print_response(request, document)


def _applicant_name(case: Case) -> str:
    claimant = case.claimants.first()
    return (claimant.name or claimant.worker.name) if claimant else ""


@public
def party_document(request: HttpRequest, number: str, key: str) -> HttpResponse:
    """A document of the tracks served on the party, as a printable page."""
    case = _party_case(request, number)
    document = party_document_build(case, key)
    if document is None:
        raise Http404
    return document_print_response(request, document)


@public
def track(request: HttpRequest) -> HttpResponse:
    """Track: a case number, then the code sent to the phone on file."""
    form = TrackForm(request.POST or None)
    code_form = TrackCodeForm()
    number = request.session.get("portal_track_number", "")
    status = 200
    if request.method == "POST" and request.POST.get("step") == "send":
        if form.is_valid():
            try:
                services.track_code_send(
                    number=form.cleaned_data["number"], client_ip=client_ip(request)
                )
            except ApplicationError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                request.session["portal_track_number"] = form.cleaned_data["number"].strip().upper()
                messages.info(request, _("如编号正确，验证码已发送至案件预留的手机。"))
                return redirect("portal:track")
    elif request.method == "POST" and request.POST.get("step") == "verify" and number:
        code_form = TrackCodeForm(request.POST)
        if code_form.is_valid():
            try:
                case = services.track_verify(number=number, code=code_form.cleaned_data["code"])
            except ValidationError as e:
                _errors_into(code_form, e)
            else:
                _hold_case(request, case)
                request.session.pop("portal_track_number", None)
                response = redirect("portal:track_case", number=case.number)
                if code_form.cleaned_data.get("remember"):
                    device_remember(request, response, case)
                return response
    return render(
        request,
        "portal/track.html",
        {
            "form": form,
            "code_form": code_form,
            "number": number,
            "remembered": device_remembered_cases(request),
        },
        status=status,
    )


@public
@require_POST
def track_forget(request: HttpRequest) -> HttpResponse:
    """Forget this device: its remembered cases and the cases confirmed in this session."""
    request.session.pop(CASES_SESSION, None)
    response = redirect("portal:track")
    device_forget(response)
    messages.info(request, _("本设备已不再记住您的案件，下次查询需重新获取验证码。"))
    return response


@public
def track_case(request: HttpRequest, number: str) -> HttpResponse:
    case = _party_case(request, number)
    view = case_party_view(case=case)
    can_book = case_is_active(case) and not view.bookings
    rooms = [booking_view(b) for b in view.bookings]
    application = view.application
    return render(
        request,
        "portal/track_case.html",
        {
            "case": case,
            "view": view,
            "slots": services.booking_slots() if can_book else [],
            "rooms": rooms,
            "supplement_form": SupplementForm(),
            "can_supplement": application is not None
            and APPLICATION_LIFECYCLE.allows_from("supplement", application.status),
            "can_withdraw": application is not None and applicant_may_withdraw(application),
        },
    )


@public
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    case = _party_case(request, number)
    application = getattr(case, "portal_application", None)
    if application is None:
        raise Http404
    try:
        services.application_withdraw(
            application=application, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("申请已撤回。"))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect("portal:track_case", number=number)


@public
@require_POST
def supplement(request: HttpRequest, number: str) -> HttpResponse:
    case = _party_case(request, number)
    application = getattr(case, "portal_application", None)
    if application is None:
        raise Http404
    form = SupplementForm(request.POST)
    form.is_valid()
    try:
        services.application_supplement(
            application=application,
            reply=form.cleaned_data.get("reply", ""),
            files=request.FILES.getlist("evidence"),
        )
        messages.success(request, _("补充材料已提交。"))
    except ValidationError as e:
        for msgs in e.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect("portal:track_case", number=number)


@public
@require_POST
def book(request: HttpRequest, number: str) -> HttpResponse:
    case = _party_case(request, number)
    slot = parse_datetime(request.POST.get("slot", ""))
    try:
        if slot is None:
            raise ValidationError({"slot": [_("请选择时段")]})
        booking = services.booking_create(case=case, slot_start=slot)
        messages.success(
            request,
            _("已预约 %(when)s 的线上调解。")
            % {"when": f"{timezone.localtime(booking.slot_start):%m月%d日 %H:%M}"},
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect("portal:track_case", number=number)


@public
@require_POST
def book_cancel(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    case = _party_case(request, number)
    booking = get_object_or_404(MediationBooking, pk=pk, case=case)
    services.booking_cancel(booking=booking)
    messages.success(request, _("预约已取消。"))
    return redirect("portal:track_case", number=number)


@public
def mailbox_letter(request: HttpRequest, token: str) -> HttpResponse:
    """The public rights-mailbox form of one employer (reached by its link or QR code)."""
    mailbox = get_object_or_404(
        Mailbox.objects.select_related("employer"), token=token, active=True
    )
    form = LetterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.letter_submit(
                    mailbox=mailbox,
                    anonymous=data["anonymous"],
                    name=data.get("name", ""),
                    phone=data.get("phone", ""),
                    category=data["category"],
                    body=data["body"],
                    client_ip=client_ip(request),
                )
            except ValidationError as e:
                _errors_into(form, e)
            except ApplicationError as e:
                form.add_error(None, e.message)
                status = e.status_code
            else:
                return render(request, "portal/mailbox_thanks.html", {"mailbox": mailbox})
        if status == 200:
            status = 400
    return render(
        request, "portal/mailbox_letter.html", {"mailbox": mailbox, "form": form}, status=status
    )


@public
def video_join(request: HttpRequest, token: str) -> HttpResponse:
    """A party's way into the online mediation room: inside the booked window the entry is
    recorded and the browser goes on to the room; outside it, the page says when it opens (or
    that no video service is configured). A GET, since following a link is the act recorded."""
    try:
        url = services.booking_join_party(token=token)
    except MediationBooking.DoesNotExist:
        raise Http404 from None
    except services.RoomNotOpen as e:
        return render(request, "portal/video_wait.html", {"message": e.message})
    return redirect(url)
