from django.urls import path

from jiefen.portal import help_views, staff_views, views, village_views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/<str:kind>/", views.apply_start, name="apply_start"),
    path("apply/<str:kind>/form/", views.apply_form, name="apply_form"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("receipt/<str:number>/print/", views.receipt_print, name="receipt_print"),
    path("track/", views.track, name="track"),
    path("track/forget/", views.track_forget, name="track_forget"),
    path("track/<str:number>/", views.track_case, name="track_case"),
    path("track/<str:number>/documents/<str:key>/", views.party_document, name="party_document"),
    path("track/<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("track/<str:number>/supplement/", views.supplement, name="supplement"),
    path("track/<str:number>/book/", views.book, name="book"),
    path("track/<str:number>/book/<int:pk>/cancel/", views.book_cancel, name="book_cancel"),
    path("m/<str:token>/", views.mailbox_letter, name="mailbox_letter"),
    path("v/<str:token>/", views.video_join, name="video_join"),
    path("villages/", village_views.village_search, name="village_search"),
    path("calculator/", help_views.calculator, name="calculator"),
    path("policy/", help_views.policy_answers, name="policy_answers"),
    path("policy/<str:code>/", help_views.policy_answer, name="policy_answer"),
    # Staff
    path("staff/", staff_views.queue, name="staff_queue"),
    path("staff/applications/<int:pk>/", staff_views.application_detail, name="staff_application"),
    path(
        "staff/applications/<int:pk>/accept/",
        staff_views.application_accept,
        name="staff_accept",
    ),
    path(
        "staff/applications/<int:pk>/decline/",
        staff_views.application_decline,
        name="staff_decline",
    ),
    path(
        "staff/applications/<int:pk>/more/",
        staff_views.application_request_more,
        name="staff_request_more",
    ),
    path("staff/evidence/<int:pk>/", staff_views.evidence_file, name="staff_evidence"),
    path("staff/bookings/<int:pk>/", staff_views.booking_detail, name="staff_booking"),
    path("staff/bookings/<int:pk>/start/", staff_views.booking_start, name="staff_booking_start"),
    path("staff/bookings/<int:pk>/join/", staff_views.booking_join, name="staff_booking_join"),
    path("staff/mailbox/", staff_views.letters, name="staff_letters"),
    path("staff/mailbox/<int:pk>/", staff_views.letter_detail, name="staff_letter"),
    path("staff/mailbox/<int:pk>/answer/", staff_views.letter_answer, name="staff_letter_answer"),
    path("staff/mailbox/<int:pk>/close/", staff_views.letter_close, name="staff_letter_close"),
    path(
        "staff/mailbox/<int:pk>/convert/", staff_views.letter_convert, name="staff_letter_convert"
    ),
    path("staff/mailboxes/", staff_views.mailboxes, name="staff_mailboxes"),
    path("staff/mailboxes/ensure/", staff_views.mailboxes_ensure, name="staff_mailboxes_ensure"),
    path("staff/mailboxes/<int:pk>/qr.png", staff_views.mailbox_qr, name="staff_mailbox_qr"),
    path(
        "staff/mailboxes/<int:pk>/poster/", staff_views.mailbox_poster, name="staff_mailbox_poster"
    ),
]
