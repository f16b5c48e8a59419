from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.clockrules import ClockKind, PauseReason

TRACK = "arbitration"

# Clocks of this track (cases.Clock.kind): their rules, with the article behind each, are in the
# catalogue (jiefen/cases/clockrules.py).
ACCEPTANCE_5 = ClockKind.ARBITRATION_ACCEPTANCE_5.value
SERVICE_5 = ClockKind.ARBITRATION_SERVICE_5.value
DEFENCE_10 = ClockKind.ARBITRATION_DEFENCE_10.value
DEFENCE_COPY_5 = ClockKind.ARBITRATION_DEFENCE_COPY_5.value
COMPOSITION_5 = ClockKind.ARBITRATION_COMPOSITION_5.value
AWARD_45 = ClockKind.ARBITRATION_AWARD_45.value
SIMPLIFIED_30 = ClockKind.ARBITRATION_SIMPLIFIED_30.value
ONE_MONTH = ClockKind.ARBITRATION_ONE_MONTH.value
# The clocks of the hearing itself: they stand still and restart together.
AWARD_CLOCKS = [AWARD_45, SIMPLIFIED_30, ONE_MONTH]
MAX_EXTENSION_DAYS = 15
# What may stop the award clocks by a decision of the tribunal (public notice stops them by
# itself): 办案规则第四十五条、第四十七条, 条例第三十六条.
SUSPENSION_GROUNDS = (
    PauseReason.SUSPENSION,
    PauseReason.APPRAISAL,
    PauseReason.ENTRUSTED_INVESTIGATION,
    PauseReason.SETTLEMENT,
)


class Source(models.TextChoices):
    TRANSFER = "transfer", _("调解不成转入")
    DIRECT = "direct", _("直接申请")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("已收件")
    COMPLETING = "completing", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    DECLINED = "declined", _("不予受理")
    SUSPENDED = "suspended", _("中止")
    AWARDED = "awarded", _("已裁决")
    MEDIATED = "mediated", _("仲裁调解结案")


OPEN_STATUSES = frozenset(
    {
        ApplicationStatus.RECEIVED,
        ApplicationStatus.COMPLETING,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.SUSPENDED,
    }
)


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序（三人仲裁庭）")
    SIMPLIFIED = "simplified", _("简易程序（独任仲裁员）")


class SimplifiedBasis(models.TextChoices):
    AMOUNT = "amount", _("标的额不超过上年度职工年平均工资")
    AGREED = "agreed", _("双方当事人同意")


class MemberRole(models.TextChoices):
    PRESIDING = "presiding", _("首席仲裁员")
    MEMBER = "member", _("仲裁员")
    SOLE = "sole", _("独任仲裁员")


class ServedDocument(models.TextChoices):
    APPLICATION_COPY = "application_copy", _("仲裁申请书副本")
    DEFENCE_COPY = "defence_copy", _("答辩书副本")
    ACCEPTANCE_NOTICE = "acceptance_notice", _("受理通知书")
    DECLINE_NOTICE = "decline_notice", _("不予受理通知书")
    COMPOSITION_NOTICE = "composition_notice", _("仲裁庭组成通知书")
    HEARING_NOTICE = "hearing_notice", _("开庭通知书")
    AWARD = "award", _("裁决书")
    MEDIATION_STATEMENT = "mediation_statement", _("仲裁调解书")


class ServiceMode(models.TextChoices):
    IN_PERSON = "in_person", _("直接送达")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")
    PUBLIC_NOTICE = "public_notice", _("公告送达")


class Side(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class RecusalDecision(models.TextChoices):
    PENDING = "pending", _("待决定")
    GRANTED = "granted", _("决定回避")
    REFUSED = "refused", _("驳回申请")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已排期")
    POSTPONED = "postponed", _("已延期")
    HELD = "held", _("已开庭")
    CANCELLED = "cancelled", _("已取消")


class AwardItemKind(models.TextChoices):
    REMUNERATION = "remuneration", _("劳动报酬")
    INJURY_MEDICAL = "injury_medical", _("工伤医疗费")
    COMPENSATION = "compensation", _("经济补偿或赔偿金")
    STANDARDS = "standards", _("工作时间、休息休假、社会保险（国家劳动标准）")
    INSURANCE_ARREARS = "insurance_arrears", _("社会保险费补缴")
    INJURY_BENEFITS = "injury_benefits", _("工伤保险待遇")
    OTHER = "other", _("其他")


# 《劳动争议调解仲裁法》第四十七条第（一）项: these items are final when each is at most twelve
# months of the local monthly minimum wage in force on the day of the award.
CAPPED_FINAL_KINDS = frozenset(
    {AwardItemKind.REMUNERATION, AwardItemKind.INJURY_MEDICAL, AwardItemKind.COMPENSATION}
)
# Final whatever the amount, each with the article that makes it so: 第四十七条第（二）项 (national
# labour standards), and in Zhejiang 《浙江省劳动人事争议调解仲裁条例》第三十七条 (back payment of
# social insurance contributions, work-injury insurance benefits).
ALWAYS_FINAL_BASIS = {
    AwardItemKind.STANDARDS: _(
        "《劳动争议调解仲裁法》第四十七条第（二）项：因执行国家的劳动标准在工作时间、"
        "休息休假、社会保险等方面发生的争议，裁决为终局裁决"
    ),
    AwardItemKind.INSURANCE_ARREARS: _(
        "《浙江省劳动人事争议调解仲裁条例》第三十七条：社会保险费补缴争议，裁决为终局裁决"
    ),
    AwardItemKind.INJURY_BENEFITS: _(
        "《浙江省劳动人事争议调解仲裁条例》第三十七条：工伤保险待遇争议，裁决为终局裁决"
    ),
}
ALWAYS_FINAL_KINDS = frozenset(ALWAYS_FINAL_BASIS)
