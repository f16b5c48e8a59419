"""Plausible 110 incidents and unit timings, shared by the simulator and the demo data.

Nothing here touches the database: the simulator may run on another machine than jiefen."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

XIHU_DIVISIONS = Path(__file__).resolve().parent.parent / "geo" / "data" / "xihu_divisions.json"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文斌宇浩凯燕红梅"
ROADS = [
    "之江路",
    "转塘街",
    "留下街",
    "文三路",
    "天目山路",
    "紫金港路",
    "古墩路",
    "西溪路",
    "龙坞路",
    "双浦路",
    "三墩路",
    "振华路",
]
SITES = [
    ("construction", "{company}{road}项目工地", "工地"),
    ("factory", "{company}厂区", "厂区"),
    ("restaurant", "{road}{no}号{company}分店", "门店"),
    ("office", "{road}{no}号{company}办公楼", "公司"),
    ("logistics", "{company}物流仓库", "仓库"),
]
COMPANIES = [
    "恒远建设",
    "之江建工",
    "西溪物流",
    "鑫达装饰",
    "华腾机械",
    "绿源农业",
    "和兴餐饮",
    "杭新电子",
    "宏达劳务",
    "润丰家政",
]

# (category, weight, description templates): {n} people, {months} months, {amount} yuan.
INCIDENTS = [
    (
        "wage_arrears",
        60,
        [
            "{n}名务工人员聚集在{place}门口讨要{months}个月工资约{amount}元，情绪激动，堵住大门",
            "报警人称{place}拖欠其{months}个月工资，包工头失联，现场有{n}人聚集",
            "{place}{n}名工人拉横幅讨薪，称项目结束后工资一直未结清",
        ],
    ),
    (
        "severance",
        10,
        ["{place}突然停业，{n}名员工要求支付经济补偿，与公司负责人发生争执"],
    ),
    (
        "labor_contract",
        10,
        ["报警人称被{place}无故辞退且未签劳动合同，现场与管理人员发生口角"],
    ),
    ("work_injury", 8, ["{place}一名工人受伤后老板拒付医药费，家属{n}人到场讨说法"]),
    ("social_insurance", 5, ["{n}名员工到{place}要求补缴社保，与财务人员对峙"]),
    ("working_hours", 4, ["{place}员工称长期加班不给加班费，{n}人聚集在办公室不肯离开"]),
    ("other", 3, ["{place}劳务纠纷引发推搡，报警人请求民警到场"]),
]

REPORTS = {
    "police": [
        "民警到场维持秩序，劝导聚集人员理性维权，现场无人员受伤，已移交劳动监察跟进。",
        "到场后双方情绪平稳，已告知通过调解或仲裁途径解决，人员已疏散。",
        "现场有推搡，已将双方带离劝解，未发现违法犯罪行为。",
    ],
    "inspection": [
        "监察员到场核实欠薪情况，已责令企业三日内提供工资台账，约定次日上午到中心调解。",
        "已登记工人信息及诉求，联系项目总包单位负责人到场，初步同意先行垫付部分工资。",
        "已向企业送达询问通知书，引导工人到矛盾纠纷调处中心登记。",
    ],
}
CANCEL_REASONS = ["聚集人员已自行散去，无需到场", "民警现场已化解，监察改为次日约谈"]


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    street: str


@cache
def villages() -> tuple[Village, ...]:
    data = json.loads(XIHU_DIVISIONS.read_text(encoding="utf-8"))
    return tuple(
        # "…村委会" / "…居委会" are the committees' names; an address names the place.
        Village(code=v["code"], name=v["name"].removesuffix("委会"), street=s["name"])
        for s in data["streets"]
        for v in s["villages"]
    )


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "135", "150", "158", "186", "189"]) + (
        f"{rng.randrange(10**8):08d}"
    )


def people_involved(rng: random.Random) -> int:
    """Mostly a handful; about one in five is a gathering of ten or more."""
    if rng.random() < 0.2:
        return rng.randint(10, 40)
    return rng.randint(1, 8)


def incident_facts(rng: random.Random, *, village_code_known: float = 0.95) -> dict:
    """The fields of one incident as the 110 platform sends them (without number and time)."""
    village = rng.choice(villages())
    category, _w, templates = rng.choices(INCIDENTS, weights=[w for _c, w, _t in INCIDENTS])[0]
    _kind, place_tpl, _noun = rng.choice(SITES)
    place = place_tpl.format(
        company=rng.choice(COMPANIES), road=rng.choice(ROADS), no=rng.randint(1, 999)
    )
    n = people_involved(rng)
    description = rng.choice(templates).format(
        n=n, place=place, months=rng.randint(1, 6), amount=rng.randrange(2, 60) * 5000
    )
    return {
        "caller_name": person_name(rng),
        "caller_phone": mobile(rng),
        "address": f"杭州市西湖区{village.street}{village.name}{place}",
        "village_code": village.code if rng.random() < village_code_known else "",
        "people_involved": n,
        "category": category,
        "description": description,
    }


def arrival_minutes(rng: random.Random, unit_kind: str) -> float:
    """Minutes from dispatch to arrival: police mostly 8-14 (some late), inspection 12-22."""
    r = rng.random()
    if unit_kind == "police":
        if r < 0.82:
            return rng.uniform(8, 14)
        if r < 0.92:
            return rng.uniform(14, 15)
        return rng.uniform(15.2, 24)
    if r < 0.75:
        return rng.uniform(12, 19)
    if r < 0.87:
        return rng.uniform(19, 20)
    return rng.uniform(20.2, 30)


def report_text(rng: random.Random, unit_kind: str) -> str:
    return rng.choice(REPORTS[unit_kind])
