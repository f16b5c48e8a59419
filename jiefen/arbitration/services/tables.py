"""The reference tables the tribunal works with: wage tables and hearing rooms."""

from __future__ import annotations

from jiefen.arbitration.models import (
    AverageWage,
    HearingRoom,
    MinimumWage,
)
from jiefen.core.policy import system


@system
def wage_tables_ensure() -> None:
    """The seeded wage rows, for a database that lost them (a flushed test database)."""
    from jiefen.arbitration.wages import AVERAGE_WAGES, MINIMUM_WAGES

    for row in AVERAGE_WAGES:
        AverageWage.objects.get_or_create(
            province=row["province"], effective_from=row["effective_from"], defaults=row
        )
    for row in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            region=row["region"], effective_from=row["effective_from"], defaults=row
        )


@system
def rooms_ensure() -> list[HearingRoom]:
    """The district's tribunal room and one 仲裁派出庭 room per street."""
    from jiefen.geo.models import Street

    rooms = [
        HearingRoom.objects.get_or_create(
            name="西湖区劳动人事争议仲裁院第一仲裁庭",
            defaults={"address": "西湖区矛盾纠纷综合调处中心三楼"},
        )[0]
    ]
    for street in Street.objects.order_by("code"):
        rooms.append(
            HearingRoom.objects.get_or_create(
                name=f"{street.name}仲裁派出庭",
                defaults={"street": street, "address": f"{street.name}矛盾纠纷调处中心"},
            )[0]
        )
    return rooms
