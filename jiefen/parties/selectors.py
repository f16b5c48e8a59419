"""Finding parties: workers only within the user's scope (claimants of their cases, linked as
themselves); employers by exact code anywhere, by name within scope."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from jiefen.core import crypto
from jiefen.parties.models import Employer, Worker
from jiefen.parties.scope import employers_scope_q, workers_scope_q
from jiefen.parties.validators import normalize_credit_code, normalize_id_number


def worker_search(*, user, query: str, limit: int = 10) -> QuerySet[Worker]:
    """Suggestions within the user's scope, by exact identity number or by name: a number on
    file outside the scope finds nothing here (no response names a person outside it)."""
    query = query.strip()
    if re.fullmatch(r"\d{17}[\dXx]", query):
        return Worker.objects.filter(
            workers_scope_q(user), id_number_hash=crypto.lookup_hash(normalize_id_number(query))
        )[:limit]
    if len(query) < 1:
        return Worker.objects.none()
    return Worker.objects.filter(workers_scope_q(user), name__startswith=query).order_by("name")[
        :limit
    ]


def employer_search(*, user, query: str, limit: int = 10) -> QuerySet[Employer]:
    query = query.strip()
    if not query:
        return Employer.objects.none()
    code = normalize_credit_code(query)
    if re.fullmatch(r"[0-9A-Z]{18}|\d{15}", code):
        return Employer.objects.filter(Q(credit_code=code) | Q(registration_number=code))[:limit]
    from jiefen.geo.selectors import village_scope_q

    return Employer.objects.filter(Q(name__contains=query) & village_scope_q(user)).order_by(
        "name"
    )[:limit]


def worker_in_scope(*, user, pk: int) -> Worker | None:
    """A worker on a case within the user's scope, or None."""
    return Worker.objects.filter(workers_scope_q(user), pk=pk).first()


def employer_in_scope(*, user, pk: int) -> Employer | None:
    """An employer on a case within the user's scope, or None."""
    return Employer.objects.filter(employers_scope_q(user), pk=pk).first()
