"""Staff screens of the portal: the online-applications queue, evidence, the rights mailboxes."""

from __future__ import annotations

import io

import qrcode
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases.choices import Category
from jiefen.core.access import policy_required
from jiefen.core.choices import choice_options
from jiefen.core.exceptions import ApplicationError
from jiefen.portal import policies as P
from jiefen.portal import selectors, services
from jiefen.portal.choices import ApplicationKind, ApplicationStatus, LetterStatus
from jiefen.portal.evidence import evidence_path
from jiefen.portal.forms import AnswerForm, CloseForm, NoteForm
from jiefen.portal.transitions import APPLICATION_LIFECYCLE, LETTER_LIFECYCLE

PAGE_SIZE = 25


def _page(request: HttpRequest, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _flash(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for m in error.messages:
            messages.error(request, m)
    elif isinstance(error, ApplicationError):
        messages.error(request, error.message)
    else:
        raise error


@policy_required(P.REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    f = {
        "status": request.GET.get("status", "open"),
        "kind": request.GET.get("kind", ""),
        "q": request.GET.get("q", "").strip(),
        "sort": request.GET.get("sort", "-submitted"),
    }
    page = _page(request, selectors.application_list(user=request.user, **f))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/staff/queue.html",
        {
            "page": page,
            "f": f,
            "status_options": choice_options(
                [
                    ("open", _("待处理（含待补充）")),
                    ("", _("全部")),
                    *ApplicationStatus.choices,
                ],
                f["status"],
            ),
            "kinds": ApplicationKind.choices,
            "query": query.urlencode(),
        },
    )


@policy_required(P.REVIEW)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    case = application.case
    return render(
        request,
        "portal/staff/application.html",
        {
            "app": application,
            "case": case,
            "claimants": list(case.claimants.select_related("worker")),
            "claims": list(case.claims.all()),
            "evidence": list(application.evidence.all()),
            "note_form": NoteForm(),
            "actions": APPLICATION_LIFECYCLE.available_actions(application, request.user),
            "may_act_on_case": selectors.application_case_undecided(application),
        },
    )


def _act(request: HttpRequest, pk: int, fn, **kwargs) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    try:
        fn(application=application, actor=request.user, **kwargs)
        messages.success(request, _("已处理。"))
    except (ValidationError, ApplicationError) as e:
        _flash(request, e)
    return redirect("portal:staff_application", pk=pk)


@policy_required(P.REVIEW)
@require_POST
def application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.application_accept)


@policy_required(P.REVIEW)
@require_POST
def application_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.application_decline, reason=request.POST.get("note", ""))


@policy_required(P.REVIEW)
@require_POST
def application_request_more(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.application_request_more, message=request.POST.get("note", "")
    )


@policy_required(P.EVIDENCE)
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """One evidence file, inline (images, for previews) or as a download; every read audited."""
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    path = evidence_path(evidence.stored_name)
    if not path.exists():
        raise Http404
    inline = request.GET.get("inline") == "1" and evidence.is_image
    audit_record(
        action=AuditAction.DOWNLOAD,
        actor=request.user,
        request=request,
        obj=evidence,
        summary=f"{'预览' if inline else '下载'}证据 {evidence.application.case.number} "
        f"{evidence.original_name}"[:300],
    )
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=evidence.content_type,
        as_attachment=not inline,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------
# Rights mailbox
# ---------------------------------------------------------------------------


@policy_required(P.MAILBOXES)
def mailboxes(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "name")
    page = _page(request, selectors.mailbox_list(user=request.user, q=q, sort=sort))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/staff/mailboxes.html",
        {"page": page, "q": q, "sort": sort, "query": query.urlencode()},
    )


@policy_required(P.MAILBOXES)
@require_POST
def mailboxes_ensure(request: HttpRequest) -> HttpResponse:
    created = services.mailboxes_ensure_all(actor=request.user)
    messages.success(request, _("已为%(n)d家单位开通信箱。") % {"n": created})
    return redirect("portal:staff_mailboxes")


