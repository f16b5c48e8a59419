"""One dispute, one case: what a dispute just received may belong to, and what a clerk does
about it.

At every intake (`case_create`, which the window, the API, the portal, 110, letters, the
exchange, inspection complaints and warnings all reach) `case_related_find` looks for:

(a) the same worker (same identity number, or the same phone when no number was given) on an
    open case: a duplicate, which the clerk may link or merge (one number, both timelines);
(b) the same employer (the same record or credit code, or the same name once normalised) with
    open cases received in the last 30 days: related;
(c) ten or more workers against one employer with the same claims (category) within those 30
    days, each on a case of their own: a proposed collective case (集体争议), which the clerk
    confirms with 3–5 representatives (《浙江省劳动人事争议调解仲裁条例》第四十条、第四十一条).

The window is the repeated-complaint warning's (outreach reads `RELATED_WINDOW_DAYS`): that
warning tells the grid an employer draws complaints; this tells the clerk which cases are one
dispute. Nothing is linked or merged by the code: it suggests, a person decides, and every merge
can be split again with both timelines intact."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.cases import policies as P
from jiefen.cases.choices import (
    COLLECTIVE_REPRESENTATIVES,
    COLLECTIVE_THRESHOLD,
    RELATED_WINDOW_DAYS,
    EventKind,
    LinkKind,
    LinkState,
    ProposalState,
)
from jiefen.cases.clocks import clock_cancel, clock_restore
from jiefen.cases.models import (
    Case,
    CaseEvent,
    CaseLink,
    Claimant,
    Clock,
    CollectiveProposal,
)
from jiefen.cases.timeline import case_events_write
from jiefen.cases.transitions import OPEN_STATUSES
from jiefen.core.exceptions import ConflictError
from jiefen.core.messages import Message, Plural, event_text_fields, phrase
from jiefen.core.policy import guarded, internal
from jiefen.parties.models import Employer

RELATED_WINDOW = dt.timedelta(days=RELATED_WINDOW_DAYS)
# A link's reason is kept as source text (a catalogue phrase) and shown in the reader's language;
# this one names the window, so it must change with it.
SAME_EMPLOYER_REASON = N_("同一用人单位30日内有未结案件")
assert str(RELATED_WINDOW_DAYS) in SAME_EMPLOYER_REASON
# At most this many related cases are suggested for one intake (the most recent first).
RELATED_LIMIT = 20
LINK_DECISIONS = {"link": LinkState.CONFIRMED, "dismiss": LinkState.DISMISSED}


class LinkChangedMeanwhile(ConflictError):
    code = "stale"

    def __init__(self) -> None:
        super().__init__(_("该关联已被他人处理，您的操作未保存，请刷新后重试。"))


def _open_cases() -> QuerySet[Case]:
    """Cases still being worked, each under its own number (not merged into another)."""
    return Case.objects.filter(status__in=OPEN_STATUSES, merged_into__isnull=True)


def _employer_name_key(name: str) -> str:
    """An employer's name as compared: full-width forms folded (NFKC), spaces and dots gone."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "·.,，、")


def _name_variants(name: str) -> set[str]:
    """The spellings under which the same name is usually typed (brackets full- or half-width,
    spaces), for an indexed lookup; `_employer_name_key` confirms each match."""
    base = "".join((name or "").split())
    half = base.replace("（", "(").replace("）", ")")
    full = base.replace("(", "（").replace(")", "）")
    return {v for v in {name, name.strip(), base, half, full} if v}


# The parameters of a statement written as SQL text (the window's datetimes adapted first).
_Params = list[int | str | None]


def _same_employer_names(employer: Employer) -> list[str]:
    """The spellings asked for: those whose normalised form is the employer's name's."""
    key = _employer_name_key(employer.name)
    return sorted(v for v in _name_variants(employer.name) if _employer_name_key(v) == key)


def _same_employer(employer: Employer) -> QuerySet[Employer]:
    """The employer records that are this employer: itself (one record per credit code), and
    those whose name is the same once normalised where one of the two has no credit code (two
    different codes are two legal persons, a branch and its head office, whatever their names).

    A filter for the database to apply where the records are used (a subquery): only the
    spellings whose normalised form is the name's are asked for, so a record found by one of
    them is the same name once normalised. `_same_employer_sql` is the same rule as SQL text."""
    names = Q(name__in=_same_employer_names(employer))
    if employer.credit_code:
        names &= Q(credit_code__isnull=True) | Q(credit_code="")
    return Employer.objects.filter(Q(pk=employer.pk) | names)


