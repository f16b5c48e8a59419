"""Seed N cases with the shape of a district's five years: fast enough for a million.

Rows are generated as tuples in memory, one batch at a time, with ids assigned here so that
foreign keys need no round trip, and written with PostgreSQL's COPY (psycopg `cursor.copy`) or
SQLite's `executemany`. Personal identifiers are encrypted once into a pool of ciphertexts and
reused (each worker keeps its own lookup hash and mask); Fernet a million times would take an hour.
Everything the pages read is real: scope, villages, parties, timelines, clocks, assignments."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

BATCH = 10_000
YEARS = 5

STATUS_OLD = [  # cases received more than 60 days ago
    ("closed", 78),
    ("answered", 10),
    ("declined", 3),
    ("resolved", 5),
    ("unresolved", 3),
    ("handling", 1),
]
STATUS_RECENT = [
    ("received", 5),
    ("registered", 10),
    ("accepted", 12),
    ("handling", 38),
    ("resolved", 12),
    ("unresolved", 3),
    ("closed", 12),
    ("answered", 6),
    ("declined", 2),
]
CHANNELS = [
    ("walk_in", 35),
    ("phone", 18),
    ("police_110", 8),
    ("online", 20),
    ("mailbox", 5),
    ("grid_visit", 10),
    ("provincial", 4),
]
CATEGORIES = [
    ("wage_arrears", 45),
    ("labor_contract", 14),
    ("social_insurance", 10),
    ("work_injury", 8),
    ("working_hours", 7),
    ("severance", 13),
    ("other", 3),
]
TRACKS = [
    (["mediation"], 58),
    (["inspection"], 22),
    (["mediation", "arbitration"], 12),
    (["governance", "mediation"], 5),
    (["police", "inspection"], 3),
]
TRACK_LEAD = {
    "mediation": "mediation_committee",
    "inspection": "labor_inspection",
    "governance": "governance_section",
    "police": "police",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文斌宇浩凯燕红梅琳雪晨欣怡佳俊峰波"
BRAND = "鑫华盛达恒通宏远嘉禾瑞丰永安新海天和润泰兴隆金诚博锦鸿运中正联创立信汇康景明诺亚星辰云帆"
TRADE = [
    "建筑工程",
    "餐饮管理",
    "电子科技",
    "物业服务",
    "服装制造",
    "物流",
    "装饰工程",
    "网络科技",
    "劳务派遣",
    "机械制造",
    "商贸",
    "酒店管理",
]
PLACE = ["杭州", "浙江", "西湖", "之江", "钱塘", "留下", "转塘", "三墩"]
SUMMARIES = {
    "wage_arrears": "{w}等在{e}从事{job}工作，单位拖欠{m}个月工资共计{a}元，多次催讨未果。",
    "labor_contract": "{w}在{e}工作{y}年，单位未签订书面劳动合同，要求支付二倍工资差额{a}元。",
    "social_insurance": "{w}反映{e}自入职以来未依法缴纳社会保险，要求补缴并赔偿损失{a}元。",
    "work_injury": "{w}在{e}{job}作业时受伤，已认定工伤，单位拒付停工留薪期工资{a}元。",
    "working_hours": "{w}反映{e}长期安排加班且不支付加班费，累计加班费{a}元。",
    "severance": "{e}单方解除与{w}的劳动合同，未支付经济补偿金{a}元。",
    "other": "{w}与{e}就{job}岗位调整发生争议，要求恢复原岗位。",
}
JOBS = [
    "保洁",
    "厨师",
    "钢筋",
    "木工",
    "保安",
    "快递分拣",
    "缝纫",
    "装修",
    "仓管",
    "司机",
    "服务员",
]
CLAIM_ITEMS = {
    "wage_arrears": ["支付拖欠工资", "支付欠薪期间利息"],
    "labor_contract": ["支付未签劳动合同二倍工资", "补签劳动合同"],
    "social_insurance": ["补缴社会保险费", "赔偿医疗费损失"],
    "work_injury": ["支付停工留薪期工资", "支付一次性伤残补助金"],
    "working_hours": ["支付加班费", "支付未休年休假工资"],
    "severance": ["支付经济补偿金", "支付违法解除赔偿金"],
    "other": ["恢复原岗位", "出具离职证明"],
}


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return lambda: rng.choices(values, weights)[0]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def employer_name(rng: random.Random) -> str:
    brand = "".join(rng.sample(BRAND, 2))
    return f"{rng.choice(PLACE)}{brand}{rng.choice(TRADE)}有限公司"


def _build_index(definition: str) -> None:
    """Build one index on this thread's own connection, closed after it."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(definition)
    finally:
        connections["default"].close()


