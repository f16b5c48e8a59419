"""The labour inspection track on the case's track contract (`jiefen.cases.tracks`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Track
from jiefen.cases.clockrules import ClockKind
from jiefen.cases.tracks import Implication, TrackSpec, track_register


def _outcome(case) -> Implication | None:
    from jiefen.inspection.selectors import inspection_for_case
    from jiefen.inspection.services import inspection_outcome_implies

    inspection = inspection_for_case(case=case)
    return inspection_outcome_implies(inspection) if inspection else None


def _panel(*, request, case) -> str:
    from jiefen.inspection.panels import case_panel

    return case_panel(request=request, case=case)


def _rows() -> dict[str, Exists]:
    from jiefen.inspection.models import Inspection

    return {"inspection": Exists(Inspection.objects.filter(case=OuterRef("pk")))}


def register() -> TrackSpec:
    return track_register(
        TrackSpec(
            track=Track.INSPECTION,
            label=_("劳动监察"),
            panel=_panel,
            outcome=_outcome,
            rows=_rows,
            documents={"rectification_order": _("劳动保障监察责令改正决定书")},
            clocks=(
                ClockKind.INSPECTION_OPEN_5,
                ClockKind.INSPECTION_INVESTIGATE_60,
                ClockKind.INSPECTION_NOTICE_3,
            ),
        )
    )
