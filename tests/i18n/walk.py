"""Walk every page of every role and the portal in English and collect the Chinese system text.

The URLs are the role walk's (tests/kernel: every routed URL, parameters filled with the first id),
plus each role's own cases and the portal pages of a case its party confirmed."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test import Client

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.accounts.models import User
from tests.i18n.reader import Known, system_chinese
from tests.scope.walker import discover_routes

ROLES = [
    Role.RECEPTION_CLERK,
    Role.MEDIATOR,
    Role.ARBITRATOR,
    Role.TRIBUNAL_CLERK,
    Role.LABOR_INSPECTOR,
    Role.POLICE_LIAISON,
    Role.LEADER,
    Role.ADMINISTRATOR,
]
SCOPE_ORDER = [ScopeLevel.DISTRICT, ScopeLevel.STREET, ScopeLevel.GRID, ScopeLevel.VILLAGE]
NOT_WALKED = ("/accounts/logout/", "/api/", "/i18n/", "/static/", "/media/")
# Files, not pages: spreadsheets, Word documents, images, feeds.
FILE_SUFFIXES = ("xlsx", "docx", ".png", ".csv", ".json", ".ics")

# What the system writes (not data): its events, clocks, notices and logs are system text.
SYSTEM_TEXT = {
    "cases.CaseEvent",
    "cases.Clock",
    "dispatch.DispatchEvent",
    "accounts.Notification",
    "audit.AuditEntry",
    "reports.ReportRun",
}


def known_data() -> Known:
    """Every Chinese run of every free-text column of the data (names, places, what was typed)."""
    known = Known()
    for model in apps.get_models():
        if not model.__module__.startswith("jiefen.") or model._meta.label in SYSTEM_TEXT:
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if fields:
            for row in model._default_manager.values_list(*fields).iterator():
                known.add(v for v in row if isinstance(v, str))
    return known


def english_client(user: User | None = None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def walker_of(role: str) -> User | None:
    """A person of `role` with the widest scope the data has."""
    for level in SCOPE_ORDER:
        user = User.objects.filter(role=role, scope_level=level, is_active=True).order_by("id")
        if user.exists():
            return user.first()
    return None


def _pages(user: User) -> list[str]:
    from jiefen.cases.selectors import case_list_for_user

    urls = [u for u in discover_routes() if not u.startswith(NOT_WALKED)]
    urls += [
        f"/cases/{pk}/" for pk in case_list_for_user(user=user).values_list("pk", flat=True)[:8]
    ]
    return [u for u in urls if not u.endswith(FILE_SUFFIXES)]


def read(client: Client, url: str, known: Known) -> list[str]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    return system_chinese(response.content.decode(), known)


def staff_findings(known: Known) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for role in ROLES:
        user = walker_of(role)
        assert user is not None, f"the demo has no {role}"
        client = english_client(user)
        for url in _pages(user):
            for finding in read(client, url, known):
                found.setdefault(finding, []).append(f"{role} {url}")
    return found


def portal_findings(known: Known) -> dict[str, list[str]]:
    """The public pages, and the pages of a case its party confirmed (the session holds it)."""
    import time

    from jiefen.cases.models import Case
    from jiefen.portal.views import CASES_SESSION

    client = english_client()
    cases = list(Case.objects.filter(portal_application__isnull=False).order_by("id")[:3]) or list(
        Case.objects.order_by("id")[:3]
    )
    session = client.session
    session[CASES_SESSION] = {str(c.pk): time.time() + 3600 for c in cases}
    session.save()
    urls = [u for u in discover_routes() if u.startswith("/portal/") or u == "/"]
    for case in cases:
        urls += [
            f"/portal/track/{case.number}/",
            f"/portal/receipt/{case.number}/",
            f"/portal/receipt/{case.number}/print/",
        ]
    urls += [f"/portal/apply/{kind}/" for kind in ("mediation", "arbitration", "inspection")]
    found: dict[str, list[str]] = {}
    for url in urls:
        if url.startswith("/portal/staff/"):
            continue
        for finding in read(client, url, known):
            found.setdefault(finding, []).append(url)
    return found


def stored_findings(known: Known) -> dict[str, list[str]]:
    """What the system stored to be read later (every timeline entry, every clock's name, every
    dispatch event), rendered in English: the pages walked show only some cases, the store
    holds what every case will show."""
    from django.utils import translation

    from jiefen.cases.models import CaseEvent, Clock
    from jiefen.dispatch.models import DispatchEvent

    found: dict[str, list[str]] = {}

    def note(html: str, where: str) -> None:
        for finding in system_chinese(f"<p>{html}</p>", known):
            found.setdefault(finding, []).append(where)

    with translation.override("en"):
        for event in CaseEvent.objects.order_by("id").iterator():
            note(event.text, f"timeline of case {event.case_id}")
        for clock in Clock.objects.order_by("id").iterator():
            note(clock.title, f"clock of case {clock.case_id}")
        for event in DispatchEvent.objects.order_by("id").iterator():
            note(event.text, f"dispatch event {event.pk}")
    return found