class Progress:
    """A bar on stderr: no dependency, one line rewritten in place."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.start = label, max(total, 1), 0, time.monotonic()

    def advance(self, n: int) -> None:
        self.done += n
        frac = min(self.done / self.total, 1.0)
        elapsed = time.monotonic() - self.start
        eta = elapsed / frac - elapsed if frac else 0
        bar = "#" * int(frac * 30)
        sys.stderr.write(
            f"\r{self.label:<10} [{bar:<30}] {self.done:>9,}/{self.total:,} "
            f"{elapsed:6.0f}s eta {eta:5.0f}s"
        )
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


class Writer:
    """Insert tuples into a model's table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"

    def dt(self, value: dt.datetime | None):
        if value is None or self.pg:
            return value
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))

    def write(self, model, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        table = model._meta.db_table
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)

    def load_begin(self, models) -> None:
        """Before a bulk load on PostgreSQL: drop the tables' secondary indexes (kept to be built
        again once, in `load_end`: building an index over the loaded rows is many times cheaper
        than keeping it up row by row, the trigram and bigram GIN indexes above all) and skip
        the foreign-key triggers for this session (the rows are consistent by construction; a
        superuser may, otherwise the checks stay). The indexes that back a constraint (primary
        keys, unique constraints) stay."""
        self.dropped: list[str] = []
        if not self.pg:
            return
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "JOIN pg_class c ON c.relname = i.indexname "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
                [tables],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self.dropped.append(definition)
            cursor.execute("SET synchronous_commit = off")
            try:
                with transaction.atomic():
                    cursor.execute("SET session_replication_role = replica")
            except DatabaseError:
                pass  # not a superuser: the foreign keys are checked as rows arrive

    def load_end(self) -> None:
        """Build the dropped indexes again and check foreign keys again from now on."""
        if not self.pg:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET synchronous_commit = DEFAULT")
        # pg_indexes writes a partitioned table's index "ON ONLY": built so, it covers no
        # partition and stays invalid (the timeline read a million cases' events by a scan).
        definitions = [d.replace(" ON ONLY ", " ON ", 1) for d in getattr(self, "dropped", [])]
        # One builder a core, each on its own connection, the GIN indexes (the longest) first.
        definitions.sort(key=lambda d: " USING gin " not in d)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as builders:
            list(builders.map(_build_index, definitions))
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
            invalid = [name for (name,) in cursor.fetchall()]
        if invalid:
            raise RuntimeError(f"indexes left invalid after the load: {invalid}")
        self.dropped = []

    def next_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            return cursor.fetchone()[0] + 1

    def reset_sequences(self, models) -> None:
        if not self.pg:
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(_NoStyle(), models):
                cursor.execute(sql)


class _NoStyle:
    def __getattr__(self, _name):
        return lambda text: text


def reference_data() -> None:
    """The Xihu grid, the calendar, the bodies and the demo roster (as `make run` loads them)."""
    from jiefen.accounts import demo as accounts_demo
    from jiefen.accounts.services import departments_ensure
    from jiefen.geo.demo import seed as seed_grid_areas
    from jiefen.geo.models import District
    from jiefen.geo.services import XIHU_DIVISIONS, divisions_load
    from jiefen.workdays.services import calendar_load_default

    if not District.objects.exists():
        divisions_load(text=XIHU_DIVISIONS.read_text(encoding="utf-8"))
        calendar_load_default()
        departments_ensure()
        seed_grid_areas(out=sys.stderr, rng=random.Random(1))
    accounts_demo.seed(out=sys.stderr, rng=random.Random(2))


