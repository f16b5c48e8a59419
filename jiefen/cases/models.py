"""The dispute: one case, one number, one timeline across every track."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import (
    CaseStatus,
    Category,
    Channel,
    Duty,
    EventKind,
    Level,
    LinkKind,
    LinkState,
    Outcome,
    ProposalState,
    Track,
)
from jiefen.cases.clockrules import Approver, ClockKind, Counting, PauseReason
from jiefen.core.messages import catalogue, message_text, rendered, source_text
from jiefen.core.models import TimestampedModel


class CaseNumberSeries(models.Model):
    """The last number given in a year's series; its row lock keeps numbers gap-free."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="case_series_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.year}: {self.last}"


# A major case (the monthly report lists them): collective, handled at district level after
# escalation, or with extreme behaviour or a crowd gathered (triage's signs of a stability risk).
MAJOR_PEOPLE_GATHERED = 10
# A case not merged into another: a dispute of its own (what the lists and the figures count).
UNMERGED = models.Q(merged_into__isnull=True)
MAJOR_CASE_Q = (
    models.Q(collective=True)
    | models.Q(level=Level.DISTRICT)
    | models.Q(extreme_behaviour=True)
    | models.Q(people_gathered__gte=MAJOR_PEOPLE_GATHERED)
)


class Case(TimestampedModel):
    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    category = models.CharField(_("纠纷类别"), max_length=20, choices=Category.choices)
    summary = models.TextField(_("纠纷概要"))
    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="cases", verbose_name=_("发生地")
    )
    employer = models.ForeignKey(
        "parties.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("用人单位"),
        db_index=False,  # case_employer_recv_idx leads with it
    )
    received_at = models.DateTimeField(_("接待时间"), db_index=True)
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("化解/未化解时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    collective = models.BooleanField(_("集体争议"), default=False)
    claimant_count = models.PositiveIntegerField(_("申请人数"), default=0)
    claim_total = models.DecimalField(_("请求金额"), max_digits=14, decimal_places=2, default=0)
    # What triage reads: how many people gathered, extreme behaviour, suspected extortion.
    people_gathered = models.PositiveIntegerField(_("聚集人数"), default=0)
    extreme_behaviour = models.BooleanField(_("有过激行为"), default=False)
    suspected_extortion = models.BooleanField(_("涉嫌恶意讨薪或敲诈勒索"), default=False)
    level = models.CharField(
        _("办理层级"), max_length=10, choices=Level.choices, default=Level.VILLAGE
    )
    lead_department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
        verbose_name=_("牵头部门"),
    )
    assisting_kinds = models.JSONField(_("协助部门"), default=list, blank=True)
    tracks = models.JSONField(_("办理途径"), default=list, blank=True)
    triage_rule = models.CharField(_("分流规则"), max_length=40, blank=True)
    # Set by 化解 / 未化解 and kept through 结案 (cleared on reopening): the reports count by it.
    outcome = models.CharField(_("化解结果"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("处理结果"), blank=True)
    amount_recovered = models.DecimalField(
        _("挽回金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Number, parties and summary in one column, for keyword search (indexed for Chinese on PostgreSQL).
    search_text = models.TextField(blank=True, editable=False)
    # Bumped by every change: an edit made on a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Merged into another case (one dispute, one number): its record and timeline stay, shown on
    # that case's page; a split (jiefen.cases.services.related.case_split) clears it.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name=_("并入案件"),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="case_status_recv_idx"),
            models.Index(fields=["village", "status"], name="case_village_status_idx"),
            models.Index(fields=["category"], name="case_category_idx"),
            # The list's default order, tie-breaker included: its first page reads 50 index entries.
            models.Index(fields=["-received_at", "-id"], name="case_recv_order_idx"),
            # An employer's cases within a window (the related cases found at every intake):
            # without it the planner intersects the employer's few cases with a month of all.
            models.Index(fields=["employer", "received_at"], name="case_employer_recv_idx"),
            # The reports (which count a merged duplicate as the case it joined, not as a
            # dispute of its own): a place's cases, or all, received within a period, and cases
            # accepted or concluded within one (the pending counts). Partial, so that leaving
            # the merged ones out is read from the index alone.
            models.Index(
                fields=["village", "received_at"], name="case_village_recv_idx", condition=UNMERGED
            ),
            models.Index(fields=["received_at"], name="case_unmerged_recv_idx", condition=UNMERGED),
            models.Index(fields=["accepted_at"], name="case_accepted_idx", condition=UNMERGED),
            # Only the major cases (a few in a hundred), by reception.
            models.Index(
                fields=["received_at"], name="case_major_recv_idx", condition=MAJOR_CASE_Q
            ),
            models.Index(
                fields=["concluded_at", "accepted_at", "status"],
                name="case_concluded_idx",
                condition=UNMERGED,
            ),
            # The reports' conclusions by period and outcome, read from the index alone.
            models.Index(
                fields=["status", "concluded_at", "outcome", "accepted_at", "village"],
                name="case_concluded_cover_idx",
                condition=UNMERGED,
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])

    @property
    def track_labels(self) -> list[str]:
        return [str(Track(t).label) if t in Track.values else t for t in self.tracks]


class Claimant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claimants")
    worker = models.ForeignKey(
        "parties.Worker", on_delete=models.PROTECT, related_name="claims_as_claimant"
    )
    representative = models.BooleanField(_("代表人"), default=False)
    # The name and phone given on this case. An identity number only finds a candidate person;
    # what was typed with it is kept here and never rewrites the person's record by itself.
    name = models.CharField(_("本案登记姓名"), max_length=50, blank=True)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone_masked = models.CharField(_("本案联系电话"), max_length=32, blank=True, editable=False)
    # Linked to a person on file by identity number alone (the portal, the exchange, or someone
    # who cannot see that person): the name and phone above are the applicant's claim, and the
    # link shows nothing of the record and grants no reveal of it.
    claimed = models.BooleanField(_("身份未核实"), default=False)

    class Meta:
        ordering = ["-representative", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "worker"], name="claimant_once_per_case")
        ]
        # The duplicate check at intake finds open cases by a claimant's phone.
        indexes = [models.Index(fields=["phone_hash"], name="claimant_phone_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.worker_id}"

    @property
    def shown_name(self) -> str:
        """The name given on this case, for every page, document and message about it. A claim
        never falls back to the person on file: that name is outside the applicant's claim."""
        if self.name or self.claimed:
            return self.name
        return self.worker.name


class ClaimItem(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    item = models.CharField(_("请求事项"), max_length=100)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount or ''}"


class Assignment(models.Model):
    """Who works the case, in what duty; ended rows stay for the record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    duty = models.CharField(_("职责"), max_length=16, choices=Duty.choices)
    active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["user", "active"], name="assignment_user_active_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id} ({self.duty})"


class CaseEvent(models.Model):
    """One entry of the case's timeline: append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=EventKind.choices)
    track = models.CharField(_("途径"), max_length=16, blank=True)
    old_status = models.CharField(max_length=16, blank=True)
    new_status = models.CharField(max_length=16, blank=True)
    # What the entry says, in the source language: kept for search and as the words of entries
    # written before messages were stored as data (jiefen.core.messages).
    summary = models.CharField(_("内容"), max_length=300)
    # What the entry says, as data: a message code and its parameters, rendered in the reader's
    # language when shown ("" for an entry that is free text).
    message = models.CharField(max_length=48, blank=True)
    params = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("理由/说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"

    @property
    def text(self) -> str:
        """What the entry says, in the reader's language (safe HTML)."""
        return rendered(self.message, self.params, self.summary)

    @property
    def plain_text(self) -> str:
        """What the entry says, in the reader's language, as plain text (SMS, API, files)."""
        if self.message:
            return message_text(self.message, self.params)
        return catalogue(self.summary, html=False)

    @property
    def note_text(self) -> str:
        """The note: a catalogue phrase in the reader's language, free text as written."""
        return catalogue(self.note)

    @property
    def track_label(self) -> str:
        return str(Track(self.track).label) if self.track in Track.values else self.track


class Clock(models.Model):
    """A deadline of the case or of one of its tracks; its state is derived, never stored."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    # The case's village (fixed at intake), kept here so that the reports count a place's clocks
    # from one index instead of looking up each clock's case.
    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("时限"), max_length=40, choices=ClockKind.choices)
    # The n-th clock of its kind on the case (a notice owed twice runs two clocks).
    seq = models.PositiveSmallIntegerField(default=1)
    track = models.CharField(_("途径"), max_length=16, blank=True)
    label = models.CharField(_("名称"), max_length=60)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    # The raw period, from which `due_at` is derived (jiefen.cases.clocks.clock_due): the start,
    # the length in its unit, the units it stood still and the units it was extended by.
    started_at = models.DateTimeField(_("起算"))
    unit = models.CharField(_("计算方式"), max_length=16, choices=Counting.choices)
    length = models.PositiveIntegerField(_("期限"))
    days_paused = models.PositiveIntegerField(_("中止天数"), default=0)
    days_extended = models.PositiveIntegerField(_("延长天数"), default=0)
    # Derived by clock_due only, never written by an app.
    due_at = models.DateTimeField(_("到期"))
    # The due date depends on a year whose holiday schedule is not published yet.
    provisional = models.BooleanField(_("暂定"), default=False)
    met_at = models.DateTimeField(_("完成"), null=True, blank=True)
    paused_at = models.DateTimeField(_("中止于"), null=True, blank=True)
    pause_reason = models.CharField(
        _("中止事由"), max_length=32, choices=PauseReason.choices, blank=True
    )
    due_soon_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # Open clocks by due date, with what the overdue count and list filter by, so that
            # they read the index alone.
            models.Index(
                fields=["due_at", "paused_at", "case", "village"],
                name="clock_open_due_cover_idx",
                condition=models.Q(met_at__isnull=True, cancelled=False),
            ),
            # The running clocks by kind and due date: the wall screen's and the dashboard's
            # board counts them per kind and state from this index alone (59 -> 30 ms at 1M;
            # its filters name the running test's columns too, hence included).
            models.Index(
                fields=["kind", "due_at"],
                include=["met_at", "paused_at", "cancelled"],
                name="clock_running_kind_due_idx",
                condition=models.Q(met_at__isnull=True, cancelled=False, paused_at__isnull=True),
            ),
            # The overdue sweep takes the oldest clock not yet flagged: with only those in the
            # index it reads one entry, not every open clock flagged before (52,669 at 1M cases).
            models.Index(
                fields=["due_at", "id"],
                name="clock_sweep_due_idx",
                condition=models.Q(
                    met_at__isnull=True,
                    cancelled=False,
                    paused_at__isnull=True,
                    overdue_notified_at__isnull=True,
                ),
            ),
            # The reports: clocks met, or fallen due, within a period, per kind and place, read
            # from the index alone.
            models.Index(
                fields=["kind", "met_at", "due_at", "cancelled", "village"],
                name="clock_kind_met_idx",
                # Only met clocks: an open clock's query (met_at is null) is left to the
                # open-clock indexes instead of skipping through this one by kind.
                condition=models.Q(met_at__isnull=False, cancelled=False),
            ),
            models.Index(
                fields=["kind", "due_at", "met_at", "paused_at", "cancelled", "village"],
                name="clock_kind_due_idx",
            ),
            models.Index(fields=["kind", "started_at"], name="clock_kind_start_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "seq"], name="clock_kind_seq_once_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.due_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and not self.cancelled

    @property
    def title(self) -> str:
        """The clock's name in the reader's language: its kind's label, or the name it was given
        (a catalogue phrase, or free text kept as written)."""
        if not self.label or source_text(self.label) == source_text(ClockKind(self.kind).label):
            return str(ClockKind(self.kind).label)
        return catalogue(self.label, html=False)

    @property
    def basis_text(self) -> str:
        """The article the clock rests on, in the reader's language where the catalogue has it."""
        return catalogue(self.basis, html=False)

    @property
    def provisional_note(self) -> str:
        """Why the due date is provisional, in a word (empty when it is not)."""
        if not self.provisional:
            return ""
        from django.utils import timezone

        year = timezone.localtime(self.due_at).year
        return _(
            "%(year)s年放假安排尚未公布，到期日暂按法定节假日和周一至周五推算；录入后自动重新计算"
        ) % {"year": year}


class ExtensionApprover(models.Model):
    """A recorded grant of the power to approve a clock's extension: the commission chair named
    by an administrator, or a person the chair authorises in writing (`instrument`, the 委托书).
    A grant is revoked, never deleted, so that every past approval keeps its authority."""

    class Standing(models.TextChoices):
        CHAIR = "chair", _("仲裁委员会主任")
        DELEGATE = "delegate", _("受主任书面委托")
        HEAD = "head", _("部门负责人")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="extension_grants",
        verbose_name=_("被授权人"),
    )
    approver = models.CharField(_("审批权限"), max_length=24, choices=Approver.choices)
    standing = models.CharField(_("身份"), max_length=12, choices=Standing.choices)
    instrument = models.CharField(_("授权文书"), max_length=120)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("授权人"),
    )
    granted_at = models.DateTimeField(_("授权时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at", "id"]
        verbose_name = _("延期审批授权")
        verbose_name_plural = _("延期审批授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "approver"],
                condition=models.Q(revoked_at__isnull=True),
                name="extension_approver_one_active_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_approver_display()} {self.get_standing_display()}"


class CaseLink(models.Model):
    """What intake found a case may belong to: `case` (the one received later) is a duplicate
    of, or related to, `other`; a clerk links, dismisses, merges or splits it, never the code."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("关系"), max_length=12, choices=LinkKind.choices)
    state = models.CharField(
        _("状态"), max_length=12, choices=LinkState.choices, default=LinkState.SUGGESTED
    )
    # What the link was before a merge, so that a split gives it back.
    kind_before_merge = models.CharField(max_length=12, choices=LinkKind.choices, blank=True)
    # The clocks of `case` a merge withdrew (the case it joined keeps time), given back by a split.
    clocks_withdrawn = models.JSONField(default=list, blank=True, editable=False)
    # The claimants of `case` who represented it before a merge (a collective case chooses its
    # own), given back by a split; None for a merge recorded before this was kept.
    representatives_before = models.JSONField(null=True, blank=True, editable=False)
    reason = models.CharField(_("依据"), max_length=200)
    found_at = models.DateTimeField(_("发现时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-found_at", "id"]
        verbose_name = _("关联案件")
        verbose_name_plural = _("关联案件")
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="case_link_once_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(case=models.F("other")), name="case_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.other_id} ({self.kind})"


class CollectiveProposal(models.Model):
    """Ten or more workers against one employer with the same claims, each on a case of their
    own: jiefen proposes one collective case (集体争议); a clerk names 3–5 representatives and
    confirms, and the cases are merged into the earliest."""

    employer = models.ForeignKey(
        "parties.Employer", on_delete=models.PROTECT, related_name="+", verbose_name=_("用人单位")
    )
    category = models.CharField(_("纠纷类别"), max_length=20, choices=Category.choices)
    state = models.CharField(
        _("状态"), max_length=12, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    cases = models.ManyToManyField(Case, related_name="collective_proposals")
    worker_count = models.PositiveIntegerField(_("劳动者人数"), default=0)
    found_at = models.DateTimeField(_("发现时间"))
    primary = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("集体争议案件"),
    )
    representatives = models.ManyToManyField(Claimant, related_name="+", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("集体争议提议")
        verbose_name_plural = _("集体争议提议")
        constraints = [
            # One open proposal per employer and category: each intake adds to it.
            models.UniqueConstraint(
                fields=["employer", "category"],
                condition=models.Q(state=ProposalState.PROPOSED),
                name="collective_proposal_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.category} ({self.state})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:collective", args=[self.pk])
