"""Workers and employers. Identity numbers and phones are stored encrypted, with a keyed hash for
exact lookup and a masked copy for display; the full value only comes out through `party_reveal`
(to a person granted it) or `party_contact` (to code that texts the party)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import TimestampedModel


class Worker(TimestampedModel):
    name = models.CharField(_("姓名"), max_length=50)
    id_number_cipher = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(
        max_length=64, blank=True, null=True, db_index=True, editable=False
    )
    phone_masked = models.CharField(_("电话"), max_length=32, blank=True, editable=False)
    address = models.CharField(_("住址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("劳动者")
        verbose_name_plural = _("劳动者")
        indexes = [models.Index(fields=["name"], name="worker_name_idx")]

    def __str__(self) -> str:
        return self.name


class Employer(TimestampedModel):
    name = models.CharField(_("单位名称"), max_length=100)
    # A company's credit code is public (on its licence), so it is stored as it is.
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True
    )
    registration_number = models.CharField(
        _("工商注册号"), max_length=15, unique=True, null=True, blank=True
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=32, blank=True, editable=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="employers"
    )

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        indexes = [models.Index(fields=["name"], name="employer_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def identifier(self) -> str:
        return self.credit_code or self.registration_number or ""