def seed(*, cases: int, rng: random.Random | None = None) -> dict:
    """Insert `cases` cases with their parties, timelines, clocks, assignments and incidents."""
    from jiefen.accounts.models import Department, User
    from jiefen.cases.models import (
        Assignment,
        Case,
        CaseEvent,
        CaseNumberSeries,
        Claimant,
        ClaimItem,
        Clock,
    )
    from jiefen.dispatch.models import Incident
    from jiefen.geo.models import Village
    from jiefen.parties.models import Employer, Worker

    rng = rng or random.Random(10)
    started = time.monotonic()
    reference_data()
    w = Writer()
    now = timezone.now()
    first_day = now - dt.timedelta(days=365 * YEARS)

    villages = list(Village.objects.select_related("street").order_by("code"))
    street_weight = {s: rng.uniform(0.5, 2.0) for s in {v.street_id for v in villages}}
    village_weights = [street_weight[v.street_id] for v in villages]
    departments = {(d.kind, d.street_id): d.pk for d in Department.objects.all()}
    staff = {
        role: list(User.objects.filter(role=role).values_list("pk", flat=True))
        for role in ("mediator", "labor_inspector", "arbitrator", "police_liaison")
    }
    clerks = list(User.objects.filter(role="reception_clerk").values_list("pk", flat=True))
    duty_pool = {
        "mediation": ("mediator", staff["mediator"]),
        "inspection": ("inspector", staff["labor_inspector"]),
        "arbitration": ("arbitrator", staff["arbitrator"]),
        "governance": ("lead", staff["mediator"]),
        "police": ("police", staff["police_liaison"] or staff["labor_inspector"]),
    }

    # Parties: one employer for ~15 cases (a few employers have hundreds), workers shared.
    stamp = w.dt(now)

    bulk = [Employer, Worker, Case, Claimant, ClaimItem, CaseEvent, Clock, Assignment, Incident]
    w.load_begin(bulk)
    try:
        counts, year_counts = _load(
            w,
            rng,
            now,
            first_day,
            cases,
            villages,
            village_weights,
            departments,
            clerks,
            duty_pool,
            stamp,
        )
    finally:
        built = time.monotonic()
        w.load_end()
        print(f"indexes built again in {time.monotonic() - built:.0f} s", file=sys.stderr)
    for year, n in year_counts.items():
        CaseNumberSeries.objects.filter(prefix="BX", year=year).delete()
        CaseNumberSeries.objects.create(prefix="BX", year=year, last=n)
    w.reset_sequences(bulk)
    _analyze()
    return {
        "cases": cases,
        "employers": max(cases // 15, 10),
        "workers": max(int(cases * 0.9), 10),
        **counts,
        "seconds": round(time.monotonic() - started, 1),
    }


def _load(
    w, rng, now, first_day, cases, villages, village_weights, departments, clerks, duty_pool, stamp
):
    """Generate and write the parties and the cases with all they carry."""
    from jiefen.cases.models import Assignment, Case, CaseEvent, Claimant, ClaimItem, Clock
    from jiefen.core import crypto
    from jiefen.dispatch.models import Incident
    from jiefen.parties.models import Employer, Worker
    from jiefen.parties.validators import credit_code_complete

    n_employers = max(cases // 15, 10)
    n_workers = max(int(cases * 0.9), 10)
    cipher_pool = [crypto.encrypt(f"33010619{rng.randint(60, 99)}0101{i:04d}") for i in range(200)]
    phone_pool = [crypto.encrypt(f"138{rng.randint(10_000_000, 99_999_999)}") for _ in range(200)]
    employer_id0 = w.next_id(Employer)
    bar = Progress("employers", n_employers)
    employer_names: list[str] = []
    batch = []
    for i in range(n_employers):
        name = employer_name(rng)
        employer_names.append(name)
        village = rng.choices(villages, village_weights)[0]
        batch.append(
            (
                employer_id0 + i,
                stamp,
                stamp,
                name,
                credit_code_complete(f"91330106{employer_id0 + i:09d}"),
                None,
                person_name(rng),
                rng.choice(phone_pool),
                "138****0000",
                f"{village.street.name}{village.name}{rng.randint(1, 300)}号",
                village.pk,
            )
        )
        if len(batch) >= BATCH:
            _flush_employers(w, Employer, batch)
            bar.advance(len(batch))
            batch = []
    _flush_employers(w, Employer, batch)
    bar.advance(len(batch))
    bar.close()

    worker_id0 = w.next_id(Worker)
    worker_names: list[str] = []
    # Each worker's phone (cipher, masked): a claimant carries the name and phone given on its case.
    worker_phones: list[tuple[str, str]] = []
    bar = Progress("workers", n_workers)
    batch = []
    for i in range(n_workers):
        name = person_name(rng)
        worker_names.append(name)
        id_number = f"330106{1960 + i % 45}{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 10000:04d}"
        id_cipher = rng.choice(cipher_pool)
        phone = (rng.choice(phone_pool), f"138****{i % 10000:04d}")
        worker_phones.append(phone)
        batch.append(
            (
                worker_id0 + i,
                stamp,
                stamp,
                name,
                id_cipher,
                crypto.lookup_hash(f"bench:{worker_id0 + i}:{id_number}"),
                id_number[:6] + "********" + id_number[-4:],
                phone[0],
                None,
                phone[1],
                "",
            )
        )
        if len(batch) >= BATCH:
            _flush_workers(w, Worker, batch)
            bar.advance(len(batch))
            batch = []
    _flush_workers(w, Worker, batch)
    bar.advance(len(batch))
    bar.close()

    # Received moments over five years, growing year on year; ids follow time as in real use.
    moments = sorted(
        first_day + dt.timedelta(seconds=(365 * YEARS * 86400) * (rng.random() ** 0.8))
        for _ in range(cases)
    )
    status_old, status_recent = weighted(rng, STATUS_OLD), weighted(rng, STATUS_RECENT)
    channel, category = weighted(rng, CHANNELS), weighted(rng, CATEGORIES)
    tracks_of = weighted(rng, TRACKS)
    year_counts: dict[int, int] = {}
    case_id0 = w.next_id(Case)
    ids = {m: w.next_id(m) for m in (Claimant, ClaimItem, CaseEvent, Clock, Assignment, Incident)}
    counts = dict.fromkeys(
        ("claimants", "claims", "events", "clocks", "assignments", "incidents"), 0
    )
    bar = Progress("cases", cases)
    rows: dict[str, list] = {k: [] for k in counts} | {"cases": []}
    for i, received in enumerate(moments):
        cid = case_id0 + i
        year = timezone.localtime(received).year
        year_counts[year] = year_counts.get(year, 0) + 1
        number = f"BX{year}-{year_counts[year]:06d}"
        age = now - received
        status = status_recent() if age < dt.timedelta(days=60) else status_old()
        ch, cat = channel(), category()
        village = rng.choices(villages, village_weights)[0]
        has_employer = rng.random() < 0.92
        # Most employers appear a few times; the biggest hundredth of them in a fifth of cases.
        big = rng.random() < 0.2
        e_index = rng.randrange(max(n_employers // 100, 1) if big else n_employers)
        employer_id = employer_id0 + e_index if has_employer else None
        employer = employer_names[e_index] if has_employer else ""
        r = rng.random()
        n_claimants = 1 if r < 0.85 else rng.randint(2, 5) if r < 0.98 else rng.randint(10, 40)
        collective = n_claimants >= 10 and has_employer
        worker_idx = {rng.randrange(n_workers) for _ in range(n_claimants)}
        names = [worker_names[k] for k in worker_idx]
        amount = Decimal(rng.randint(20, 2000) * 100)
        summary = SUMMARIES[cat].format(
            w=names[0],
            e=employer or "某个体工商户",
            job=rng.choice(JOBS),
            m=rng.randint(1, 8),
            y=rng.randint(1, 6),
            a=amount,
        )
        accepted = status in ("accepted", "handling", "resolved", "unresolved", "closed")
        concluded = status in ("resolved", "unresolved", "closed")
        tracks = tracks_of() if accepted else []
        lead = (
            departments.get((TRACK_LEAD[tracks[0]], village.street_id))
            or departments.get((TRACK_LEAD[tracks[0]], None))
            if tracks
            else None
        )
        registered_at = received + dt.timedelta(minutes=rng.randint(5, 90))
        accepted_at = received + dt.timedelta(days=rng.randint(0, 4), hours=2) if accepted else None
        concluded_at = (
            min(accepted_at + dt.timedelta(days=rng.randint(1, 40)), now) if concluded else None
        )
        closed_at = (
            min(concluded_at + dt.timedelta(days=rng.randint(0, 10)), now)
            if status == "closed"
            else None
        )
        search_text = " ".join(p for p in [number, employer, *names, summary] if p)[:4000]
        rows["cases"].append(
            (
                cid,
                w.dt(received),
                w.dt(closed_at or concluded_at or accepted_at or registered_at),
                number,
                status,
                ch,
                cat,
                summary,
                village.pk,
                employer_id,
                w.dt(received),
                w.dt(registered_at) if status != "received" else None,
                w.dt(accepted_at),
                w.dt(concluded_at),
                w.dt(closed_at),
                collective,
                len(names),
                amount,
                n_claimants if collective else 0,
                False,
                False,
                "street" if collective else "village",
                lead,
                json.dumps([]),
                json.dumps(tracks, ensure_ascii=False),
                "default" if accepted else "",
                # outcome: a closed case's timeline below moves it from resolved.
                {"resolved": "resolved", "closed": "resolved", "unresolved": "unresolved"}.get(
                    status, ""
                ),
                "调解成功，双方签订调解协议。" if status == "resolved" else "",
                amount if status in ("resolved", "closed") else None,
                search_text,
                1,
                rng.choice(clerks) if clerks else None,
            )
        )
        for rep, k in enumerate(sorted(worker_idx)):
            rows["claimants"].append(
                (
                    ids[Claimant],
                    cid,
                    worker_id0 + k,
                    collective and rep == 0,
                    worker_names[k],
                    *worker_phones[k],
                    "",
                    False,
                )
            )
            ids[Claimant] += 1
        for item in CLAIM_ITEMS[cat][: rng.randint(1, 2)]:
            rows["claims"].append((ids[ClaimItem], cid, item, amount))
            ids[ClaimItem] += 1
        # The timeline: received, registered, then what acceptance and the tracks wrote.
        timeline = [(received, "transition", "", "", "received", f"接待：{ch}")]
        if status != "received":
            timeline.append((registered_at, "transition", "", "received", "registered", "登记"))
        if status in ("answered", "declined"):
            timeline.append(
                (registered_at, "transition", "", "registered", status, "咨询答复或不予受理")
            )
        if accepted:
            timeline.append((accepted_at, "transition", "", "registered", "accepted", "受理"))
            timeline.append((accepted_at, "triage", "", "", "", f"分流：{'、'.join(tracks)}"))
            timeline.append((accepted_at, "assign", "", "", "", "指派承办人"))
            for k in range(rng.randint(0, 3)):
                at = accepted_at + dt.timedelta(hours=6 * (k + 1))
                timeline.append((min(at, now), "track", tracks[0], "", "", "调解/调查记录"))
        if concluded:
            timeline.append((concluded_at, "transition", "", "handling", status, "化解"))
        if closed_at:
            timeline.append((closed_at, "transition", "", "resolved", "closed", "结案"))
        for at, kind, track, old, new, text in timeline:
            rows["events"].append(
                (ids[CaseEvent], cid, w.dt(at), None, kind, track, old, new, text, "", "{}")
            )
            ids[CaseEvent] += 1
        if accepted:
            due = accepted_at + dt.timedelta(days=9)  # 7 working days, as clocks.py computes
            met = concluded_at if concluded else None
            overdue_flag = w.dt(due) if (met is None and due < now - dt.timedelta(days=1)) else None
            clocks = [("resolve_7_workdays", "", "7个工作日化解", due, "workdays", 7)]
            if "mediation" in tracks:
                due15 = accepted_at + dt.timedelta(days=15)
                clocks.append(
                    ("mediation_15_days", "mediation", "调解15日", due15, "calendar_days", 15)
                )
            for kind, track, label, due_at, unit, length in clocks:
                rows["clocks"].append(
                    (
                        ids[Clock],
                        cid,
                        village.pk,
                        kind,
                        track,
                        label,
                        "劳动争议调解仲裁法第十四条",
                        w.dt(accepted_at),
                        w.dt(due_at),
                        w.dt(met),
                        None,
                        overdue_flag,
                        False,
                        1,
                        unit,
                        length,
                        0,
                        0,
                        False,
                        "",
                    )
                )
                ids[Clock] += 1
            duty, pool = duty_pool[tracks[0]]
            if pool:
                rows["assignments"].append(
                    (ids[Assignment], cid, rng.choice(pool), duty, True, w.dt(accepted_at))
                )
                ids[Assignment] += 1
        if ch == "police_110":
            rows["incidents"].append(
                (
                    ids[Incident],
                    w.dt(received),
                    w.dt(received),
                    f"BJ{year}{ids[Incident]:09d}",
                    "platform",
                    "police110",
                    "closed" if status != "received" else "open",
                    w.dt(received - dt.timedelta(minutes=20)),
                    names[0],
                    rng.choice(phone_pool),
                    "138****0000",
                    f"{village.street.name}{village.name}",
                    village.pk,
                    n_claimants,
                    cat,
                    summary,
                    cid,
                    w.dt(received + dt.timedelta(hours=3)) if status != "received" else None,
                    None,
                    1,
                )
            )
            ids[Incident] += 1
        if len(rows["cases"]) >= BATCH or i == cases - 1:
            _flush_cases(w, rows)
            for k in counts:
                counts[k] += len(rows[k])
            bar.advance(len(rows["cases"]))
            rows = {k: [] for k in rows}
    bar.close()
    return counts, year_counts


def _flush_employers(w: Writer, model, batch) -> None:
    w.write(
        model,
        [
            "id",
            "created_at",
            "updated_at",
            "name",
            "credit_code",
            "registration_number",
            "legal_representative",
            "phone_cipher",
            "phone_masked",
            "address",
            "village_id",
        ],
        batch,
    )


def _flush_workers(w: Writer, model, batch) -> None:
    w.write(
        model,
        [
            "id",
            "created_at",
            "updated_at",
            "name",
            "id_number_cipher",
            "id_number_hash",
            "id_number_masked",
            "phone_cipher",
            "phone_hash",
            "phone_masked",
            "address",
        ],
        batch,
    )


def _flush_cases(w: Writer, rows: dict) -> None:
    from jiefen.cases.models import Assignment, Case, CaseEvent, Claimant, ClaimItem, Clock
    from jiefen.dispatch.models import Incident

    w.write(
        Case,
        [
            "id",
            "created_at",
            "updated_at",
            "number",
            "status",
            "channel",
            "category",
            "summary",
            "village_id",
            "employer_id",
            "received_at",
            "registered_at",
            "accepted_at",
            "concluded_at",
            "closed_at",
            "collective",
            "claimant_count",
            "claim_total",
            "people_gathered",
            "extreme_behaviour",
            "suspected_extortion",
            "level",
            "lead_department_id",
            "assisting_kinds",
            "tracks",
            "triage_rule",
            "outcome",
            "outcome_note",
            "amount_recovered",
            "search_text",
            "version",
            "created_by_id",
        ],
        rows["cases"],
    )
    w.write(
        Claimant,
        [
            "id",
            "case_id",
            "worker_id",
            "representative",
            "name",
            "phone_cipher",
            "phone_masked",
            "phone_hash",
            "claimed",
        ],
        rows["claimants"],
    )
    w.write(ClaimItem, ["id", "case_id", "item", "amount"], rows["claims"])
    w.write(
        CaseEvent,
        [
            "id",
            "case_id",
            "at",
            "actor_id",
            "kind",
            "track",
            "old_status",
            "new_status",
            "summary",
            "note",
            "data",
            "message",
            "params",
        ],
        # Seeded entries are plain text (their summary), as entries written before messages
        # were stored as data: no message code, no parameters.
        [(*row, "", "{}") for row in rows["events"]],
    )
    w.write(
        Clock,
        [
            "id",
            "case_id",
            "village_id",
            "kind",
            "track",
            "label",
            "basis",
            "started_at",
            "due_at",
            "met_at",
            "paused_at",
            "overdue_notified_at",
            "cancelled",
            "seq",
            "unit",
            "length",
            "days_paused",
            "days_extended",
            "provisional",
            "pause_reason",
        ],
        rows["clocks"],
    )
    w.write(
        Assignment,
        ["id", "case_id", "user_id", "duty", "active", "assigned_at"],
        rows["assignments"],
    )
    w.write(
        Incident,
        [
            "id",
            "created_at",
            "updated_at",
            "incident_no",
            "source",
            "sender",
            "status",
            "received_at",
            "caller_name",
            "caller_phone_cipher",
            "caller_phone_masked",
            "address",
            "village_id",
            "people_involved",
            "category",
            "description",
            "case_id",
            "closed_at",
            "created_by_id",
            "version",
        ],
        rows["incidents"],
    )


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would gather them after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
