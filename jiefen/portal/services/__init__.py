"""Writes of the public side, one module per section: rate limits, one-time codes, filing an
application, its review, tracking, online-mediation bookings, and the rights mailboxes. Callers
import from the package; the names below are its whole surface."""

from django.core.exceptions import ValidationError

from jiefen.core.exceptions import ConflictError
from jiefen.portal.services.bookings import (
    SLOT_DAYS,
    SLOT_SEATS,
    SLOT_TIMES,
    RoomNotOpen,
    booking_cancel,
    booking_create,
    booking_join_mediator,
    booking_join_party,
    booking_slots,
    booking_start,
)
from jiefen.portal.services.codes import (
    CODE_DIGITS,
    CODE_MAX_ATTEMPTS,
    CODE_TTL,
    code_send,
    code_verify,
    portal_prune,
)
from jiefen.portal.services.limits import LIMITS, RateLimited, limit_of, rate_take
from jiefen.portal.services.mailbox import (
    letter_answer,
    letter_close,
    letter_convert,
    letter_submit,
    mailbox_ensure,
    mailboxes_ensure_all,
)
from jiefen.portal.services.review import (
    KIND_TRACK,
    application_accept,
    application_decline,
    application_request_more,
    application_supplement,
    application_withdraw,
)
from jiefen.portal.services.submit import KIND_SUMMARY, application_submit
from jiefen.portal.services.tracking import phone_on_file, track_code_send, track_verify
from jiefen.portal.services.villages import village_lookup

__all__ = [
    "CODE_DIGITS",
    "CODE_MAX_ATTEMPTS",
    "CODE_TTL",
    "KIND_SUMMARY",
    "KIND_TRACK",
    "LIMITS",
    "SLOT_DAYS",
    "SLOT_SEATS",
    "SLOT_TIMES",
    "ConflictError",
    "RateLimited",
    "RoomNotOpen",
    "ValidationError",
    "application_accept",
    "application_decline",
    "application_request_more",
    "application_submit",
    "application_supplement",
    "application_withdraw",
    "booking_cancel",
    "booking_create",
    "booking_join_mediator",
    "booking_join_party",
    "booking_slots",
    "booking_start",
    "code_send",
    "code_verify",
    "letter_answer",
    "letter_close",
    "letter_convert",
    "letter_submit",
    "limit_of",
    "mailbox_ensure",
    "mailboxes_ensure_all",
    "phone_on_file",
    "portal_prune",
    "rate_take",
    "track_code_send",
    "track_verify",
    "village_lookup",
]
