"""The public side: one-time codes, online applications and their evidence, online-mediation
bookings, and each employer's rights mailbox with its letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import TimestampedModel
from jiefen.portal.choices import (
    ApplicationKind,
    ApplicationStatus,
    CodePurpose,
    JoinSide,
    LetterStatus,
)


class PhoneCode(models.Model):
    """A one-time code sent by SMS. Only a keyed hash of the code is kept; the rows double as the
    record the per-phone and per-address limits count."""

    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    phone_hash = models.CharField(max_length=64, db_index=True)
    # For tracking: the case whose phone on file received the code.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=100)  # "<salt>$<hex digest>"
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["phone_hash", "created_at"], name="portal_code_phone_idx"),
            models.Index(fields=["client_ip", "created_at"], name="portal_code_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class Application(TimestampedModel):
    """An application made on the portal; its case carries the dispute, this row the portal's
    side of it (what was asked for, the phone that was confirmed, staff requests)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="portal_application"
    )
    kind = models.CharField(_("申请事项"), max_length=16, choices=ApplicationKind.choices)
    status = models.CharField(
        _("审核状态"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    phone_cipher = models.TextField(editable=False)
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=32, editable=False)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)
    # What staff asked the applicant to add, and the applicant's latest reply.
    # The language the applicant used the portal in: every later SMS is written in it.
    language = models.CharField(_("语言"), max_length=8, default="zh-hans")
    staff_message = models.TextField(_("工作人员意见"), blank=True)
    applicant_reply = models.TextField(_("申请人补充说明"), blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("网上申请")
        verbose_name_plural = _("网上申请")
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="portal_app_status_idx"),
            models.Index(fields=["client_ip", "submitted_at"], name="portal_app_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"


class Evidence(models.Model):
    """One uploaded file. It lives under MEDIA_ROOT/evidence with a random name; only the
    permission-checked views read it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    scan_note = models.CharField(_("病毒扫描"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class MediationBooking(models.Model):
    """A slot for online mediation booked by the applicant, with its video-meeting link.

    Kept here until the mediation track's session model is on main; each slot has a fixed number
    of seats (parallel online rooms), a seat being taken by one insert so two bookings never
    share it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    slot_start = models.DateTimeField(_("调解时间"))
    seat = models.PositiveSmallIntegerField()
    # The room on the district's video service (jiefen.core.video); blank when no service was
    # configured at booking time. No link is stored: each person's link is built when they
    # open it through jiefen (jiefen.portal.services.bookings.booking_join).
    video_service = models.CharField(_("视频服务"), max_length=20, blank=True)
    room = models.CharField(_("视频会议室"), max_length=100, blank=True)
    # Each party's own way in (the applicant's is shown on the tracking page, the respondent's
    # is handed on by the mediator): unguessable, and the whole address.
    applicant_token = models.CharField(max_length=43, unique=True, null=True, editable=False)
    respondent_token = models.CharField(max_length=43, unique=True, null=True, editable=False)
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["slot_start"]
        verbose_name = _("线上调解预约")
        verbose_name_plural = _("线上调解预约")
        constraints = [
            models.UniqueConstraint(
                fields=["slot_start", "seat"],
                condition=models.Q(cancelled_at__isnull=True),
                name="portal_booking_seat_once",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(cancelled_at__isnull=True),
                name="portal_booking_one_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.slot_start:%Y-%m-%d %H:%M}"


class BookingJoin(models.Model):
    """Someone entered the online mediation room through jiefen's link (the only moment jiefen
    can know of): who, as which side, when. Append-only."""

    booking = models.ForeignKey(MediationBooking, on_delete=models.CASCADE, related_name="joins")
    side = models.CharField(_("身份"), max_length=12, choices=JoinSide.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("进入时间"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("线上调解进入记录")
        verbose_name_plural = _("线上调解进入记录")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.side} {self.at:%H:%M}"


class Mailbox(TimestampedModel):
    """An employer's rights mailbox (维权信箱): the unguessable token is the whole address."""

    employer = models.OneToOneField(
        "parties.Employer", on_delete=models.CASCADE, related_name="mailbox"
    )
    token = models.CharField(max_length=48, unique=True, editable=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("维权信箱")
        verbose_name_plural = _("维权信箱")

    def __str__(self) -> str:
        return str(self.employer)


class Letter(TimestampedModel):
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="letters")
    anonymous = models.BooleanField(_("匿名"), default=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=32, blank=True, editable=False)
    category = models.CharField(_("反映问题类别"), max_length=20)
    body = models.TextField(_("反映内容"))
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    # The language the letter was written in on the portal: its answer is texted in it.
    language = models.CharField(_("语言"), max_length=8, default="zh-hans")
    received_at = models.DateTimeField(_("来信时间"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=LetterStatus.choices, default=LetterStatus.NEW
    )
    answer = models.TextField(_("答复"), blank=True)
    close_reason = models.TextField(_("关闭理由"), blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="portal_letter_status_idx"),
            models.Index(fields=["client_ip", "received_at"], name="portal_letter_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mailbox} {self.received_at:%Y-%m-%d}"


class RateBucket(models.Model):
    """A fixed-window counter (codes per phone per hour, applications per address per day).

    Taking a unit is one conditional UPDATE, so two simultaneous requests cannot both take the
    last one, on SQLite or PostgreSQL."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="portal_bucket_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
