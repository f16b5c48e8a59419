"""Demo Open311 clients and the requests a city app filed through the door, some still at
intake, some in hand, one closed. The city app's key is a fixed demo key, so that the worked
example of docs/integrations/open311.md can be tried against `make run`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiefen.accounts.models import User
from jiefen.cases.demo import _id_number
from jiefen.cases.services import case_act
from jiefen.core.demo import demo_time
from jiefen.geo.models import Village
from jiefen.open311.choices import ClientScope
from jiefen.open311.models import Client
from jiefen.open311.selectors import key_hash
from jiefen.open311.services import RequestInput, open311_client_issue, open311_request_file

ORDER = 82
# Demo data only: a production key comes from `jiefen open311_key issue` and is shown once.
DEMO_KEY = "o311_demo-key-for-make-run-only"
REQUESTS = [
    (
        "wage_arrears",
        "330106010002",
        ("陈", "志明"),
        "在转塘某安置房项目做钢筋工四个月，班组长拖欠工资三万一千元，多次讨要无果。",
        "杭州转塘建设有限公司",
        "unpaid_wages",
        "31000",
        ["register", "accept", "start_handling", "resolve", "close"],
    ),
    (
        "working_hours",
        "330106010005",
        ("刘", "芳"),
        "商场专柜每周工作六天、每天十一小时，加班费从未发放。",
        "杭州润丰商贸有限公司",
        "overtime_pay",
        "8600",
        ["register", "accept", "start_handling"],
    ),
    (
        "labor_contract",
        "330106109233",
        ("黄", "磊"),
        "入职七个月未签书面劳动合同，公司口头通知明天不用来了。",
        "杭州联创电子科技有限公司",
        "double_wages",
        "42000",
        ["register"],
    ),
    (
        "social_insurance",
        "330106004053",
        ("林", "小燕"),
        "工作两年公司一直未缴社会保险，要求补缴。",
        "杭州盛达物流有限公司",
        "social_insurance",
        "",
        [],
    ),
]


def seed(*, out, rng) -> None:
    if Client.objects.exists():
        return
    app, _key = open311_client_issue(
        actor=None, name="杭州城市大脑APP（演示）", contact="演示数据", per_minute=120
    )
    Client.objects.filter(pk=app.pk).update(key_hash=key_hash(DEMO_KEY), key_prefix=DEMO_KEY[:9])
    open311_client_issue(
        actor=None,
        name="12345市民热线（演示）",
        contact="演示数据",
        scope=ClientScope.OPEN311,
        can_file=False,
    )
    leader = User.objects.get(username="leader")
    now = timezone.now()
    filed = 0
    for code, village, (family, given), text, employer, item, amount, steps in REQUESTS:
        if not Village.objects.filter(code=village).exists():
            continue
        at = now - dt.timedelta(days=rng.uniform(2, 40))
        attributes = {"employer_name": [employer], "claim_item": [item]}
        if amount:
            attributes["claim_amount"] = [amount]
        attributes["id_number"] = [_id_number(rng)]
        with demo_time(at):
            request = open311_request_file(
                client=app,
                data=RequestInput(
                    service_code=code,
                    description=text,
                    last_name=family,
                    first_name=given,
                    phone=f"139{rng.randrange(10**7, 10**8)}",
                    address_id=village,
                    attributes=attributes,
                ),
            )
        case, moment = request.case, at
        for action in steps:
            moment = moment + dt.timedelta(hours=rng.uniform(3, 40))
            with demo_time(min(moment, now)):
                note = "用人单位当场支付" if action == "resolve" else ""
                case = case_act(case=case, action=action, actor=leader, note=note)
        filed += 1
    out.write(f"open311: 2 clients, {filed} requests (demo api_key {DEMO_KEY})")
