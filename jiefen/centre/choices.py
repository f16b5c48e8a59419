from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitStatus(models.TextChoices):
    PENDING = "pending", _("待回访")
    SURVEY_SENT = "survey_sent", _("已发送问卷")
    ANSWERED = "answered", _("已回访")
    LEADER_REVIEW = "leader_review", _("待领导处理")
    REOPENED = "reopened", _("已重新办理")
    UPHELD = "upheld", _("维持结案")
    UNREACHABLE = "unreachable", _("无法回访")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("电话回访")
    SURVEY = "survey", _("短信问卷")


class MajorStatus(models.TextChoices):
    PROPOSED = "proposed", _("待认定")
    IN_CHARGE = "in_charge", _("领导包案中")
    CLOSED = "closed", _("已销号")
    DISMISSED = "dismissed", _("不列入")


class MajorReason(models.TextChoices):
    COLLECTIVE = "collective", _("集体争议")
    AMOUNT = "amount", _("涉及金额大")
    REPEATED = "repeated", _("重复投诉")
    MEDIA = "media", _("媒体关注")
    DISTRICT = "district", _("升级至区级")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class AgendaKind(models.TextChoices):
    NEW_MAJOR = "new_major", _("新增重大案件")
    OVERDUE = "overdue", _("超期时限")
    MULTI_BODY = "multi_body", _("多部门协同案件")
    WARNING = "warning", _("未关闭预警")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待反馈")
    REPORTED = "reported", _("已反馈")
    DONE = "done", _("已办结")
