"""The calculator's dated, sourced parameters, and the calculations saved on cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.calculators.choices import ParameterKind, Unit


class Parameter(models.Model):
    """A figure the law ties an amount to, as published from a date: the local average wage
    (the 3× cap of 《劳动合同法》第四十七条), the area's average wage for work-injury benefits,
    Zhejiang's one-off injury subsidies by grade. Administrators keep it; a row not yet checked
    against its source stays unconfirmed, and every amount computed from it says so."""

    kind = models.CharField(_("参数"), max_length=24, choices=ParameterKind.choices)
    region = models.CharField(_("地区"), max_length=40, default="杭州市")
    grade = models.PositiveSmallIntegerField(
        _("伤残等级"), null=True, blank=True, help_text=_("仅工伤补助金按等级填写（5–10）")
    )
    effective_from = models.DateField(_("适用起始日"))
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=12, choices=Unit.choices)
    source = models.TextField(_("来源"), help_text=_("发布机关、文号或公告名称、发布日期、网址"))
    confirmed = models.BooleanField(
        _("已核实"),
        default=False,
        help_text=_("已与发布机关的原文核对；未核实的参数，计算结果会注明"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    confirmed_on = models.DateField(_("核实日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "region", "grade", "-effective_from"]
        verbose_name = _("计算参数")
        verbose_name_plural = _("计算参数")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "effective_from"],
                condition=models.Q(grade__isnull=True),
                name="calc_parameter_once_per_date",
            ),
            models.UniqueConstraint(
                fields=["kind", "region", "grade", "effective_from"],
                condition=models.Q(grade__isnull=False),
                name="calc_parameter_grade_once_per_date",
            ),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=10),
                name="calc_parameter_grade_1_10",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="calc_parameter_value_ge_0"
            ),
        ]

    def __str__(self) -> str:
        grade = " " + str(_("{grade}级")).format(grade=self.grade) if self.grade else ""
        return f"{self.get_kind_display()}{grade} {self.region} {self.effective_from}: {self.value}"


class Calculation(models.Model):
    """A calculation kept on a case: what was entered, and the result as it was computed then
    (the parameters may change later; the saved figures and formulas do not)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="calculations", verbose_name=_("案件")
    )
    inputs = models.JSONField(_("输入"))
    result = models.JSONField(_("结果"))
    total = models.DecimalField(_("合计"), max_digits=14, decimal_places=2)
    as_claims = models.BooleanField(_("已设为请求事项"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("计算人"),
    )
    created_at = models.DateTimeField(_("计算时间"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("赔偿计算")
        verbose_name_plural = _("赔偿计算")
        indexes = [models.Index(fields=["case", "-created_at"], name="calc_case_recent_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.total}"
