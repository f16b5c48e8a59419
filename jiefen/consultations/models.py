"""The answer library (咨询答复库): questions and answers by category, each with its legal
basis, the day it holds from, when it is due for review and who reviewed it; and each use of an
answer to answer a consultation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Category


class Answer(models.Model):
    code = models.SlugField(_("编号"), max_length=40, unique=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    question = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("答复"))
    basis = models.TextField(
        _("法律依据"), help_text=_("法律、法规名称及条款，如《劳动合同法》第四十七条")
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    effective_from = models.DateField(_("生效日期"), help_text=_("所依据的规定自何日起施行"))
    review_due = models.DateField(_("复核到期日"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复核人"),
    )
    reviewed_on = models.DateField(_("复核日期"), null=True, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    # Question, answer, basis and keywords in one lower-cased column, for the keyword search.
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("咨询答复")
        verbose_name_plural = _("咨询答复库")
        indexes = [models.Index(fields=["active", "category"], name="answer_active_category_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.question}"


class AnswerUse(models.Model):
    """An answer sent to answer a consultation: on the case's timeline, and by SMS if asked."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="uses")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="answer_uses")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("答复时间"), db_index=True)
    sms_to = models.CharField(_("短信号码（脱敏）"), max_length=20, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("答复库使用记录")
        verbose_name_plural = _("答复库使用记录")
        indexes = [models.Index(fields=["at", "answer"], name="answer_use_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.answer_id}"