def _same_employer_sql(employer: Employer) -> tuple[str, _Params]:
    """`_same_employer` as SQL text with its parameters, for `_found`: a subquery of the records'
    ids. Change the two together (test_related_found compares `_found` with the ORM's answer)."""
    names = _same_employer_names(employer)
    where = "e.id = %s"
    params: _Params = [employer.pk, *names]
    if names:
        no_code = (
            " AND (e.credit_code IS NULL OR e.credit_code = '')" if employer.credit_code else ""
        )
        where += f" OR (e.name IN ({_marks(names)}){no_code})"
    return f"SELECT e.id FROM parties_employer e WHERE {where}", params


def _marks(values: list) -> str:
    """The placeholders of an IN list of `values` (never empty: `IN ()` is no SQL)."""
    assert values
    return ", ".join(["%s"] * len(values))


# ---------------------------------------------------------------------------------------------
# Finding, at intake
# ---------------------------------------------------------------------------------------------


def _window(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Received within 30 days of `moment` either way: a paper record entered late is compared
    with the cases of its own month, not with today's."""
    return moment - RELATED_WINDOW, moment + RELATED_WINDOW


def _collective_members(
    case: Case, employers: QuerySet[Employer], now: dt.datetime
) -> QuerySet[Case]:
    """Open cases against the employer with the same claims within the window, each not itself
    a collective case already."""
    return _open_cases().filter(
        employer_id__in=employers,
        category=case.category,
        received_at__range=_window(now),
        collective=False,
    )


def _workers_on(cases: QuerySet[Case]) -> int:
    return Claimant.objects.filter(case__in=cases).values("worker_id").distinct().count()


def _open_proposals(case: Case, employers: QuerySet[Employer]) -> QuerySet[CollectiveProposal]:
    return CollectiveProposal.objects.filter(
        employer_id__in=employers, category=case.category, state=ProposalState.PROPOSED
    )


# What each row of `_found`'s query is: (kind, id, received_at, workers); 0 workers where unused.
_BY_ID, _BY_PHONE, _RELATED, _COLLECTIVE = 1, 2, 3, 4


@dataclass
class _Found:
    duplicates: dict[int, str] = field(default_factory=dict)  # case id -> the reason
    related: list[int] = field(default_factory=list)  # the most recent first
    proposal_id: int | None = None  # the open proposal for the employer and claims, if any
    workers: int = 0  # the workers on the open cases that would make the collective dispute


def _found(
    case: Case, claimants: list[Claimant], employer: Employer | None, now: dt.datetime
) -> _Found:
    """What a case just received may belong to, in one query (a UNION ALL of one part per
    question, each on its own index):

    - duplicates: open cases of the same worker, by identity number (one person on file per
      number), or by the phone given when no number was;
    - related: the other open cases against the same employer (`_same_employer`) within the
      window, the most recent first (at most RELATED_LIMIT), duplicates left out;
    - collective: the open proposal for the employer and claims (read without its lock: the
      caller locks it) and how many workers the open cases against the employer with the same
      claims name, this case's included.

    Written as SQL text with parameters, not built with the ORM: it runs at every intake, and
    compiling that expression tree (the casts, the CASE, the subqueries, the employer's
    subquery three times) took Django about 4 ms on every call: 5.6 ms a call at a million
    cases, 1.4 ms as text, about 1 of it PostgreSQL planning and running it (issue 20). The
    text is a few fixed parts, present or not, with `%s` parameters; the tables and columns are
    named as Django names them (a renamed one fails every intake test, on both databases). The
    ORM's version is kept as the tests' reference (jiefen/cases/tests/test_related_found.py)."""
    with_id = [c.worker_id for c in claimants if c.worker.id_number_hash]
    phones = [c.phone_hash for c in claimants if not c.worker.id_number_hash and c.phone_hash]
    # Where a queryset of cases would read: in the intake's transaction, the primary.
    connection = connections[router.db_for_read(Case)]
    statuses = sorted(str(s) for s in OPEN_STATUSES)
    # The other open cases (`_open_cases`, this one left out), as `o`.
    others = f"o.status IN ({_marks(statuses)}) AND o.merged_into_id IS NULL AND o.id <> %s"
    others_params: _Params = [*statuses, case.pk]
    # The same worker, as `w` (a claimant): by identity number, or by a phone given without one.
    same_worker = ""
    worker_params: _Params = []
    if with_id:
        same_worker, worker_params = f"w.worker_id IN ({_marks(with_id)})", [*with_id]
    if phones:
        same_worker += (" OR " if same_worker else "") + f"w.phone_hash IN ({_marks(phones)})"
        worker_params += phones
    parts: list[str] = []
    params: _Params = []
    if same_worker:
        # Duplicates: the same worker's claimants on the other open cases (a case may come
        # twice). A typed NULL for the unused time: PostgreSQL types two bare NULLs as text.
        kind_of = (
            f"CASE WHEN w.worker_id IN ({_marks(with_id)}) THEN {_BY_ID} ELSE {_BY_PHONE} END"
            if with_id
            else str(_BY_PHONE)
        )
        parts.append(
            f"SELECT {kind_of}, w.case_id, CAST(NULL AS TIMESTAMP), 0 FROM cases_claimant w"
            f" WHERE ({same_worker}) AND w.case_id IN (SELECT o.id FROM cases_case o WHERE {others})"
        )
        params += [*with_id, *worker_params, *others_params]
    if employer is not None:
        employers, employers_params = _same_employer_sql(employer)
        window = [connection.ops.adapt_datetimefield_value(t) for t in _window(now)]
        # Related: the most recent other open cases against the employer within the window, the
        # same worker's left out (they are duplicates).
        related = f"{others} AND o.employer_id IN ({employers}) AND o.received_at BETWEEN %s AND %s"
        if same_worker:
            related += (
                f" AND NOT (o.id IN (SELECT w.case_id FROM cases_claimant w WHERE {same_worker}))"
            )
        parts.append(
            f"SELECT {_RELATED}, r.id, r.received_at, 0 FROM cases_case r WHERE r.id IN ("
            f"SELECT o.id FROM cases_case o WHERE {related}"
            f" ORDER BY o.received_at DESC, o.id DESC LIMIT {RELATED_LIMIT})"
        )
        params += [*others_params, *employers_params, *window, *worker_params]
        if not case.collective:
            # Collective: the open proposal for the employer and claims (`_open_proposals`, in
            # its model's order), and the workers on the open cases that would make the
            # collective dispute (`_collective_members`, as `m`), this case's included.
            members = (
                f"m.status IN ({_marks(statuses)}) AND m.merged_into_id IS NULL"
                f" AND m.employer_id IN ({employers}) AND m.category = %s"
                " AND m.received_at BETWEEN %s AND %s AND NOT m.collective"
            )
            parts.append(
                f"SELECT {_COLLECTIVE}, (SELECT p.id FROM cases_collectiveproposal p"
                f" WHERE p.employer_id IN ({employers}) AND p.category = %s AND p.state = %s"
                " ORDER BY p.found_at DESC, p.id DESC LIMIT 1), c.received_at,"
                " (SELECT COUNT(DISTINCT w.worker_id) FROM cases_claimant w"
                f" WHERE w.case_id IN (SELECT m.id FROM cases_case m WHERE {members}))"
                " FROM cases_case c WHERE c.id = %s"
            )
            category = str(case.category)
            params += [*employers_params, category, str(ProposalState.PROPOSED)]
            params += [*statuses, *employers_params, category, *window, case.pk]
    found = _Found()
    if not parts:
        return found
    # By kind, and the related cases the most recent first (as the LIMIT chose them), ordered
    # here because a raw cursor gives the times as text on SQLite.
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 3 DESC, 2 DESC"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    duplicates: list[tuple[int, int]] = []
    for kind, pk, _at, n in rows:
        if kind in (_BY_ID, _BY_PHONE):
            duplicates.append((pk, kind))
        elif kind == _RELATED:
            found.related.append(pk)
        else:
            found.proposal_id, found.workers = pk, n
    # By case; a case found both ways by identity number, the stronger reason.
    for pk, kind in sorted(duplicates):
        found.duplicates.setdefault(
            pk,
            N_("同一劳动者（身份证号相同）有未结案件")
            if kind == _BY_ID
            else N_("同一劳动者（未登记身份证号，联系电话相同）有未结案件"),
        )
    return found


def _collective_propose(
    case: Case, employers: QuerySet[Employer], now: dt.datetime, found: _Found
) -> CollectiveProposal | None:
    """Add the case to the open proposal for its employer and claims, or open one when ten or
    more workers have come; a proposal dismissed within the window is not raised again."""
    employer = case.employer
    if case.collective or employer is None:
        return None
    open_ones = _open_proposals(case, employers).select_for_update()
    # Locked before it is added to: a concurrent intake for the same dispute waits, and counts
    # the workers with this case's. Decided meanwhile, it is no longer open.
    proposal = (
        open_ones.filter(pk=found.proposal_id).first() if found.proposal_id is not None else None
    )
    members = _collective_members(case, employers, now)
    if proposal is None:
        if found.workers < COLLECTIVE_THRESHOLD:
            return None
        if CollectiveProposal.objects.filter(
            employer_id__in=employers,
            category=case.category,
            state=ProposalState.DISMISSED,
            decided_at__gte=now - RELATED_WINDOW,
        ).exists():
            return None
        try:
            with transaction.atomic():
                proposal = CollectiveProposal.objects.create(
                    employer=employer, category=case.category, found_at=now
                )
        except IntegrityError:
            # Another intake for the same employer opened it a moment ago.
            proposal = open_ones.first()
            if proposal is None:
                return None
    proposal.cases.add(*members)
    workers = _workers_on(proposal.cases.filter(merged_into__isnull=True))
    CollectiveProposal.objects.filter(pk=proposal.pk).update(worker_count=workers)
    proposal.worker_count = workers
    return proposal


@internal
def case_related_find(
    *,
    case: Case,
    actor=None,
    now: dt.datetime | None = None,
    claimants: list[Claimant] | None = None,
) -> list[CaseLink]:
    """Look for what a case just received may belong to (duplicates, related cases, a collective
    dispute) and record the suggestions, with one entry on the case's timeline. `claimants`: the
    case's claimants with their workers, when the caller has just written them."""
    now = now or timezone.now()
    if claimants is None:
        claimants = list(case.claimants.select_related("worker"))
    employers = _same_employer(case.employer) if case.employer is not None else None
    found = _found(case, claimants, case.employer, now)
    duplicates, related = found.duplicates, found.related
    links = [
        CaseLink(case=case, other_id=other_id, kind=LinkKind.DUPLICATE, reason=reason, found_at=now)
        for other_id, reason in duplicates.items()
    ] + [
        CaseLink(
            case=case,
            other_id=other_id,
            kind=LinkKind.RELATED,
            reason=SAME_EMPLOYER_REASON,
            found_at=now,
        )
        for other_id in related
    ]
    CaseLink.objects.bulk_create(links, ignore_conflicts=True)
    proposal = _collective_propose(case, employers, now, found) if employers is not None else None
    if links or proposal:
        parts: list[Plural] = []
        if duplicates:
            parts.append(Plural(N_("疑似重复%(n)s件"), N_("疑似重复%(n)s件"), len(duplicates)))
        if related:
            text = N_("同一用人单位案件%(n)s件")
            parts.append(Plural(text, text, len(related)))
        if proposal:
            text = N_("提议合并为集体争议（%(n)s名劳动者）")
            parts.append(Plural(text, text, proposal.worker_count))
        case_events_write(
            CaseEvent(
                case=case,
                at=now,
                actor=actor,
                kind=EventKind.LINK,
                note=N_("待工作人员确认，系统不会自动合并"),
                **event_text_fields(phrase(N_("可能相关：%(parts)s"), parts=parts)),
                data={
                    "duplicates": sorted(duplicates),
                    "related": related,
                    "proposal": proposal.pk if proposal else None,
                },
            )
        )
    return links


# ---------------------------------------------------------------------------------------------
# Deciding, by a clerk
# ---------------------------------------------------------------------------------------------


def _event(case_id: int, *, actor, summary: Message, note: str = "", data: dict) -> None:
    CaseEvent.objects.create(
        case_id=case_id,
        at=timezone.now(),
        actor=actor,
        kind=EventKind.LINK,
        note=note,
        data=data,
        **event_text_fields(summary),
    )


@guarded(P.LINK, on="link")
@transaction.atomic
def case_link_decide(*, link: CaseLink, actor, decision: str, note: str = "") -> CaseLink:
    """Confirm a suggested link (关联) or dismiss it (排除); a second submit of the same decision
    changes nothing."""
    if decision not in LINK_DECISIONS:
        raise ValidationError({"decision": [_("未知操作")]})
    target = LINK_DECISIONS[decision]
    now = timezone.now()
    moved = (
        CaseLink.objects.filter(pk=link.pk, state=LinkState.SUGGESTED)
        .exclude(kind=LinkKind.MERGED)
        .update(state=target, decided_by=actor, decided_at=now)
    )
    if not moved:
        link.refresh_from_db()
        if link.state == target and link.kind != LinkKind.MERGED:
            return link
        raise LinkChangedMeanwhile()
    link.state, link.decided_by, link.decided_at = target, actor, now
    text = (
        N_("确认关联：%(number)s（%(kind)s）")
        if decision == "link"
        else N_("排除关联：%(number)s（%(kind)s）")
    )
    _event(
        link.case_id,
        actor=actor,
        summary=phrase(text, number=link.other.number, kind=LinkKind(link.kind)),
        note=note,
        data={"link": link.pk, "other": link.other_id, "decision": decision},
    )
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=link.case,
        summary=f"{'确认关联' if decision == 'link' else '排除关联'} "
        f"{link.case.number} → {link.other.number}",
    )
    return link


