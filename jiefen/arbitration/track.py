"""The arbitration track on the case's track contract (`jiefen.cases.tracks`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Track
from jiefen.cases.clockrules import ClockKind
from jiefen.cases.tracks import Implication, TrackSpec, track_register


def _outcome(case) -> Implication | None:
    from jiefen.arbitration.rules import arbitration_outcome_implies
    from jiefen.arbitration.selectors import application_latest_for_case

    application = application_latest_for_case(case)
    return arbitration_outcome_implies(application) if application else None


def _panel(*, request, case) -> str:
    from jiefen.arbitration.panels import case_panel

    return case_panel(request=request, case=case)


def _receive(**kwargs):
    from jiefen.arbitration.services import application_receive_hand_over

    return application_receive_hand_over(**kwargs)


def _rows() -> dict[str, Exists]:
    from jiefen.arbitration.models import Application

    return {"arbitration": Exists(Application.objects.filter(case=OuterRef("pk")))}


def register() -> TrackSpec:
    return track_register(
        TrackSpec(
            track=Track.ARBITRATION,
            label=_("仲裁"),
            panel=_panel,
            outcome=_outcome,
            rows=_rows,
            documents={
                "acceptance": _("受理通知书"),
                "decline": _("不予受理通知书"),
                "hearing": _("开庭通知书"),
                "award": _("裁决书"),
                "mediation": _("仲裁调解书"),
                "extension": _("延长仲裁期限审批表"),
            },
            clocks=(
                ClockKind.ARBITRATION_ACCEPTANCE_5,
                ClockKind.ARBITRATION_SERVICE_5,
                ClockKind.ARBITRATION_DEFENCE_10,
                ClockKind.ARBITRATION_DEFENCE_COPY_5,
                ClockKind.ARBITRATION_COMPOSITION_5,
                ClockKind.ARBITRATION_AWARD_45,
                ClockKind.ARBITRATION_SIMPLIFIED_30,
                ClockKind.ARBITRATION_ONE_MONTH,
            ),
            receive=_receive,
        )
    )
