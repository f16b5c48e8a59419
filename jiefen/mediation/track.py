"""The mediation track on the case's track contract (`jiefen.cases.tracks`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Track
from jiefen.cases.clockrules import ClockKind
from jiefen.cases.tracks import Implication, TrackSpec, track_register


def _outcome(case) -> Implication | None:
    from jiefen.mediation.models import Mediation
    from jiefen.mediation.rules import mediation_outcome_implies

    mediation = Mediation.objects.filter(case=case).order_by("-started_at", "-id").first()
    return mediation_outcome_implies(mediation) if mediation else None


def _panel(*, request, case) -> str:
    from jiefen.mediation.panels import case_panel

    return case_panel(request=request, case=case)


def _rows() -> dict[str, Exists]:
    from jiefen.mediation.models import Mediation

    return {"mediation": Exists(Mediation.objects.filter(case=OuterRef("pk")))}


def register() -> TrackSpec:
    return track_register(
        TrackSpec(
            track=Track.MEDIATION,
            label=_("调解"),
            panel=_panel,
            outcome=_outcome,
            rows=_rows,
            documents={"agreement": _("人民调解协议书")},
            clocks=(
                ClockKind.MEDIATION_15,
                ClockKind.AGREEMENT_ARBITRAL_REVIEW_15,
                ClockKind.AGREEMENT_JUDICIAL_REVIEW_30,
            ),
        )
    )