def _recount(primary: Case) -> None:
    """The people on a case with the cases merged into it (a collective case counts them all)."""
    cases = Case.objects.filter(Q(pk=primary.pk) | Q(merged_into=primary))
    count = _workers_on(cases)
    Case.objects.filter(pk=primary.pk).update(
        claimant_count=count, version=F("version") + 1, updated_at=timezone.now()
    )
    primary.claimant_count = count
    primary.version += 1


@internal
def case_merge_into(*, case: Case, into: Case, link: CaseLink, actor, note: str = "") -> None:
    """Merge `case` into `into` along `link`: `case` keeps its record and timeline, shown under
    `into`'s number; the callers check who may."""
    if case.pk == into.pk:
        raise ValidationError({"link": [_("不能并入本案")]})
    if into.merged_into_id or into.status not in OPEN_STATUSES:
        raise ConflictError(_("%(n)s已结束办理或已并入其他案件，不能再并入") % {"n": into.number})
    if Case.objects.filter(merged_into=case).exists():
        raise ConflictError(_("%(n)s已有并入的案件，请先拆分后再合并") % {"n": case.number})
    now = timezone.now()
    moved = Case.objects.filter(
        pk=case.pk, merged_into__isnull=True, status__in=OPEN_STATUSES
    ).update(merged_into=into, version=F("version") + 1, updated_at=now)
    if not moved:
        raise ConflictError(_("%(n)s已结束办理或已并入其他案件，不能合并") % {"n": case.number})
    case.merged_into = into
    # The case it joined keeps time now; the merged case's own clocks are withdrawn, and given
    # back by a split.
    withdrawn = []
    for clock in Clock.objects.filter(case=case, met_at__isnull=True, cancelled=False):
        clock_cancel(clock=clock, actor=actor, reason=f"并入案件 {into.number}")
        withdrawn.append(clock.pk)
    CaseLink.objects.filter(pk=link.pk).update(
        clocks_withdrawn=withdrawn,
        representatives_before=list(
            Claimant.objects.filter(case=case, representative=True).values_list("pk", flat=True)
        ),
        kind_before_merge=link.kind,
        kind=LinkKind.MERGED,
        state=LinkState.CONFIRMED,
        decided_by=actor,
        decided_at=now,
    )
    link.kind_before_merge, link.kind, link.state = link.kind, LinkKind.MERGED, LinkState.CONFIRMED
    data = {"link": link.pk, "case": case.pk, "into": into.pk}
    _event(
        case.pk,
        actor=actor,
        summary=phrase(N_("并入案件 %(number)s"), number=into.number),
        note=note,
        data=data,
    )
    _event(
        into.pk,
        actor=actor,
        summary=phrase(N_("合并案件 %(number)s（其办理记录一并显示于本案）"), number=case.number),
        note=note,
        data=data,
    )
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=case,
        summary=f"合并 {case.number} → {into.number}",
    )


