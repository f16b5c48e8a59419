from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    MEDIATION = "mediation", _("申请调解")
    ARBITRATION = "arbitration", _("申请仲裁")
    INSPECTION = "inspection", _("劳动监察投诉")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待审核")
    MORE_INFO = "more_info", _("需补充材料")
    ACCEPTED = "accepted", _("已受理")
    DECLINED = "declined", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


class CodePurpose(models.TextChoices):
    APPLY = "apply", _("网上申请")
    TRACK = "track", _("查询进度")


class LetterStatus(models.TextChoices):
    NEW = "new", _("待处理")
    ANSWERED = "answered", _("已答复")
    CONVERTED = "converted", _("已转为案件")
    CLOSED = "closed", _("已关闭")


# Still waiting on staff: the queue's default view.
OPEN_APPLICATION_STATUSES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO})


class JoinSide(models.TextChoices):
    """Who entered an online mediation room."""

    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    MEDIATOR = "mediator", _("调解员")


class RoomState(models.TextChoices):
    """Whether a booking's room can be entered now (derived, never stored)."""

    UNCONFIGURED = "unconfigured", _("视频服务未配置")
    EARLY = "early", _("尚未开放")
    OPEN = "open", _("已开放")
    CLOSED = "closed", _("已关闭")
    CANCELLED = "cancelled", _("已取消")
