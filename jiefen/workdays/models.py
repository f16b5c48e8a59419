"""The working-day calendar: which years have a published schedule, and the exceptions to the
Monday–Friday week within them (holidays, and weekend days worked under a swap, 调休)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    # False for a year whose State Council schedule is not out yet: only the statutory days are
    # known, so the swapped working days are missing and clocks in it are provisional.
    published = models.BooleanField(_("已公布放假安排"), default=False)
    source = models.TextField(_("来源"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    statutory = models.BooleanField(_("法定节假日"), default=False)
    note = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("日历例外日")
        verbose_name_plural = _("日历例外日")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="workday", statutory=True), name="statutory_day_is_holiday"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