@guarded(P.LINK, on="link")
@transaction.atomic
def case_merge(*, link: CaseLink, actor, note: str = "") -> Case:
    """Merge a duplicate into the earlier case: one number, both timelines. A second submit
    finds it merged and changes nothing."""
    link.refresh_from_db()
    if link.kind == LinkKind.MERGED:
        return link.other
    if link.kind != LinkKind.DUPLICATE:
        raise ValidationError(
            {"link": [_("只有疑似重复的案件可以合并；同一用人单位的案件请关联或合并为集体争议")]}
        )
    case_merge_into(case=link.case, into=link.other, link=link, actor=actor, note=note)
    return link.other


@guarded(P.LINK, on="link")
@transaction.atomic
def case_split(*, link: CaseLink, actor, note: str) -> Case:
    """Undo a merge (拆分): the case has its own number again, both timelines as they were, the
    link kept as it was before the merge. A second submit changes nothing."""
    if not note.strip():
        raise ValidationError({"note": [_("拆分须填写理由")]})
    now = timezone.now()
    moved = Case.objects.filter(pk=link.case_id, merged_into_id=link.other_id).update(
        merged_into=None, version=F("version") + 1, updated_at=now
    )
    link.refresh_from_db()
    if not moved:
        if link.kind != LinkKind.MERGED:
            return link.case  # split a moment ago
        raise LinkChangedMeanwhile()
    before = link.kind_before_merge or LinkKind.DUPLICATE
    for clock in Clock.objects.filter(case_id=link.case_id, pk__in=link.clocks_withdrawn):
        clock_restore(clock=clock, actor=actor, reason=f"从案件 {link.other.number} 拆分")
    if link.representatives_before is not None:
        # A collective confirmation chose the representatives of all its cases: the case split
        # off is represented again by those who represented it.
        claimants = Claimant.objects.filter(case_id=link.case_id)
        claimants.exclude(pk__in=link.representatives_before).update(representative=False)
        claimants.filter(pk__in=link.representatives_before).update(representative=True)
    CaseLink.objects.filter(pk=link.pk).update(
        kind=before,
        kind_before_merge="",
        clocks_withdrawn=[],
        representatives_before=None,
        decided_by=actor,
        decided_at=now,
    )
    link.kind, link.kind_before_merge = before, ""
    data = {"link": link.pk, "case": link.case_id, "from": link.other_id}
    _event(
        link.case_id,
        actor=actor,
        summary=phrase(N_("从案件 %(number)s 拆分"), number=link.other.number),
        note=note,
        data=data,
    )
    _event(
        link.other_id,
        actor=actor,
        summary=phrase(N_("拆分出案件 %(number)s"), number=link.case.number),
        note=note,
        data=data,
    )
    other = Case.objects.get(pk=link.other_id)
    if other.collective:
        _recount(other)
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=link.case,
        summary=f"拆分 {link.case.number} ← {link.other.number}",
    )
    return Case.objects.get(pk=link.case_id)


