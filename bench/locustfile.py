"""A mixed day at the window, for Locust (`python -m bench.load` runs it headless).

Staff users (the district leader's session, the clerk's API token) and members of the public
request, with weights as a centre's day mixes them: the case list (filtered, and as it opens),
keyword searches (the bench's fixed words), case pages over the whole range of ids, the
dashboard, registrations through the API each followed by an action on the new case (answered as
a consultation), and the public portal's tracking page. Everything comes from the environment
that `bench/load.py` sets: the session cookie, the token, the range of case ids, the streets,
the employers on file, the run's mark. Locust's `FastHttpUser` (geventhttpclient): the generator
shares the two cores with the server, so it should take as little of them as it can."""

from __future__ import annotations

import json
import os
import random
import time

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

SESSION = os.environ.get("BENCH_SESSION", "")
TOKEN = os.environ.get("BENCH_TOKEN", "")
FIRST_ID = int(os.environ.get("BENCH_FIRST_ID", "1"))
LAST_ID = int(os.environ.get("BENCH_LAST_ID", "1"))
STREETS = json.loads(os.environ.get("BENCH_STREETS", "[]")) or ["330106010"]
VILLAGES = json.loads(os.environ.get("BENCH_VILLAGES", "[]")) or ["330106010002"]
# A registration names an employer on file (name and credit code, drawn by `bench/load.py` from
# the seed's 66,666, as `bench.measure.registration_body` does; not imported: that module imports
# Django, which this process does not set up); without them, one of 97 new employers named for
# the run. Either way the registrations of an earlier run do not pile up against a few names.
EMPLOYERS = json.loads(os.environ.get("BENCH_EMPLOYERS", "[]"))
RUN = os.environ.get("BENCH_RUN") or f"{int(time.time()):x}"
WORDS = ["建筑工程", "鑫华建筑", "物流", "王芳"]
STATES = ["handling", "registered", "accepted", "resolved"]
# The production settings sit behind an HTTPS proxy: say so, as the proxy would.
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


class Staff(FastHttpUser):
    """A member of the centre's staff at work: a click every one to three seconds."""

    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        self.web = {**PROXY, "Cookie": f"sessionid={SESSION}"}
        self.api = {**PROXY, "Authorization": f"Token {TOKEN}"}

    @task(20)
    def case_list(self):
        street, state = random.choice(STREETS), random.choice(STATES)
        self.client.get(
            f"/cases/?street={street}&status={state}",
            headers=self.web,
            name="/cases/?street&status",
        )

    @task(5)
    def case_list_landing(self):
        self.client.get("/cases/", headers=self.web, name="/cases/")

    @task(10)
    def search(self):
        self.client.get(f"/cases/?q={random.choice(WORDS)}", headers=self.web, name="/cases/?q")

    @task(30)
    def case_page(self):
        pk = random.randint(FIRST_ID, LAST_ID)
        self.client.get(f"/cases/{pk}/", headers=self.web, name="/cases/<id>/")

    @task(3)
    def dashboard(self):
        self.client.get("/reports/", headers=self.web, name="/reports/")

    @task(5)
    def register_and_act(self):
        n = random.randint(0, 10**8)
        if EMPLOYERS:
            name, code = random.choice(EMPLOYERS)
            employer = {"name": name, "credit_code": code}
        else:
            employer = {"name": f"杭州负载测试建筑工程有限公司{RUN}-{n % 97}"}
        body = {
            "village_code": random.choice(VILLAGES),
            "category": "wage_arrears",
            "channel": "walk_in",
            "summary": "申请人在某建筑工地从事钢筋工作，包工头拖欠三个月工资共计两万四千元。",
            "claimants": [{"name": "负载测试申请人", "phone": f"139{n:08d}"}],
            "claims": [{"item": "支付拖欠工资", "amount": "24000.00"}],
            "employer": employer,
        }
        with self.client.post(
            "/api/v1/cases/",
            json=body,
            headers=self.api,
            name="POST /api/v1/cases/",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            case = response.json()
        self.client.post(
            f"/api/v1/cases/{case['id']}/actions/answer/",
            json={"note": "已电话答复申请人，告知可申请调解。", "version": case.get("version")},
            headers=self.api,
            name="POST /api/v1/cases/<id>/actions/answer/",
        )


class Public(FastHttpUser):
    """A worker following a case on the portal from a phone."""

    weight = 1
    wait_time = between(2, 5)

    @task
    def track(self):
        self.client.get("/portal/track/", headers=PROXY, name="/portal/track/")

    @task
    def portal(self):
        self.client.get("/portal/", headers=PROXY, name="/portal/")
