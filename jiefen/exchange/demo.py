"""Demo exchange: cases transferred in from the provincial network and cases sent to it, with
outbox entries delivered (to the provincial stand-in) and still pending."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from jiefen.accounts.models import User
from jiefen.cases.demo import _id_number
from jiefen.cases.models import Case
from jiefen.cases.services import case_act
from jiefen.core.demo import demo_time
from jiefen.exchange import services
from jiefen.exchange.models import ExchangeLink, OutboxMessage
from jiefen.exchange.standin import ProvinceStandin
from jiefen.geo.models import Village

ORDER = 80
PEER = "zj-province"
INBOUND = [
    (
        "wage_arrears",
        "在三墩镇某厂房装修项目做油漆工，包工头拖欠工资两个月未付",
        "330106109233",
        14600,
    ),
    (
        "severance",
        "公司整体搬迁至外地，未与员工协商即解除劳动合同，未支付经济补偿",
        "330106010002",
        52000,
    ),
    ("labor_contract", "入职八个月未签订书面劳动合同，要求支付二倍工资差额", "330106110201", 33600),
    (
        "work_injury",
        "在仓库搬运时腰椎受伤，已认定工伤，单位拒付停工留薪期工资",
        "330106004053",
        21800,
    ),
    ("wage_arrears", "外卖站点拖欠骑手三个月提成，站长失联", "330106010005", 9800),
]


def seed(*, out, rng) -> None:
    if ExchangeLink.objects.exists():
        return
    now = timezone.now()
    clerk = User.objects.get(username="clerk")
    for index, (category, summary, village_code, amount) in enumerate(INBOUND):
        if not Village.objects.filter(code=village_code).exists():
            continue
        at = now - dt.timedelta(days=rng.uniform(3, 90))
        body = {
            "format": "jiefen.case",
            "version": 1,
            "message_id": f"zj-{uuid.UUID(int=rng.getrandbits(128))}",
            "sent_at": at.isoformat(),
            "sender": PEER,
            "case": {
                "number": f"ZJ{at:%Y}-{rng.randrange(100000, 999999)}",
                "status": "received",
                "channel": "online",
                "category": category,
                "summary": summary,
                "village_code": village_code,
                "received_at": at.isoformat(),
                "employer": {
                    "name": f"杭州{['鑫源', '华通', '润丰', '盛达', '联创'][index]}实业有限公司"
                },
                "claimants": [
                    {
                        "name": n,
                        "id_number": _id_number(rng),
                        "phone": f"137{rng.randrange(10**7, 10**8)}",
                    }
                    for n in [["赵强"], ["孙丽", "周平"], ["吴敏"], ["郑刚"], ["冯涛"]][index]
                ],
                "claims": [{"item": "支付拖欠款项", "amount": f"{amount}.00"}],
                "documents": [{"kind": "application", "title": "网上调解申请书"}],
            },
        }
        with demo_time(at):
            case = services.inbound_receive(sender=PEER, body=body).case
        steps = ["register", "accept", "start_handling"][: index % 3 + 1]
        moment = at
        for action in steps:
            moment = moment + dt.timedelta(hours=rng.uniform(2, 30))
            with demo_time(min(moment, now)):
                case = case_act(case=case, action=action, actor=clerk)
    # Two local cases the centre sent up to the province.
    for case in Case.objects.filter(status="accepted", exchange_link__isnull=True)[:2]:
        with demo_time(now - dt.timedelta(days=rng.uniform(1, 10))):
            services.case_send_to_peer(case=case, peer=PEER, actor=clerk)
    services.exchange_sweep(now=now)
    # Delivered for real, signed, to the provincial stand-in (what `make run` also starts); the
    # last few are shown still being retried, as after a spell of the province answering 503.
    messages = list(OutboxMessage.objects.order_by("created_at", "id"))
    secret = (settings.JIEFEN_WEBHOOK_SECRETS or {}).get(PEER)
    if secret:
        with (
            ProvinceStandin(secret=secret) as province,
            override_settings(JIEFEN_EXCHANGE_PEERS={PEER: province.url}),
        ):
            for message in messages[:-3]:
                services.outbox_deliver_one(message=message, now=now)
    for message in messages[-3:]:
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=3,
            last_status=503,
            last_error="HTTP 503",
            next_attempt_at=now + services.backoff(3),
        )
    out.write(
        f"exchange: {ExchangeLink.objects.count()} exchanged cases, "
        f"{OutboxMessage.objects.filter(delivered_at__isnull=False).count()} delivered, "
        f"{OutboxMessage.objects.filter(delivered_at__isnull=True).count()} pending"
    )
