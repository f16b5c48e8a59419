"""Play a stream of signed 110 incidents against a running jiefen over HTTP, then act as the
units: acknowledge, depart, arrive (entered a little after the fact) and report.

    jiefen simulate_110 --url http://127.0.0.1:8000 --rate 6/min --duration 60 \\
        --sender police110 --secret "$SECRET" --username admin --password Jiefen@2026 --time-scale 60

Only the standard library talks to the server (urllib), so it measures what any integrator would
see. With --time-scale N every wait is N times shorter (a unit due to arrive 12 minutes after
dispatch reports after 12/N minutes); the times sent are always the real moments, never in the
future, so the board and the figures stay true.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
import random
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError

from jiefen.core.webhooks import signed_headers
from jiefen.dispatch import scenarios

RETRIES = 4  # attempts after the first, with back-off 0.5, 1, 2, 4 s


def parse_rate(text: str) -> float:
    """'6/min', '1/s', '30/h' -> incidents per second."""
    try:
        count, _slash, unit = text.partition("/")
        per = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600}[unit or "min"]
        value = float(count) / per
    except (KeyError, ValueError):
        raise CommandError(f"--rate: expected like 6/min, got {text!r}") from None
    if value <= 0:
        raise CommandError("--rate must be positive")
    return value


@dataclass(order=True)
class Step:
    due: float
    seq: int
    kind: str = field(compare=False)
    order: dict = field(compare=False)
    at: float = field(compare=False, default=0.0)  # the real moment the step happened


@dataclass
class Tally:
    sent: int = 0
    created: int = 0
    duplicates: int = 0
    actions: int = 0
    retries: int = 0
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)  # seconds per answered request
    arrivals: dict = field(default_factory=lambda: {"police": [0, 0], "inspection": [0, 0]})


class Client:
    def __init__(self, *, url: str, sender: str, secret: str, token: str, tally: Tally, out):
        self.url, self.sender, self.secret, self.token = url.rstrip("/"), sender, secret, token
        self.tally, self.out = tally, out

    def _send(self, path: str, body: bytes, headers: dict, *, resign: bool) -> tuple[int, dict]:
        delay = 0.5
        for attempt in range(RETRIES + 1):
            if resign:  # a fresh timestamp and signature each attempt: a retry is not a replay
                headers = {
                    **headers,
                    **signed_headers(sender=self.sender, secret=self.secret, body=body),
                }
            request = urllib.request.Request(
                self.url + path, data=body, headers=headers, method="POST"
            )
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    answer = response.status, json.loads(response.read() or b"{}")
                self.tally.latencies.append(time.perf_counter() - began)
                return answer
            except urllib.error.HTTPError as e:
                payload = e.read()
                self.tally.latencies.append(time.perf_counter() - began)
                if e.code < 500 and e.code != 429:
                    try:
                        return e.code, json.loads(payload or b"{}")
                    except ValueError:
                        return e.code, {"detail": payload[:200].decode(errors="replace")}
                reason = f"HTTP {e.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
                reason = str(e)
            if attempt == RETRIES:
                return 0, {"detail": f"gave up after {RETRIES + 1} attempts: {reason}"}
            self.tally.retries += 1
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def post_incident(self, payload: dict) -> tuple[int, dict]:
        body = json.dumps(payload, ensure_ascii=False).encode()
        return self._send(
            "/api/v1/dispatch/incidents/",
            body,
            {"Content-Type": "application/json"},
            resign=True,
        )

    def post_unit(self, path: str, payload: dict) -> tuple[int, dict]:
        return self._send(
            path,
            json.dumps(payload, ensure_ascii=False).encode(),
            {"Content-Type": "application/json", "Authorization": f"Token {self.token}"},
            resign=False,
        )


def obtain_token(url: str, username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(
        url.rstrip("/") + "/api/v1/auth/token/",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["token"]
    except urllib.error.HTTPError as e:
        raise CommandError(
            f"could not log in as {username}: HTTP {e.code} {e.read()[:200]!r}"
        ) from None
    except urllib.error.URLError as e:
        raise CommandError(f"cannot reach {url}: {e}") from None


def latency(samples: list[float]) -> str:
    if not samples:
        return "no answers"
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2] * 1000
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000
    return f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def iso(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, tz=dt.UTC).isoformat(timespec="milliseconds")


class Command(BaseCommand):
    help = "Play realistic signed 110 incidents and the units' reports against a running jiefen."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--rate", default="6/min", help="incidents per time, e.g. 6/min")
        parser.add_argument("--duration", type=float, default=60, help="seconds to run")
        parser.add_argument("--sender", default="police110")
        parser.add_argument("--secret", required=True, help="the sender's HMAC secret")
        parser.add_argument("--token", default="", help="a staff API token for the units")
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="Jiefen@2026")
        parser.add_argument(
            "--time-scale",
            type=float,
            default=1.0,
            help="divide every wait by this (60: a unit's minute passes in a second)",
        )
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **o):
        rate = parse_rate(o["rate"])
        scale = o["time_scale"]
        if scale <= 0:
            raise CommandError("--time-scale must be positive")
        rng = random.Random(o["seed"])
        token = o["token"] or obtain_token(o["url"], o["username"], o["password"])
        tally = Tally()
        client = Client(
            url=o["url"],
            sender=o["sender"],
            secret=o["secret"],
            token=token,
            tally=tally,
            out=self.stdout,
        )
        self.quiet = o["quiet"]
        self.counter = itertools.count()
        run = secrets.token_hex(2).upper()
        start = time.time()
        stop = start + o["duration"]
        steps: list[Step] = []
        seq = 0
        next_incident = start
        while True:
            now = time.time()
            if now >= stop:
                break
            if next_incident <= now:
                seq += 1
                self._incident(client, rng, run, seq, scale, steps)
                next_incident += rng.expovariate(rate)
                continue
            if steps and steps[0].due <= now:
                self._step(client, rng, heapq.heappop(steps), scale, steps)
                continue
            wake = min(next_incident, steps[0].due if steps else stop, stop)
            time.sleep(max(0.0, min(wake - now, 0.5)))
        pending = len({id(s.order) for s in steps})
        police, inspection = tally.arrivals["police"], tally.arrivals["inspection"]
        self.stdout.write(
            f"done in {time.time() - start:.1f}s: incidents sent {tally.sent} "
            f"(new {tally.created}, already known {tally.duplicates}), unit actions {tally.actions}, "
            f"retries {tally.retries}, errors {len(tally.errors)}; arrivals within limit: "
            f"police {police[0]}/{police[1]}, inspection {inspection[0]}/{inspection[1]}; "
            f"orders still running at stop: {pending}; {latency(tally.latencies)}"
        )
        if tally.errors:
            for error in tally.errors[:10]:
                self.stderr.write(f"error: {error}")
            raise CommandError(f"{len(tally.errors)} request(s) failed")

    def _log(self, text: str) -> None:
        if not self.quiet:
            self.stdout.write(f"{time.strftime('%H:%M:%S')} {text}")

    def _incident(self, client: Client, rng, run: str, seq: int, scale: float, steps) -> None:
        received = time.time() - rng.uniform(20, 90) / scale  # 110 took the call a little earlier
        payload = {
            "incident_no": f"110-{time.strftime('%Y%m%d')}-{run}{seq:04d}",
            "received_at": iso(received),
            **scenarios.incident_facts(rng),
        }
        status, body = client.post_incident(payload)
        client.tally.sent += 1
        if status not in (200, 201):
            client.tally.errors.append(f"incident {payload['incident_no']}: {status} {body}")
            return
        client.tally.created += status == 201
        client.tally.duplicates += status == 200
        self._log(
            f"110 → {payload['incident_no']} {payload['people_involved']}人 "
            f"{payload['address'][:28]} → {status}, {len(body.get('orders', []))} orders"
        )
        for order in body.get("orders", []):
            dispatched = dt.datetime.fromisoformat(order["dispatched_at"]).timestamp()
            arrive = scenarios.arrival_minutes(rng, order["unit_kind"]) * 60 / scale
            ack = min(rng.uniform(0.3, 2.0) * 60 / scale, arrive * 0.4)
            depart = min(ack + rng.uniform(0.2, 1.5) * 60 / scale, arrive * 0.8)
            lag = rng.uniform(0, 1.5) * 60 / scale  # arrival is typed in a little later
            report = arrive + rng.uniform(3, 10) * 60 / scale
            if order["unit_kind"] == "inspection" and rng.random() < 0.04:
                plan = [("cancel", dispatched + ack)]
            else:
                plan = [
                    ("acknowledge", dispatched + ack),
                    ("depart", dispatched + depart),
                    ("arrive", dispatched + arrive + lag),
                    ("report", dispatched + max(report, arrive + lag + 0.5)),
                ]
            for kind, due in plan:
                # No unit answers within the second of dispatch; this also keeps every time
                # sent after the server's dispatch moment despite rounding to milliseconds.
                due = max(due, dispatched + 1.0)
                at = max(dispatched + arrive, dispatched + 1.0) if kind == "arrive" else due
                heapq.heappush(
                    steps, Step(due=due, seq=next(self.counter), kind=kind, order=order, at=at)
                )

    def _step(self, client: Client, rng, step: Step, scale: float, steps) -> None:
        order = step.order
        if order.get("failed"):
            return
        path = f"/api/v1/dispatch/orders/{order['id']}/{step.kind}/"
        if step.kind in ("acknowledge", "depart"):
            payload = {"at": iso(min(step.at, time.time()))}
        elif step.kind == "arrive":
            payload = {"arrived_at": iso(min(step.at, time.time()))}
        elif step.kind == "report":
            payload = {"report": scenarios.report_text(rng, order["unit_kind"])}
        else:
            payload = {"reason": rng.choice(scenarios.CANCEL_REASONS)}
        status, body = client.post_unit(path, payload)
        client.tally.actions += 1
        if status != 200:
            order["failed"] = True
            client.tally.errors.append(f"order {order['id']} {step.kind}: {status} {body}")
            return
        if step.kind == "arrive":
            due = dt.datetime.fromisoformat(order["due_at"])
            arrived = dt.datetime.fromisoformat(body["arrived_at"])
            cell = client.tally.arrivals[order["unit_kind"]]
            cell[1] += 1
            cell[0] += arrived <= due
            minutes = (
                arrived - dt.datetime.fromisoformat(order["dispatched_at"])
            ).total_seconds() / 60
            self._log(f"  {order['unit_kind']} order {order['id']} arrived after {minutes:.1f} min")
        else:
            self._log(f"  {order['unit_kind']} order {order['id']} {step.kind}")
