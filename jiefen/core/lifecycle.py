"""A lifecycle as a table, moved by one function.

Each state machine of the project (the case, an arbitration application, a hearing, a dispatch
order, a warning...) is declared once as a `Lifecycle`: action → source states, target, the policy
that may take it and the note it must carry. `Lifecycle.move` is the only code that writes the
state: it checks the table, the actor's policy (and scope, through the policy's object test),
the note, then does a compare-and-swap on the state (and the version, where the model has one)
and writes exactly one event through the lifecycle's recorder. Screens and the API ask
`available` what to offer, so they offer what the table allows and nothing else. Beside the moves
a table may declare its steps (work done on the object that keeps its state, such as rebuilding a
draft meeting's agenda: `allows_step`) and the tone each state shows on a badge (`tone`)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiefen.core.exceptions import ApplicationError, ConflictError
from jiefen.core.messages import Message, message_template
from jiefen.core.policy import Forbidden, Person, Policy
from jiefen.core.transactions import service_atomic

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Transition:
    """One action of a lifecycle: from which states, to which, who may, what note it needs."""

    action: str
    label: str | Promise
    sources: frozenset[str]
    # The state it leads to, or one per source state (reopening returns to where it came from).
    target: str | Mapping[str, str]
    policy: Policy
    # What the note is, when the move must carry one ("不予受理理由"); "" when it needs none.
    note: str | Promise = ""

    def target_from(self, source: str) -> str:
        if isinstance(self.target, str):
            return self.target
        return self.target[source]


@dataclass(frozen=True)
class Moved(Generic[M]):
    """What a move did, for the recorder and the caller."""

    obj: M
    transition: Transition
    old: str
    new: str
    actor: Any  # the app's user model, or None for a system move
    note: str
    at: dt.datetime
    data: Mapping[str, Any] = field(default_factory=dict)


class MoveNotAllowed(ConflictError):
    code = "illegal_transition"

    def __init__(self, *, subject: str | Promise, state_label: str, transition: Transition):
        super().__init__(
            _("%(subject)s当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"subject": subject, "status": state_label, "action": transition.label},
            extra={"action": transition.action, "status": state_label},
        )


class ChangedMeanwhile(ConflictError):
    code = "stale"

    def __init__(self, subject: str | Promise) -> None:
        super().__init__(_("%(subject)s已被他人处理，请刷新后重试。") % {"subject": subject})


class MoveHeld(ConflictError):
    """The object takes no move of its own now: another carries it (a case merged into another
    is handled under that case's number)."""

    code = "held"


Recorder = Callable[[Moved[Any]], object]


class Lifecycle(Generic[M]):
    """A model's states and the table of moves between them."""

    def __init__(
        self,
        *,
        name: str,
        model: type[M],
        states: type[models.TextChoices],
        subject: str | Promise,
        transitions: Iterable[Transition],
        record: Recorder,
        field: str = "status",
        stale: Callable[[M], ConflictError] | None = None,
        steps: Mapping[str, Iterable[str]] | None = None,
        tones: Mapping[str, str] | None = None,
        held: Callable[[M], str | Promise | None] | None = None,
    ) -> None:
        self.name = name
        # Why an object takes no move now whatever its state (None: it may move).
        self._held = held
        self.model = model
        self.states = states
        self.subject = subject
        self.transitions: dict[str, Transition] = {t.action: t for t in transitions}
        self.record = record
        self.field = field
        self._stale = stale
        # Work that keeps the state, and the states it may be done in.
        self.steps: dict[str, frozenset[str]] = {
            step: frozenset(during) for step, during in (steps or {}).items()
        }
        # The CSS classes of a state's badge: how it looks is data, declared with the table.
        self.tones: dict[str, str] = dict(tones or {})
        for t in self.transitions.values():
            for source in t.sources:
                for state in (source, t.target_from(source)):
                    if state not in states.values:
                        raise ValueError(f"{name}.{t.action}: unknown state {state!r}")
        for step, during in self.steps.items():
            for state in during:
                if state not in states.values:
                    raise ValueError(f"{name}.{step}: unknown state {state!r}")
        for state in self.tones:
            if state not in states.values:
                raise ValueError(f"{name}: a tone for the unknown state {state!r}")
        LIFECYCLES[name] = self

    @functools.cached_property
    def versioned(self) -> bool:
        """The model carries a version, bumped by every change (read when first moved: the
        table is declared before Django's app registry is ready)."""
        return any(f.name == "version" for f in self.model._meta.get_fields())

    @functools.cached_property
    def stamps_update(self) -> bool:
        return any(f.name == "updated_at" for f in self.model._meta.get_fields())

    # ------------------------------------------------------------------ what may happen now

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, self.field))

    def state_label(self, state: str) -> str:
        return str(self.states(state).label)

    def transition(self, action: str) -> Transition:
        try:
            return self.transitions[action]
        except KeyError:
            raise ApplicationError(_("未知操作：%(action)s") % {"action": action}) from None

    def allows_from(self, action: str, state: str) -> bool:
        """The table alone: whether `action` may start from `state`."""
        t = self.transitions.get(action)
        return t is not None and state in t.sources

    def held(self, obj: M) -> str | Promise | None:
        """Why this object takes no move now whatever its state (None: it may move)."""
        return self._held(obj) if self._held is not None else None

    def check_held(self, obj: M) -> None:
        """Refuse (409) work on a held object: every move, and each step its services take beside
        the table (a session recorded, a hearing booked), before they write anything."""
        if why := self.held(obj):
            raise MoveHeld(str(why))

    def available(self, obj: M, user: Person | None) -> list[Transition]:
        """The moves this person may make on this object now (what a screen offers)."""
        if self.held(obj):
            return []
        state = self.state_of(obj)
        return [
            t
            for t in self.transitions.values()
            if state in t.sources and t.policy.allows(user, obj)
        ]

    def available_actions(self, obj: M, user: Person | None) -> frozenset[str]:
        return frozenset(t.action for t in self.available(obj, user))

    def allows_step(self, step: str, obj: M) -> bool:
        """The table alone: whether `step` (work that keeps the state) may be done now. The
        service doing it still checks its own policy."""
        try:
            return self.state_of(obj) in self.steps[step]
        except KeyError:
            raise ValueError(f"{self.name}: unknown step {step!r}") from None

    def tone(self, obj: M) -> str:
        """The CSS classes of the badge showing the object's state."""
        return self.tones.get(self.state_of(obj), DEFAULT_TONE)

    def open_states(self) -> frozenset[str]:
        """The states some action still starts from."""
        return frozenset(s for t in self.transitions.values() for s in t.sources)

    # ------------------------------------------------------------------ the one mover

    def move(
        self,
        obj: M,
        *,
        action: str,
        actor: Person | None,
        note: str = "",
        fields: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        at: dt.datetime | None = None,
    ) -> Moved[M]:
        """Take `action` on `obj`: check the table, the policy and the note, swap the state (and
        `fields`) only if nobody moved it meanwhile, and record one event."""
        t = self.transition(action)
        self.check_held(obj)
        old = self.state_of(obj)
        if old not in t.sources:
            raise MoveNotAllowed(
                subject=self.subject, state_label=self.state_label(old), transition=t
            )
        if actor is None:
            if not t.policy.without_actor:
                raise Forbidden(_("须由工作人员办理：%(what)s。") % {"what": t.label})
        else:
            t.policy.check(actor, obj)
        note = (note or "").strip()
        if t.note and not note:
            raise ValidationError({"note": [_("请填写%(what)s") % {"what": t.note}]})
        new = t.target_from(old)
        now = at or timezone.now()
        values: dict[str, Any] = {self.field: new, **(fields or {})}
        if self.stamps_update:
            values["updated_at"] = timezone.now()
        condition = Q(pk=obj.pk, **{self.field: old})
        if self.versioned:
            condition &= Q(version=obj.version)  # type: ignore[attr-defined]
        with service_atomic():
            updates = dict(values)
            if self.versioned:
                updates["version"] = F("version") + 1
            if self.model._default_manager.filter(condition).update(**updates) != 1:
                raise self._stale(obj) if self._stale else ChangedMeanwhile(self.subject)
            for name, value in values.items():
                setattr(obj, name, value)
            if self.versioned:
                obj.version += 1  # type: ignore[attr-defined]
            moved = Moved(
                obj=obj,
                transition=t,
                old=old,
                new=new,
                actor=actor,
                note=note,
                at=now,
                data=dict(data or {}),
            )
            self.record(moved)
        return moved


