"""Who may call a service: one declaration per service, checked when it runs, read by the menus.

Every public function of a `services` module carries a declaration (a test lists them all):

- `@guarded(POLICY, on="case")`: a person acting (`actor=`) must pass `POLICY`, for the object in
  that keyword argument when `on` is given (the object's scope, a unit's own orders...);
- `@system`: called by code only (sweeps, signed interfaces, the demo), never for a person;
- `@internal`: a building block that only other services call, each under its own policy.

A policy names the roles that hold it, optionally a Django permission that grants it to named
people, and a test on the object. Menus, home tiles and buttons ask the same policies what to
show, so a person sees the work of their role and nothing they would be refused."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, Protocol, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext as _

P = ParamSpec("P")
R = TypeVar("R")


class Person(Protocol):
    """What a policy needs of a person: signed in or not (the staff user model, or Django's
    anonymous user; the role, superuser flag and permissions are read when signed in)."""

    @property
    def is_authenticated(self) -> bool: ...


class Forbidden(PermissionDenied):
    """The person may not do this: 403 on pages and in the API, with the reason in words."""

    code = "forbidden"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


ObjectTest = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Policy:
    """Who may do one kind of thing."""

    name: str  # "cases.edit": app, then what
    label: str | Promise  # "编辑案件", for the refusal and the rules page
    roles: frozenset[str] = frozenset()
    # A Django permission ("arbitration.approve_award_extension") that grants this to named
    # people whatever their role.
    permission: str = ""
    # A further test on the object acted on (scope, a unit's own orders); run only when the role
    # or permission already holds.
    test: ObjectTest | None = field(default=None, compare=False)
    # Services under this policy may also run with no person acting: the public portal, signed
    # interfaces and sweeps call them with `actor=None`.
    without_actor: bool = False

    def holds(self, user: Person | None) -> bool:
        """Whether the role or permission holds, the object aside (menus ask this)."""
        if user is None or not user.is_authenticated:
            return False
        if getattr(user, "is_superuser", False) or getattr(user, "role", "") in self.roles:
            return True
        return bool(self.permission) and bool(user.has_perm(self.permission))  # type: ignore[attr-defined]

    def allows(self, user: Person | None, obj: Any = None) -> bool:
        if not self.holds(user):
            return False
        return self.test is None or obj is None or self.test(user, obj)

    def check(self, user: Person | None, obj: Any = None) -> None:
        if not self.allows(user, obj):
            raise Forbidden(_("您无权%(what)s。") % {"what": self.label})


REGISTRY: dict[str, Policy] = {}


def policy(
    name: str,
    label: str | Promise,
    roles: Iterable[str] = (),
    *,
    permission: str = "",
    test: ObjectTest | None = None,
    without_actor: bool = False,
) -> Policy:
    """Declare a policy (once per name)."""
    if name in REGISTRY:
        raise ValueError(f"policy {name!r} declared twice")
    declared = Policy(
        name=name,
        label=label,
        roles=frozenset(roles),
        permission=permission,
        test=test,
        without_actor=without_actor,
    )
    REGISTRY[name] = declared
    return declared


# What a service declares instead of a policy when no person calls it.
SYSTEM = Policy(name="system", label="system")
INTERNAL = Policy(name="internal", label="internal")


def declared_policy(function: Callable[..., Any]) -> Policy | None:
    """The policy a service declared, or None when it declared none."""
    return getattr(function, "__policy__", None)


def guarded(rule: Policy, *, on: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Enforce `rule` on the service's `actor` (and the object in its keyword argument `on`)."""

    def wrap(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = kwargs.get("actor")
            if actor is None:
                if not rule.without_actor:
                    raise Forbidden(_("须由工作人员办理：%(what)s。") % {"what": rule.label})
            else:
                rule.check(cast(Person, actor), kwargs.get(on) if on else None)
            return service(*args, **kwargs)

        checked.__policy__ = rule  # type: ignore[attr-defined]
        return checked

    return wrap


def system(service: Callable[P, R]) -> Callable[P, R]:
    """Declare a service that code calls, never a person (a sweep, a signed interface)."""
    service.__policy__ = SYSTEM  # type: ignore[attr-defined]
    return service


def internal(service: Callable[P, R]) -> Callable[P, R]:
    """Declare a building block that only other services call, under their own policies."""
    service.__policy__ = INTERNAL  # type: ignore[attr-defined]
    return service


def policies_held(user: Person | None) -> frozenset[str]:
    """The names of the policies a person holds by role or permission (for menus)."""
    return frozenset(name for name, p in REGISTRY.items() if p.holds(user))


def undeclared_services(module: Any) -> list[str]:
    """The public functions defined in a services module that declare no policy."""
    import inspect

    return sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and inspect.isfunction(value)
        and getattr(value, "__module__", None) == module.__name__
        and declared_policy(value) is None
    )


def service_modules() -> list[Any]:
    """Every `services` module of the project's apps (a `services/` package counts each part)."""
    import importlib
    import pkgutil

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiefen."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        found.append(package)
        for part in pkgutil.iter_modules(getattr(package, "__path__", [])):
            found.append(importlib.import_module(f"{package.__name__}.{part.name}"))
    return found
