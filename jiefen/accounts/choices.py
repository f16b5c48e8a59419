from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION_CLERK = "reception_clerk", _("窗口受理员")
    MEDIATOR = "mediator", _("调解员")
    ARBITRATOR = "arbitrator", _("仲裁员")
    TRIBUNAL_CLERK = "tribunal_clerk", _("书记员")
    LABOR_INSPECTOR = "labor_inspector", _("劳动监察员")
    POLICE_LIAISON = "police_liaison", _("警务联络员")
    LEADER = "leader", _("领导")
    ADMINISTRATOR = "administrator", _("系统管理员")


class DepartmentKind(models.TextChoices):
    LABOR_INSPECTION_SQUAD = "labor_inspection_squad", _("劳动监察中队")
    MEDIATION_COMMITTEE = "mediation_committee", _("调解委员会")
    ARBITRATION_TRIBUNAL = "arbitration_tribunal", _("仲裁派出庭")
    JUDICIAL_OFFICE = "judicial_office", _("司法所")
    GOVERNANCE_SECTION = "governance_section", _("综治科")
    POLICE_OFFICE = "police_office", _("公安警务室")
    TRADE_UNION = "trade_union", _("总工会")


class Level(models.TextChoices):
    DISTRICT = "district", _("区级")
    STREET = "street", _("街道级")


class ScopeLevel(models.TextChoices):
    # Above the district: a city's centre over its districts, a province's over its cities.
    PROVINCE = "province", _("全省")
    CITY = "city", _("全市")
    DISTRICT = "district", _("全区")
    STREET = "street", _("街道")
    GRID = "grid", _("片区")
    VILLAGE = "village", _("村/社区")
