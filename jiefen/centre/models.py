"""The centre's working tools after and around the tracks: return visits (回访), leaders in charge of
major cases (领导包案) and the joint board of the seven bodies (纠纷联排 / 矛盾联调)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import DepartmentKind
from jiefen.centre.choices import (
    AgendaKind,
    MajorStatus,
    MeetingStatus,
    Satisfaction,
    TaskStatus,
    VisitMethod,
    VisitStatus,
)
from jiefen.core.models import TimestampedModel


class CentreSettings(models.Model):
    """The centre's own settings, one row, kept by administrators: when return visits fall due,
    how long a survey link lives, and which cases count as major."""

    visit_workdays = models.PositiveSmallIntegerField(_("结案后第几个工作日回访"), default=5)
    survey_valid_days = models.PositiveSmallIntegerField(_("问卷链接有效天数"), default=15)
    major_collective = models.BooleanField(_("集体争议列为重大案件"), default=True)
    # 0 turns the criterion off.
    major_amount = models.DecimalField(
        _("请求金额达到（元）"), max_digits=14, decimal_places=2, default=Decimal("500000")
    )
    major_repeat_cases = models.PositiveSmallIntegerField(_("同一劳动者投诉次数达到"), default=3)
    major_repeat_days = models.PositiveSmallIntegerField(_("重复投诉统计天数"), default=180)
    major_media = models.BooleanField(_("媒体关注列为重大案件"), default=True)
    major_district = models.BooleanField(_("升级至区级列为重大案件"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("中心工作设置")
        verbose_name_plural = _("中心工作设置")

    def __str__(self) -> str:
        return str(_("中心工作设置"))


class CentreEvent(models.Model):
    """One move of a return visit, a major case, a meeting or an assist task: append-only."""

    subject = models.CharField(max_length=16)  # the lifecycle's name
    object_id = models.PositiveBigIntegerField()
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=24)
    old_status = models.CharField(max_length=16)
    new_status = models.CharField(max_length=16)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subject", "object_id"], name="centre_event_subject_idx")]

    def __str__(self) -> str:
        return f"{self.subject}#{self.object_id} {self.old_status}->{self.new_status}"


class ReturnVisit(TimestampedModel):
    """The visit owed to a concluded case's parties after closure: one per closure."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="return_visits")
    # The closure it follows: a case reopened and closed again is visited again.
    closure_at = models.DateTimeField(_("结案时间"))
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
        verbose_name=_("回访部门"),
    )
    due_on = models.DateField(_("应回访日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PENDING
    )
    method = models.CharField(_("回访方式"), max_length=8, choices=VisitMethod.choices, blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    comment = models.TextField(_("意见"), blank=True)
    answered_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sms_to = models.CharField(_("短信号码"), max_length=20, blank=True)  # masked
    sms_sent_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    # Part of the signed survey link: a new link (resent) makes the old one useless.
    link_nonce = models.CharField(max_length=16, blank=True)
    decision_note = models.TextField(_("领导处理意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        constraints = [
            models.UniqueConstraint(fields=["case", "closure_at"], name="visit_once_per_closure")
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="visit_status_due_idx"),
            models.Index(fields=["answered_at"], name="visit_answered_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_status_display()}"


class MajorCase(TimestampedModel):
    """A case on the major-case register, with the leader in charge of it (领导包案)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="major")
    status = models.CharField(
        _("状态"), max_length=12, choices=MajorStatus.choices, default=MajorStatus.PROPOSED
    )
    reasons = models.JSONField(_("列入理由"), default=list)  # MajorReason values
    reason_note = models.CharField(_("说明"), max_length=300, blank=True)
    media_attention = models.BooleanField(_("媒体关注"), default=False)
    # In charge, not a mediator: the leader steers; the handlers keep their duties.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="majors_in_charge",
        verbose_name=_("包案领导"),
    )
    plan = models.TextField(_("化解方案"), blank=True)
    proposed_at = models.DateTimeField(_("列入时间"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField(_("包案时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    close_note = models.TextField(_("销号说明"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("重大案件")
        verbose_name_plural = _("重大案件")
        indexes = [models.Index(fields=["status", "proposed_at"], name="major_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_status_display()}"

    @property
    def reason_labels(self) -> list[str]:
        from jiefen.centre.choices import MajorReason

        return [str(MajorReason(r).label) for r in self.reasons if r in MajorReason.values]


class Milestone(models.Model):
    """One step of a major case's resolution plan, with its deadline."""

    major = models.ForeignKey(MajorCase, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=120)
    due_on = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.CharField(_("完成情况"), max_length=300, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.due_on}"


class ProgressNote(models.Model):
    """The week's progress on a major case (每周报进展)."""

    major = models.ForeignKey(MajorCase, on_delete=models.CASCADE, related_name="notes")
    week_of = models.DateField(_("周"))  # the Monday
    at = models.DateTimeField(_("时间"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("进展"))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["major", "week_of"], name="note_major_week_idx")]

    def __str__(self) -> str:
        return f"{self.major_id} {self.week_of}"


class Meeting(TimestampedModel):
    """A weekly screening meeting of the seven bodies (纠纷联排 / 矛盾联调)."""

    held_on = models.DateField(_("会议日期"))
    title = models.CharField(_("会议名称"), max_length=120)
    location = models.CharField(_("地点"), max_length=120, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    convenor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # What the agenda looked back to: the previous meeting, or a week before.
    since = models.DateTimeField(_("统计起点"))
    agenda_built_at = models.DateTimeField(_("议程生成时间"), null=True, blank=True)
    summary = models.TextField(_("会议纪要"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("联排会议")
        verbose_name_plural = _("联排会议")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("centre:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=12, choices=AgendaKind.choices)
    seq = models.PositiveSmallIntegerField()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    warning = models.ForeignKey(
        "outreach.EarlyWarning", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("议题"), max_length=200)
    detail = models.CharField(_("情况"), max_length=300, blank=True)

    class Meta:
        ordering = ["seq", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether one of the seven bodies attended, and who came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    department_kind = models.CharField(_("部门"), max_length=32, choices=DepartmentKind.choices)
    present = models.BooleanField(_("出席"), default=False)
    attendee = models.CharField(_("参会人"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "department_kind"], name="attendance_once_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.department_kind}"


class AssistTask(TimestampedModel):
    """A decision of the board handed to one body: what to do, by when, and its feedback."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tasks")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="assist_tasks"
    )
    decision = models.TextField(_("会议决定"))
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="assist_tasks",
        verbose_name=_("承办部门"),
    )
    task = models.CharField(_("协办事项"), max_length=300)
    due_on = models.DateField(_("反馈期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED
    )
    feedback = models.TextField(_("反馈情况"), blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("协办任务")
        verbose_name_plural = _("协办任务")
        indexes = [models.Index(fields=["status", "due_on"], name="assist_status_due_idx")]

    def __str__(self) -> str:
        return self.task
