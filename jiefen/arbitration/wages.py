"""The figures the law ties arbitration to, with where each comes from. The tables are editable
in the admin; these rows are only what a fresh installation starts with."""

import datetime as dt
from decimal import Decimal

# 浙江省最低工资标准（第一档，杭州市西湖区适用第一档）。
MINIMUM_WAGES = [
    {
        "region": "杭州市西湖区",
        "tier": "第一档",
        "effective_from": dt.date(2021, 8, 1),
        "monthly_amount": Decimal("2280.00"),
        "source": "浙江省人民政府《关于调整全省最低工资标准的通知》（2021年），第一档月最低工资"
        "2280元。执行日期未能从原文核实，请管理员核对。",
    },
    {
        "region": "杭州市西湖区",
        "tier": "第一档",
        "effective_from": dt.date(2025, 1, 1),
        "monthly_amount": Decimal("2490.00"),
        "source": "浙江省人民政府《关于调整全省最低工资标准的通知》：自1月1日起月最低工资标准"
        "调整为第一档2490元、第二档2260元、第三档2010元（各档提高210、190、170元）。"
        "转引自澎湃新闻，华尔街见闻 https://wallstreetcn.com/livenews/2611160 ；"
        "年份按报道推定为2025年，请管理员以省政府原文核对。",
    },
]

# 浙江省上年度职工年平均工资：简易程序的标的额上限。
AVERAGE_WAGES = [
    {
        "province": "浙江省",
        "effective_from": dt.date(2024, 7, 1),
        "annual_amount": Decimal("133045.00"),
        "source": "浙江省统计局公布的2023年全省城镇非私营单位就业人员年平均工资。"
        "该数字未能通过检索核实，请管理员以统计局公报核对并修改。",
    },
]
