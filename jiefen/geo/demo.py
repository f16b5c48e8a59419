"""Demo grid: the villages of each street grouped into grid areas of about six, and the demo
gazetteer (jiefen/geo/data/gazetteer_demo.csv, marked source=demo)."""

from jiefen.geo.models import GazetteerEntry, GridArea, Street
from jiefen.geo.services import gazetteer_load_demo, grid_area_create

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
    # The demo gazetteer (marked source=demo) lets the address matcher and picker find places.
    # The test database's reference data (conftest calls this with rng=None) stays without it,
    # so each test chooses the gazetteer it matches against.
    if rng is not None and not GazetteerEntry.objects.filter(source="demo").exists():
        out.write(gazetteer_load_demo())
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
