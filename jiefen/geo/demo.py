"""Demo grid: the villages of each street grouped into grid areas of about six, and the demo
gazetteer (jiefen/geo/data/gazetteer_demo.csv, marked source=demo); and, on request, the whole
city (`seed_city`)."""

import datetime as dt

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


# The city view (`jiefen seed_demo --city`): the whole of Hangzhou's map, a city leader over its
# thirteen districts, and a second district (上城区) with its own staff and a few cases, so that
# the city leader can compare two districts and each district's people see only their own.
SECOND_DISTRICT = "330102"
CITY_CASES = 12


def seed_city(*, out, rng) -> None:
    """Load every Hangzhou file, then the second district's people and cases (idempotent)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
    from jiefen.accounts.demo import DEMO_PASSWORD, demo_name
    from jiefen.accounts.models import Department, User
    from jiefen.accounts.services import departments_ensure
    from jiefen.cases.choices import Category, Channel
    from jiefen.cases.demo import _credit_code, _id_number
    from jiefen.cases.models import Case
    from jiefen.cases.services import ClaimantInput, case_act, case_create
    from jiefen.geo.models import City, District, Village
    from jiefen.geo.services import HANGZHOU_DIVISIONS, divisions_load
    from jiefen.parties.services import employer_find_or_create

    for path in sorted(HANGZHOU_DIVISIONS.glob("*.json")):
        if not District.objects.filter(code=path.stem).exists():
            divisions_load(text=path.read_text(encoding="utf-8"))
    departments_ensure()
    district = District.objects.get(code=SECOND_DISTRICT)
    city = City.objects.get(code=SECOND_DISTRICT[:4])
    street = district.streets.order_by("code").first()
    village = Village.objects.filter(street=street).order_by("code").first()
    password = make_password(DEMO_PASSWORD)

    def body(kind, *, on_street=False):
        return Department.objects.get(
            kind=kind, district=district, street=street if on_street else None
        )

    people = [
        ("city_leader", "钱市长", Role.LEADER, None, ScopeLevel.CITY, city.code),
        ("sc_leader", "上城区领导", Role.LEADER, body(DepartmentKind.GOVERNANCE_SECTION),
         ScopeLevel.DISTRICT, district.code),
        ("sc_clerk", "上城区窗口", Role.RECEPTION_CLERK, body(DepartmentKind.MEDIATION_COMMITTEE),
         ScopeLevel.DISTRICT, district.code),
        ("sc_street_clerk", f"{street.name}窗口", Role.RECEPTION_CLERK,
         body(DepartmentKind.MEDIATION_COMMITTEE, on_street=True), ScopeLevel.STREET, street.code),
        (f"med_{village.code}", demo_name(rng), Role.MEDIATOR,
         body(DepartmentKind.MEDIATION_COMMITTEE, on_street=True), ScopeLevel.VILLAGE, village.code),
    ]  # fmt: skip
    for username, name, role, department, level, code in people:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": name,
                "role": role,
                "department": department,
                "scope_level": level,
                "scope_code": code,
                "password": password,
                "phone": f"135{rng.randrange(10**8):08d}",
            },
        )
        if level == ScopeLevel.VILLAGE:
            village.mediators.add(user)
    clerk = User.objects.get(username="sc_clerk")
    villages = list(Village.objects.filter(street__district=district).order_by("code")[:30])
    have = Case.objects.filter(village__street__district=district).count()
    now = timezone.now()
    for i in range(have, CITY_CASES):
        place = rng.choice(villages)
        employer = employer_find_or_create(
            name=f"杭州{place.name[:2]}{rng.choice(['餐饮', '物业', '商贸', '建设'])}有限公司",
            credit_code=_credit_code(rng),
            village=place,
        )
        case = case_create(
            actor=clerk,
            channel=rng.choice([Channel.WALK_IN, Channel.PHONE]),
            category=rng.choice([Category.WAGE_ARREARS, Category.LABOR_CONTRACT]),
            summary=f"{place.name}劳动者反映被拖欠工资",
            village=place,
            received_at=now - dt.timedelta(days=rng.randrange(1, 40)),
            claimants=[
                ClaimantInput(
                    name=demo_name(rng),
                    id_number=_id_number(rng),
                    phone=f"139{rng.randrange(10**8):08d}",
                    representative=True,
                )
            ],
            employer=employer,
        )
        case = case_act(case=case, action="register", actor=clerk, note="依法登记")
        if i % 3:
            case_act(case=case, action="accept", actor=clerk, note="符合受理条件")
    out.write(
        f"city: {District.objects.count()} districts, {Village.objects.count()} villages; "
        f"{district.name}: {Case.objects.filter(village__street__district=district).count()} "
        "cases (city_leader sees them all, sc_clerk only 上城区's)"
    )