LIFECYCLES: dict[str, Lifecycle[Any]] = {}

DEFAULT_TONE = "text-bg-secondary"


def lifecycle_of(obj: models.Model, field: str = "status") -> Lifecycle[Any]:
    """The lifecycle declared for this object's model and state field (every app's `transitions`
    module is loaded when the apps are ready: `jiefen.core.apps`)."""
    model = obj._meta.concrete_model
    for lifecycle in LIFECYCLES.values():
        if lifecycle.model is model and lifecycle.field == field:
            return lifecycle
    raise LookupError(f"no lifecycle declared for {obj._meta.label}.{field}")


def _action_label(action: Any, params: Mapping[str, Any]) -> str:
    lifecycle = LIFECYCLES.get(str(params.get("lifecycle", "")))
    transition = lifecycle.transitions.get(str(action)) if lifecycle else None
    return str(transition.label) if transition else str(action)


def _state_label(state: Any, params: Mapping[str, Any]) -> str:
    lifecycle = LIFECYCLES.get(str(params.get("lifecycle", "")))
    try:
        return lifecycle.state_label(str(state)) if lifecycle else str(state)
    except ValueError:
        return str(state)


# A move written as data: the lifecycle's name, the action and the two states, each shown through
# the table's own labels in the reader's language.
MOVED = message_template(
    "lifecycle.moved",
    gettext_lazy("{action}：{old} → {new}"),
    labels={"action": _action_label, "old": _state_label, "new": _state_label},
)
MOVED_ACTION = message_template(
    "lifecycle.action", gettext_lazy("{action}"), labels={"action": _action_label}
)


def moved_message(moved: Moved[Any], lifecycle: str) -> Message:
    """The timeline words of a move: the action and its two states."""
    return MOVED(lifecycle=lifecycle, action=moved.transition.action, old=moved.old, new=moved.new)


def action_message(moved: Moved[Any], lifecycle: str) -> Message:
    """The timeline words of a move that names only its action."""
    return MOVED_ACTION(lifecycle=lifecycle, action=moved.transition.action)


def moved_lifecycle(moved: Moved[Any]) -> str:
    """The name of the lifecycle a move belongs to (the one whose table holds its transition)."""
    for name, lifecycle in LIFECYCLES.items():
        if lifecycle.transitions.get(moved.transition.action) is moved.transition:
            return name
    return ""
