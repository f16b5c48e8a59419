"""What the portal adds to a case's papers: the evidence received online (the exchange lists
it), registered with `jiefen.cases.track_hooks` at start-up. What the tracks hold that the party
may see (sessions, served documents) is read through the same hooks, naming no track."""

from __future__ import annotations

from jiefen.cases.models import Case
from jiefen.cases.track_hooks import CasePaper, TrackHooks
from jiefen.portal.models import Evidence


def _papers(case: Case) -> list[CasePaper]:
    return [
        CasePaper(
            kind="evidence",
            title=e.original_name,
            issued_at=e.uploaded_at,
            content_type=e.content_type,
            sha256=e.sha256,
        )
        for e in Evidence.objects.filter(application__case=case).order_by("id")
    ]


HOOKS = TrackHooks(name="portal", order=10, papers=_papers)
