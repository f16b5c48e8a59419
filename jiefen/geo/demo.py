"""Demo grid: the villages of each street grouped into grid areas of about six."""

from jiefen.geo.models import GridArea, Street
from jiefen.geo.services import grid_area_create

ORDER = 10
AREA_NAMES = [
    "第一片区",
    "第二片区",
    "第三片区",
    "第四片区",
    "第五片区",
    "第六片区",
    "第七片区",
    "第八片区",
]


def seed(*, out, rng) -> None:
    if GridArea.objects.exists():
        return
    for street in Street.objects.prefetch_related("villages"):
        villages = list(street.villages.order_by("code"))
        size = 6
        for index in range(0, len(villages), size):
            grid_area_create(
                street=street,
                name=AREA_NAMES[index // size],
                villages=villages[index : index + size],
            )
    out.write(f"grid areas: {GridArea.objects.count()}")
