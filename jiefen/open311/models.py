"""Open311 clients (one API key each, stored hashed) and the requests they file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.open311.choices import ClientScope


class Client(models.Model):
    """A system that files and follows requests through the Open311 door: a city app, a hotline.

    The key itself is shown once, when issued; only its SHA-256 is kept (a key is 32 random
    bytes, so a plain hash cannot be reversed by guessing) and its first characters, to tell
    keys apart in the admin."""

    name = models.CharField(_("客户端名称"), max_length=100, unique=True)
    contact = models.CharField(_("联系人及电话"), max_length=200, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("密钥前缀"), max_length=12, editable=False)
    scope = models.CharField(
        _("可见范围"), max_length=16, choices=ClientScope.choices, default=ClientScope.OWN
    )
    can_file = models.BooleanField(_("可提交诉求"), default=True)
    # GeoReport v2 "batch": POST answers with a token, GET tokens/{token} gives the request id.
    batch = models.BooleanField(_("以令牌答复提交"), default=False)
    per_minute = models.PositiveIntegerField(_("每分钟请求上限"), default=60)
    per_day = models.PositiveIntegerField(_("每日请求上限"), default=5000)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311客户端")
        verbose_name_plural = _("Open311客户端")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Request(models.Model):
    """One service request: the case it became, under an id that is not the case number."""

    request_id = models.CharField(max_length=20, unique=True)
    token = models.CharField(max_length=40, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="requests")
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="open311_request"
    )
    service_code = models.CharField(max_length=20)
    requested_at = models.DateTimeField(db_index=True)
    # What the client sent about the place, given back to that client only.
    address_string = models.CharField(max_length=300, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    device_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["client", "-requested_at"], name="o311_client_req_idx")]
        verbose_name = _("Open311诉求")
        verbose_name_plural = _("Open311诉求")

    def __str__(self) -> str:
        return self.request_id


class RateBucket(models.Model):
    """A fixed-window counter of one client's requests (a minute or a day)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    window = models.CharField(max_length=8)  # "minute" or "day"
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "window", "window_start"], name="o311_bucket_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.window} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
