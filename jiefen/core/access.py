"""Pages and API views declare the policy they serve under, as services do.

`policy_required(P)` on a page (or `policies = {"GET": P, "POST": Q}` on an API view, with
`PolicyPermission`) refuses a person whose role does not hold the policy with a 403 before any
work is done; `public` marks a page anyone may use (the portal, the login). The walk of every URL
as every role reads these declarations, and the menus read the same policies."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from jiefen.core.policy import Forbidden, Policy, declared_policy

PUBLIC = Policy(name="public", label="public")
# Pages every signed-in person may use on their own behalf (notifications, the language).
SIGNED_IN = Policy(name="signed_in", label="signed in")

View = Callable[..., HttpResponse]


def policy_required(rule: Policy) -> Callable[[View], View]:
    """Sign-in, then the policy's role or permission; 403 with the reason otherwise."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if rule is not SIGNED_IN and not rule.holds(request.user):
                raise Forbidden(_("您无权%(what)s。") % {"what": rule.label})
            return view(request, *args, **kwargs)

        checked.__policy__ = rule  # type: ignore[attr-defined]
        return checked

    return wrap


def public(view: View) -> View:
    """A page anyone may use, signed in or not."""
    view.__policy__ = PUBLIC  # type: ignore[attr-defined]
    return view


class PolicyPermission(BasePermission):
    """An API view's `policies` (method → policy) decide; a method with none is refused."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if getattr(view, "policies", None) is None and not hasattr(view, "__policy__"):
            # Not declared yet: signed-in people only, as before the policies (the walk of
            # every write as every role lists views still in this state).
            return bool(request.user and request.user.is_authenticated)
        rule = view_policy(view, request.method)
        if rule is None:
            return False
        if rule is PUBLIC:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if rule is SIGNED_IN or rule.holds(request.user):
            return True
        self.message = _("您无权%(what)s。") % {"what": rule.label}
        return False


def view_policy(view: Any, method: str) -> Policy | None:
    """The policy a view declared for this method (HEAD and OPTIONS as GET)."""
    method = "GET" if method in ("HEAD", "OPTIONS") else method
    policies: dict[str, Policy] | None = getattr(view, "policies", None)
    if policies is not None:
        return policies.get(method)
    return declared_policy(view)