@guarded(P.COLLECTIVE, on="proposal")
@transaction.atomic
def collective_confirm(
    *, proposal: CollectiveProposal, actor, representatives: list[int], note: str = ""
) -> Case:
    """Confirm a proposed collective case: its cases are merged into the earliest, which becomes
    the collective case (集体争议, handled first: triage hands it to the governance section at
    acceptance), with 3–5 representatives chosen from its workers. A second submit changes
    nothing."""
    lo, hi = COLLECTIVE_REPRESENTATIVES
    members = list(
        proposal.cases.filter(status__in=OPEN_STATUSES, merged_into__isnull=True).order_by(
            "received_at", "id"
        )
    )
    claimants = Claimant.objects.filter(case__in=members, pk__in=representatives)
    chosen_workers = set(claimants.values_list("worker_id", flat=True))
    now = timezone.now()
    moved = CollectiveProposal.objects.filter(pk=proposal.pk, state=ProposalState.PROPOSED)
    if not moved.exists():
        proposal.refresh_from_db()
        if proposal.state == ProposalState.CONFIRMED and proposal.primary is not None:
            return proposal.primary
        raise ConflictError(_("该集体争议提议已被处理，请刷新后查看。"))
    errors = []
    if len(set(representatives)) != len(chosen_workers) or not lo <= len(chosen_workers) <= hi:
        errors.append(_("请从本提议的劳动者中推举%(lo)d至%(hi)d名代表人") % {"lo": lo, "hi": hi})
    if not members or _workers_on(Case.objects.filter(pk__in=[m.pk for m in members])) < (
        COLLECTIVE_THRESHOLD
    ):
        errors.append(
            _("未结案件中的劳动者不足%(n)d人，不构成集体争议") % {"n": COLLECTIVE_THRESHOLD}
        )
    if errors:
        raise ValidationError({"representatives": errors})
    primary = members[0]
    if not moved.update(
        state=ProposalState.CONFIRMED,
        primary=primary,
        decided_by=actor,
        decided_at=now,
        note=note,
    ):
        raise ConflictError(_("该集体争议提议已被处理，请刷新后查看。"))
    for member in members[1:]:
        link, _created = CaseLink.objects.get_or_create(
            case=member,
            other=primary,
            defaults={
                "kind": LinkKind.RELATED,
                "reason": N_("集体争议提议"),
                "found_at": proposal.found_at,
            },
        )
        case_merge_into(case=member, into=primary, link=link, actor=actor, note=note)
    Claimant.objects.filter(case__in=members).exclude(pk__in=claimants).update(representative=False)
    claimants.update(representative=True)
    proposal.representatives.set(claimants)
    Case.objects.filter(pk=primary.pk).update(collective=True)
    primary.collective = True
    _recount(primary)
    names = [c.shown_name for c in claimants.select_related("worker")]
    _event(
        primary.pk,
        actor=actor,
        summary=phrase(
            N_("确认集体争议：%(workers)s，代表人%(names)s，优先处理"),
            workers=Plural(N_("%(n)s名工人"), N_("%(n)s名工人"), primary.claimant_count),
            names=names,
        ),
        note=note,
        data={"proposal": proposal.pk, "cases": [m.pk for m in members]},
    )
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        obj=primary,
        summary=f"确认集体争议 {primary.number}（{len(members)}件合并）",
    )
    proposal.state, proposal.primary = ProposalState.CONFIRMED, primary
    return primary


