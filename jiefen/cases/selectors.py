"""Reads of cases, always within the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, connections, router
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.accounts.notifications import unread_count_column, unread_count_known
from jiefen.audit.services import audit_head_column
from jiefen.cases.choices import LinkState, ProposalState
from jiefen.cases.clocks import (
    RUNNING_CLOCK_STATES,
    clock_decided_q,
    clock_state_days,
    clock_state_q,
)
from jiefen.cases.models import (
    Assignment,
    Case,
    CaseEvent,
    CaseLink,
    Claimant,
    Clock,
    CollectiveProposal,
)
from jiefen.cases.transitions import OPEN_STATUSES
from jiefen.core.messages import list_separator
from jiefen.geo.selectors import village_scope_q
from jiefen.workdays.services import calendar_read_with

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "number": "number",
    "-number": "-number",
    "status": "status",
    "-status": "-status",
    "claim_total": "claim_total",
    "-claim_total": "-claim_total",
}


@dataclass
class CaseFilters:
    status: str = ""
    category: str = ""
    channel: str = ""
    street: str = ""
    village: str = ""
    lead: str = ""  # department kind
    assignee: int | None = None
    overdue: bool = False
    collective: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    concluded_from: dt.date | None = None
    concluded_to: dt.date | None = None
    accepted_from: dt.date | None = None
    accepted_to: dt.date | None = None
    outcome: str = ""
    pending_on: dt.date | None = None  # pending at the start of that day
    handled_from: dt.date | None = None  # in hand during handled_from..handled_to
    handled_to: dt.date | None = None
    own_area: bool = False  # only the villages of one's scope, not cases assigned elsewhere
    clock: str = ""  # a clock kind, decided within clock_from..clock_to
    clock_from: dt.date | None = None
    clock_to: dt.date | None = None
    clock_result: str = ""  # on_time / late / either
    clock_state: str = ""  # with `clock`: cases whose clock of that kind is now in this state
    q: str = ""
    sort: str = "-received"


class HasBigram(Func):
    """The case's `search_text` holds this two-character word, asked of the bigram index
    (PostgreSQL, migration cases/0009): a two-character word has no trigram, so the trigram
    index cannot answer it. It narrows the rows; the LIKE beside it confirms them."""

    output_field = BooleanField()

    template = (
        "to_tsvector('simple', jiefen_bigrams(%(text)s)) @@ plainto_tsquery('simple', %(word)s)"
    )

    def __init__(self, word: str):
        super().__init__(F("search_text"), Value(word))

    @staticmethod
    def answers(word: str) -> bool:
        """Two characters, each a CJK ideograph or an ASCII letter or digit: what the text
        search parser keeps as it is (it would drop other signs, and an empty query matches
        nothing)."""
        return len(word) == 2 and all(
            "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalnum()) for ch in word
        )

    def as_sql(self, compiler, connection, **extra):
        (text, text_params), (word, word_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return self.template % {"text": text, "word": word}, (*text_params, *word_params)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def case_scope_q(user, *, one_row: bool = False) -> Q:
    """The cases a person may see: those of the villages in their scope, and any assigned to them
    (`one_row`: see `village_scope_q`)."""
    scope = village_scope_q(user, one_row=one_row)
    if scope == Q():
        return scope
    return scope | Q(pk__in=Assignment.objects.filter(user=user, active=True).values("case_id"))


def handled_in_q(start: dt.datetime, end: dt.datetime) -> Q:
    """In hand during [start, end): received within it, or received before it and neither
    concluded by its start nor left without a conclusion (answered, declined). The monthly
    report's major and collective cases and the reports' 在办集体争议 count these."""
    return Q(received_at__gte=start, received_at__lt=end) | (
        Q(received_at__lt=start)
        & (Q(concluded_at__gte=start) | Q(concluded_at__isnull=True, status__in=OPEN_STATUSES))
    )


def pending_at_q(moment: dt.datetime) -> Q:
    """Pending at `moment`: accepted before it and not concluded by it; a case reopened since is
    pending again (the reports' carried-over and backlog)."""
    return Q(accepted_at__lt=moment) & (
        Q(concluded_at__isnull=True) | Q(concluded_at__gte=moment) | Q(status__in=OPEN_STATUSES)
    )


def case_list_for_user(*, user) -> QuerySet[Case]:
    return Case.objects.filter(case_scope_q(user))


def party_scope_queries() -> dict:
    """For `parties`: the workers and employers a person may see, those on their cases."""
    return {
        # Linked as themselves: a link by identity number alone (an applicant's claim,
        # Claimant.claimed) shows nothing of the person on file and grants no reveal.
        "workers": lambda user: Q(
            pk__in=Claimant.objects.filter(
                case__in=case_list_for_user(user=user).values("pk"), claimed=False
            ).values("worker")
        ),
        "employers": lambda user: Q(pk__in=case_list_for_user(user=user).values("employer")),
    }


def overdue_clock_exists(now: dt.datetime | None = None) -> Exists:
    return Exists(
        Clock.objects.filter(
            case=OuterRef("pk"),
            met_at__isnull=True,
            cancelled=False,
            paused_at__isnull=True,
            due_at__lt=now or timezone.now(),
        )
    )


def case_list(*, user, filters: CaseFilters) -> QuerySet[Case]:
    # A case merged into another is listed under that case's number only (one dispute, one case).
    qs = case_list_for_user(user=user).filter(merged_into__isnull=True)
    f = filters
    if f.status:
        qs = qs.filter(status__in=f.status.split(","))
    if f.category:
        qs = qs.filter(category=f.category)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.village:
        qs = qs.filter(village__code=f.village)
    elif f.street:
        qs = qs.filter(village__code__startswith=f.street)
    if f.lead:
        qs = qs.filter(lead_department__kind=f.lead)
    if f.assignee:
        qs = qs.filter(
            pk__in=Assignment.objects.filter(user_id=f.assignee, active=True).values("case_id")
        )
    if f.overdue:
        qs = qs.filter(overdue_clock_exists())
    if f.collective:
        qs = qs.filter(collective=True)
    if f.received_from:
        qs = qs.filter(
            received_at__gte=timezone.make_aware(dt.datetime.combine(f.received_from, dt.time.min))
        )
    if f.received_to:
        qs = qs.filter(
            received_at__lt=timezone.make_aware(
                dt.datetime.combine(f.received_to + dt.timedelta(days=1), dt.time.min)
            )
        )
    if f.concluded_from:
        qs = qs.filter(concluded_at__gte=_day_start(f.concluded_from))
    if f.concluded_to:
        qs = qs.filter(concluded_at__lt=_day_start(f.concluded_to + dt.timedelta(days=1)))
    if f.accepted_from:
        qs = qs.filter(accepted_at__gte=_day_start(f.accepted_from))
    if f.accepted_to:
        qs = qs.filter(accepted_at__lt=_day_start(f.accepted_to + dt.timedelta(days=1)))
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.pending_on:
        qs = qs.filter(pending_at_q(_day_start(f.pending_on)))
    if f.handled_from and f.handled_to:
        qs = qs.filter(
            handled_in_q(
                _day_start(f.handled_from), _day_start(f.handled_to + dt.timedelta(days=1))
            )
        )
    if f.own_area:
        qs = qs.filter(village_scope_q(user))
    if f.clock and f.clock_from and f.clock_to:
        decided = clock_decided_q(
            start=_day_start(f.clock_from),
            end=_day_start(f.clock_to + dt.timedelta(days=1)),
            now=timezone.now(),
            result=f.clock_result,
        )
        clocks = Clock.objects.filter(decided, case=OuterRef("pk"), kind=f.clock, cancelled=False)
        qs = qs.filter(Exists(clocks))
    if f.clock and f.clock_state in RUNNING_CLOCK_STATES:
        running = Clock.objects.filter(
            clock_state_q(f.clock_state, now=timezone.now()), case=OuterRef("pk"), kind=f.clock
        )
        qs = qs.filter(Exists(running))
    if f.q:
        for word in f.q.split()[:5]:
            qs = qs.filter(search_text__contains=word)
            if connection.vendor == "postgresql" and HasBigram.answers(word):
                qs = qs.filter(HasBigram(word))
    return (
        qs.select_related("village__street", "employer", "lead_department")
        .prefetch_related(
            Prefetch("clocks", queryset=Clock.objects.order_by("due_at")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(active=True).select_related("user"),
                to_attr="active_assignments",
            ),
        )
        .order_by(SORTS.get(f.sort, "-received_at"), "-id")
    )


# What a row of the list page shows, and no more (issue 20): a case has some forty columns and a
# clock twenty; reading and converting them all was a third of the page's own time. Its place,
# employer and lead department come as values of its row, not as objects (four model instances
# a row were most of what was left).
_LIST_PAGE_CASE_COLUMNS = (
    "number",
    "collective",
    "status",
    "category",
    "claim_total",
    "received_at",
)
_LIST_PAGE_CASE_VALUES = {
    "village_name": F("village__name"),
    "street_name": F("village__street__name"),
    "employer_name": F("employer__name"),
    "lead_kind": F("lead_department__kind"),
}
_LIST_PAGE_CLOCK_COLUMNS = (
    "case_id",
    "kind",
    "label",
    "due_at",
    "provisional",
    "met_at",
    "paused_at",
    "cancelled",
)


def case_list_page_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`case_list` narrowed to the list page's columns, with `village_name`, `street_name`,
    `employer_name` and `lead_kind` and its open clocks (one query); the assignees' names are
    read for the page's rows after (`case_assignee_names`)."""
    return (
        cases.select_related(None)
        .prefetch_related(None)
        .only(*_LIST_PAGE_CASE_COLUMNS)
        .annotate(**_LIST_PAGE_CASE_VALUES)
        .prefetch_related(
            Prefetch(
                "clocks",
                queryset=Clock.objects.filter(met_at__isnull=True, cancelled=False)
                .only(*_LIST_PAGE_CLOCK_COLUMNS)
                .order_by("due_at"),
                to_attr="open_clocks",
            )
        )
    )


def case_assignee_names(case_ids: list[int]) -> dict[int, list[str]]:
    """The names of the people each case is with now, in the order they were given it."""
    names: dict[int, list[str]] = {}
    for case_id, full_name, username in (
        Assignment.objects.filter(case_id__in=case_ids, active=True)
        .order_by("id")
        .values_list("case_id", "user__full_name", "user__username")
    ):
        names.setdefault(case_id, []).append(full_name or username)
    return names


def case_visible(*, user, case: Case) -> bool:
    """Whether the person may see this case; remembered on the user for the request, since a
    service and the services it calls ask it of the same case."""
    memo = user.__dict__.setdefault("_jiefen_cases_visible", {})
    if case.pk not in memo:
        memo[case.pk] = (
            village_scope_q(user) == Q()
            or case_list_for_user(user=user).filter(pk=case.pk).exists()
        )
    return memo[case.pk]


def case_visible_known(*, user, case: Case) -> None:
    """Remember, for the request, that the person may see this case: for intake, which has just
    checked the case's village against their scope (a case of a village in scope is one they
    see), so the services it calls next need not ask the database again."""
    user.__dict__.setdefault("_jiefen_cases_visible", {})[case.pk] = True


def _case_get_qs(user) -> QuerySet[Case]:
    return Case.objects.filter(case_scope_q(user, one_row=True)).select_related(
        "village__street", "village__grid_area", "employer", "lead_department"
    )


def _case_seen(user, case: Case) -> Case:
    # Fetched within the reader's scope: the policies' scope test (`case_visible`) asks no more.
    user.__dict__.setdefault("_jiefen_cases_visible", {})[case.pk] = True
    return case


def case_get_for_user(*, user, pk: int) -> Case:
    """The case, or 404 when it does not exist or lies outside the user's scope."""
    return _case_seen(user, get_object_or_404(_case_get_qs(user), pk=pk))


def case_page_get_for_user(*, user, pk: int) -> Case:
    """The case for its page, as `case_get_for_user`, with its place up to the province (the
    panels name the people serving it) and, in the same query, which of the page's panels have
    rows for it (`jiefen.cases.panels`), and what the page would otherwise read in statements
    of their own: the reader's unread notifications (the frame's badge), the audit chain's head
    (`case.audit_head`, for the view's entry) and, inside `calendar_shared()`, the working-day
    calendar the clocks' states count on, unless the shared cache holds it."""
    from jiefen.cases.panels import case_rows_note, panel_row_columns

    probes = panel_row_columns(connections[router.db_for_read(Case)])
    start, end = clock_state_days(timezone.now())
    calendar = calendar_read_with(start=start, end=end)
    qs = (
        _case_get_qs(user)
        .select_related("village__street__district__city__province")
        .annotate(
            **{f"rows_{name}": column for name, column in probes.items()},
            reader_unread=unread_count_column(user),
            audit_head=audit_head_column(),
            **calendar.columns,
        )
    )
    case = _case_seen(user, get_object_or_404(qs, pk=pk))
    case_rows_note(case, [name for name in probes if getattr(case, f"rows_{name}")])
    unread_count_known(user=user, count=case.reader_unread)  # type: ignore[attr-defined]
    calendar.keep(case)
    return case


def case_detail_parts(*, case: Case) -> dict:
    """Everything a case page shows, each list in one query. The cases merged into it show
    here too: their claimants, and their timelines among its own (each entry marked with the
    number it was recorded under)."""
    from jiefen.cases.panels import case_has_rows

    merged = (
        dict(Case.objects.filter(merged_into=case).values_list("pk", "number"))
        if case_has_rows(case, "cases_merged")
        else {}
    )
    ids = [case.pk, *merged]
    claimants, seen = [], set()
    for c in (
        Claimant.objects.filter(case_id__in=ids)
        .select_related("worker")
        .order_by("-representative", "case_id", "id")
    ):
        if c.worker_id not in seen:  # a duplicate merged in names the same person again
            seen.add(c.worker_id)
            c.from_number = merged.get(c.case_id, "")  # type: ignore[attr-defined]
            claimants.append(c)
    events = list(
        CaseEvent.objects.filter(case_id__in=ids).select_related("actor").order_by("at", "id")
    )
    for e in events:
        e.from_number = merged.get(e.case_id, "")  # type: ignore[attr-defined]
    return {
        "claimants": claimants,
        "claims": list(case.claims.all()),
        "assignments": list(
            case.assignments.filter(active=True).select_related("user__department")
        ),
        "clocks": list(case.clocks.all()),
        "events": events,
    }


@dataclass
class RelatedCase:
    """Another case, as the reader may see it: outside their scope, by its number only."""

    pk: int
    number: str
    visible: bool
    status: str = ""
    category: str = ""
    employer: str = ""
    claimants: str = ""
    received_at: dt.datetime | None = None


@dataclass
class RelatedLink:
    link: CaseLink
    other: RelatedCase
    # The later case of the pair (the one a merge folds in) is the one this page shows.
    is_later: bool
    can_act: bool


def _related_cases(*, user, ids: set[int]) -> dict[int, RelatedCase]:
    if not ids:  # the reader's scope would cost a query to learn, for nothing
        return {}
    visible = set(case_list_for_user(user=user).filter(pk__in=ids).values_list("pk", flat=True))
    out = {}
    for c in (
        Case.objects.filter(pk__in=ids)
        .select_related("employer")
        .prefetch_related(Prefetch("claimants", queryset=Claimant.objects.select_related("worker")))
    ):
        if c.pk in visible:
            names = [x.shown_name for x in c.claimants.all()]
            out[c.pk] = RelatedCase(
                pk=c.pk,
                number=c.number,
                visible=True,
                status=c.get_status_display(),
                category=c.get_category_display(),
                employer=c.employer.name if c.employer else "",
                claimants=(_("%(names)s等") if len(names) > 3 else "%(names)s")
                % {"names": list_separator().join(names[:3])},
                received_at=c.received_at,
            )
        else:
            out[c.pk] = RelatedCase(pk=c.pk, number=c.number, visible=False)
    return out


def case_related_for_user(*, user, case: Case) -> dict:
    """The "可能相关" panel: the links intake found for the case (dismissed ones aside), the
    collective proposals it is in, and what it is merged with; a case outside the reader's scope
    is named by its number only, and offers no action."""
    from jiefen.cases import policies as P
    from jiefen.cases.panels import case_has_rows

    links = (
        list(
            CaseLink.objects.filter(Q(case=case) | Q(other=case))
            .exclude(state=LinkState.DISMISSED)
            .order_by("kind", "-found_at", "id")
        )
        if case_has_rows(case, "cases_links")
        else []
    )
    proposals = (
        list(
            CollectiveProposal.objects.filter(cases=case)
            .exclude(state=ProposalState.DISMISSED)
            .select_related("employer", "primary")
            .order_by("-found_at")
        )
        if case_has_rows(case, "cases_proposals")
        else []
    )
    ids = {link.other_id if link.case_id == case.pk else link.case_id for link in links}
    if case.merged_into_id:
        ids.add(case.merged_into_id)
    cases = _related_cases(user=user, ids=ids)
    may_link = P.LINK.holds(user)
    rows = []
    for link in links:
        other = cases[link.other_id if link.case_id == case.pk else link.case_id]
        rows.append(
            RelatedLink(
                link=link,
                other=other,
                is_later=link.case_id == case.pk,
                can_act=may_link and other.visible,
            )
        )
    return {
        "links": rows,
        "proposals": proposals,
        "merged_into": cases.get(case.merged_into_id) if case.merged_into_id else None,
    }


def case_link_get_for_user(*, user, pk: int) -> CaseLink:
    """A link, or 404 unless the reader may see one of its two cases (the service then asks
    for both)."""
    visible = case_list_for_user(user=user).values("pk")
    qs = CaseLink.objects.filter(Q(case__in=visible) | Q(other__in=visible))
    return get_object_or_404(qs.select_related("case", "other"), pk=pk)


def collective_proposal_get_for_user(*, user, pk: int) -> CollectiveProposal:
    """A collective proposal, or 404 unless the reader may see at least one of its cases."""
    qs = CollectiveProposal.objects.filter(
        cases__in=case_list_for_user(user=user).values("pk")
    ).distinct()
    return get_object_or_404(qs.select_related("employer", "primary"), pk=pk)


def collective_proposal_parts(*, user, proposal: CollectiveProposal) -> dict:
    """The proposal's cases as the reader may see them, and the workers who may represent."""
    ids = set(proposal.cases.values_list("pk", flat=True))
    cases = _related_cases(user=user, ids=ids)
    visible = [pk for pk, c in cases.items() if c.visible]
    candidates = (
        list(
            Claimant.objects.filter(case_id__in=visible, case__merged_into__isnull=True)
            .select_related("case", "worker")
            .order_by("case__received_at", "id")
        )
        if proposal.state == ProposalState.PROPOSED
        else []
    )
    return {
        "cases": sorted(cases.values(), key=lambda c: c.number),
        "all_visible": len(visible) == len(ids),
        "candidates": candidates,
        "representatives": list(proposal.representatives.select_related("worker")),
    }


def _case_api_lists() -> list[Prefetch]:
    from jiefen.cases.models import Claimant, ClaimItem

    return [
        Prefetch("claimants", queryset=Claimant.objects.select_related("worker")),
        Prefetch("claims", queryset=ClaimItem.objects.all()),
        Prefetch("assignments", queryset=Assignment.objects.select_related("user")),
        Prefetch("clocks", queryset=Clock.objects.order_by("due_at")),
    ]


def case_api_prefetch(qs: QuerySet[Case]) -> QuerySet[Case]:
    """What the API's case JSON reads, fetched in a fixed number of queries for any page size."""
    return (
        qs.select_related("village__street", "employer", "lead_department")
        .prefetch_related(None)
        .prefetch_related(*_case_api_lists())
    )


def party_language(case: Case) -> str:
    """The language to write to a case's applicant in (an SMS, a notice): the one they used on
    the portal when they applied there, else the centre's own."""
    from django.conf import settings

    application = getattr(case, "portal_application", None)  # the reverse side: no import
    return (application.language if application else "") or settings.LANGUAGE_CODE
