from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.clockrules import ClockKind

TRACK = "mediation"


class MediationStatus(models.TextChoices):
    OPEN = "open", _("调解中")
    AGREED = "agreed", _("达成协议")
    FAILED = "failed", _("调解不成")
    REFUSED = "refused", _("对方拒绝调解")


class MediatorLevel(models.TextChoices):
    VILLAGE = "village", _("村社")
    STREET = "street", _("街道")
    DISTRICT = "district", _("区")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("待履行")
    PAID = "paid", _("已履行")
    PARTLY_PAID = "partly_paid", _("部分履行")
    UNPAID = "unpaid", _("逾期未履行")


class ReviewKind(models.TextChoices):
    NONE = "", _("不申请")
    ARBITRAL = "arbitral", _("仲裁审查确认")
    JUDICIAL = "judicial", _("司法确认")


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("审查中")
    CONFIRMED = "confirmed", _("确认有效")
    REJECTED = "rejected", _("不予确认")


# Clocks of this track (cases.Clock.kind); their rules are in jiefen/cases/clockrules.py.
ARBITRAL_REVIEW_15 = ClockKind.AGREEMENT_ARBITRAL_REVIEW_15.value
JUDICIAL_REVIEW_30 = ClockKind.AGREEMENT_JUDICIAL_REVIEW_30.value