@guarded(P.COLLECTIVE, on="proposal")
@transaction.atomic
def collective_dismiss(*, proposal: CollectiveProposal, actor, note: str) -> CollectiveProposal:
    """Decide the cases are not one collective dispute (with the reason); not proposed again for
    30 days. A second submit changes nothing."""
    if not note.strip():
        raise ValidationError({"note": [_("请填写不予合并的理由")]})
    now = timezone.now()
    moved = CollectiveProposal.objects.filter(pk=proposal.pk, state=ProposalState.PROPOSED).update(
        state=ProposalState.DISMISSED, decided_by=actor, decided_at=now, note=note
    )
    proposal.refresh_from_db()
    if not moved:
        if proposal.state == ProposalState.DISMISSED:
            return proposal
        raise ConflictError(_("该集体争议提议已被处理，请刷新后查看。"))
    first = proposal.cases.order_by("received_at", "id").first()
    if first is not None:
        _event(
            first.pk,
            actor=actor,
            summary=phrase(
                N_("不予合并为集体争议（%(cases)s）"),
                cases=Plural(N_("%(n)s件"), N_("%(n)s件"), proposal.cases.count()),
            ),
            note=note,
            data={"proposal": proposal.pk},
        )
    audit_record(
        action=AuditAction.CHANGE,
        actor=actor,
        object_type="cases.collectiveproposal",
        object_id=proposal.pk,
        summary=f"不予合并为集体争议 #{proposal.pk}",
    )
    return proposal