def _mailbox_url(request: HttpRequest, mailbox) -> str:
    """The public address of the mailbox: the portal's public host when the staff side runs on
    an intranet host (settings.JIEFEN_PUBLIC_BASE_URL), else this request's host."""
    path = reverse("portal:mailbox_letter", args=[mailbox.token])
    base = getattr(settings, "JIEFEN_PUBLIC_BASE_URL", "")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


@policy_required(P.MAILBOXES)
def mailbox_qr(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = selectors.mailbox_get_for_user(user=request.user, pk=pk)
    image = qrcode.make(_mailbox_url(request, mailbox), box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = content_disposition_header(
            True, f"mailbox-{mailbox.pk}.png"
        )
    return response


@policy_required(P.MAILBOXES)
def mailbox_poster(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = selectors.mailbox_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "portal/staff/poster.html",
        {"mailbox": mailbox, "url": _mailbox_url(request, mailbox)},
    )


@policy_required(P.LETTERS)
def letters(request: HttpRequest) -> HttpResponse:
    f = {
        "status": request.GET.get("status", LetterStatus.NEW),
        "employer": request.GET.get("employer", "").strip(),
        "q": request.GET.get("q", "").strip(),
        "sort": request.GET.get("sort", "-received"),
    }
    page = _page(request, selectors.letter_list(user=request.user, **f))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/staff/letters.html",
        {
            "page": page,
            "f": f,
            "status_options": choice_options([("", _("全部")), *LetterStatus.choices], f["status"]),
            "query": query.urlencode(),
        },
    )


@policy_required(P.LETTERS)
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "portal/staff/letter.html",
        {
            "letter": letter,
            "category_label": dict(Category.choices).get(letter.category, letter.category),
            "answer_form": AnswerForm(),
            "close_form": CloseForm(),
            "actions": LETTER_LIFECYCLE.available_actions(letter, request.user),
        },
    )


@policy_required(P.LETTERS)
@require_POST
def letter_answer(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    try:
        services.letter_answer(
            letter=letter, actor=request.user, answer=request.POST.get("answer", "")
        )
        messages.success(request, _("已答复。"))
    except (ValidationError, ApplicationError) as e:
        _flash(request, e)
    return redirect("portal:staff_letter", pk=pk)


@policy_required(P.LETTERS)
@require_POST
def letter_close(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    try:
        services.letter_close(
            letter=letter, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("已关闭。"))
    except (ValidationError, ApplicationError) as e:
        _flash(request, e)
    return redirect("portal:staff_letter", pk=pk)


@policy_required(P.LETTERS)
@require_POST
def letter_convert(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    try:
        case = services.letter_convert(letter=letter, actor=request.user)
        messages.success(request, _("已转为案件 %(number)s。") % {"number": case.number})
    except (ValidationError, ApplicationError) as e:
        _flash(request, e)
    return redirect("portal:staff_letter", pk=pk)


@policy_required(P.VIDEO)
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The mediator's page of an online mediation: the room's window, start, enter, who came."""
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "portal/staff/booking.html",
        {
            "booking": booking,
            "room": selectors.booking_view(booking),
            "joins": list(booking.joins.select_related("user")),
            "respondent_link": request.build_absolute_uri(
                reverse("portal:video_join", args=[booking.respondent_token])
            ),
        },
    )


@policy_required(P.VIDEO)
@require_POST
def booking_start(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)
    try:
        services.booking_start(booking=booking, actor=request.user)
        messages.success(request, _("线上调解已开始。"))
    except (ValidationError, ApplicationError) as e:
        _flash(request, e)
    return redirect("portal:staff_booking", pk=pk)


@policy_required(P.VIDEO)
def booking_join(request: HttpRequest, pk: int) -> HttpResponse:
    """The mediator enters the room as its moderator; the entry is recorded on the way."""
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)
    try:
        url = services.booking_join_mediator(booking=booking, actor=request.user)
    except ApplicationError as e:
        _flash(request, e)
        return redirect("portal:staff_booking", pk=pk)
    return redirect(url)
