"""What the Open311 door offers: one service per dispute category, and the attributes (the
service definition) a request carries beyond GeoReport's standard fields.

service_code is the category's value (GLOSSARY: `wage_arrears`, ...), the identifier the rest
of jiefen's API uses too; service_name and every text a person reads are plain Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Category

GROUP = _("劳动争议")


@dataclass(frozen=True)
class Service:
    code: str
    description: str | Promise
    keywords: str | Promise


SERVICES: dict[str, Service] = {
    s.code: s
    for s in [
        Service(
            Category.WAGE_ARREARS,
            _("用人单位拖欠、克扣工资或不按时足额支付劳动报酬"),
            _("欠薪,讨薪,工资,劳动报酬,农民工工资"),
        ),
        Service(
            Category.LABOR_CONTRACT,
            _("劳动合同的订立、履行、变更、解除和终止，未签书面劳动合同等"),
            _("劳动合同,辞退,解除合同,二倍工资"),
        ),
        Service(
            Category.SOCIAL_INSURANCE,
            _("用人单位未依法缴纳社会保险费等"),
            _("社保,养老保险,医疗保险,失业保险"),
        ),
        Service(
            Category.WORK_INJURY,
            _("工伤认定后的待遇、停工留薪期工资、伤残补助等"),
            _("工伤,工伤待遇,伤残"),
        ),
        Service(
            Category.WORKING_HOURS,
            _("超时加班、加班费、休息休假"),
            _("加班,加班费,工时,休假"),
        ),
        Service(
            Category.SEVERANCE,
            _("解除或终止劳动合同的经济补偿金、赔偿金"),
            _("经济补偿,赔偿金,补偿金"),
        ),
        Service(Category.OTHER, _("其他劳动争议"), _("其他")),
    ]
}


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist, multivaluelist
    required: bool
    description: str | Promise
    datatype_description: str | Promise = ""
    variable: bool = True
    values: tuple[tuple[str, str | Promise], ...] = field(default=())


# The claim's main item: the key is sent, the name becomes the case's claim item.
CLAIM_ITEMS: tuple[tuple[str, str | Promise], ...] = (
    ("unpaid_wages", _("拖欠工资")),
    ("overtime_pay", _("加班费")),
    ("severance", _("经济补偿金")),
    ("double_wages", _("未签劳动合同二倍工资")),
    ("damages", _("违法解除劳动合同赔偿金")),
    ("social_insurance", _("补缴社会保险")),
    ("injury_benefits", _("工伤保险待遇")),
    ("other", _("其他")),
)

ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "privacy_notice",
        "string",
        False,
        _("您提交的姓名、电话和身份证号仅用于办理本纠纷，查询结果中不会显示。"),
        variable=False,
    ),
    Attribute("employer_name", "string", True, _("用人单位名称（营业执照上的名称）")),
    Attribute(
        "employer_credit_code",
        "string",
        False,
        _("用人单位统一社会信用代码"),
        _("18位，可在国家企业信用信息公示系统查询"),
    ),
    Attribute("employer_address", "string", False, _("用人单位地址")),
    Attribute("claim_item", "singlevaluelist", True, _("主要请求事项"), values=CLAIM_ITEMS),
    Attribute(
        "claim_amount", "number", False, _("请求金额（元）"), _("数字，如 12800 或 12800.50")
    ),
    Attribute(
        "id_number",
        "string",
        False,
        _("申请人身份证号码"),
        _("18位居民身份证号码；填写后可合并同一人的多次申请"),
    ),
)
ATTRIBUTE_CODES = frozenset(a.code for a in ATTRIBUTES)
