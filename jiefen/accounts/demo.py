"""Demo roster: the people of the centre and of every street, grid area and village."""

from django.conf import settings
from django.contrib.auth.hashers import make_password

from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
from jiefen.accounts.models import Department, User
from jiefen.geo.models import District, GridArea, Street, Village

ORDER = 20
DEMO_PASSWORD = "Jiefen@2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文斌宇浩凯燕红梅琳雪晨欣怡佳俊峰波"

# Named logins printed by `make run`: one per role, at the scopes a newcomer will want to try.
NAMED = [
    (
        "admin",
        "系统管理员",
        Role.ADMINISTRATOR,
        DepartmentKind.GOVERNANCE_SECTION,
        ScopeLevel.DISTRICT,
        None,
    ),
    ("leader", "周局长", Role.LEADER, DepartmentKind.GOVERNANCE_SECTION, ScopeLevel.DISTRICT, None),
    (
        "clerk",
        "陈窗口",
        Role.RECEPTION_CLERK,
        DepartmentKind.MEDIATION_COMMITTEE,
        ScopeLevel.DISTRICT,
        None,
    ),
    (
        "zt_clerk",
        "林受理",
        Role.RECEPTION_CLERK,
        DepartmentKind.MEDIATION_COMMITTEE,
        ScopeLevel.STREET,
        "330106010",
    ),
    (
        "mediator",
        "王调解",
        Role.MEDIATOR,
        DepartmentKind.MEDIATION_COMMITTEE,
        ScopeLevel.STREET,
        "330106010",
    ),
    (
        "arbitrator",
        "赵仲裁",
        Role.ARBITRATOR,
        DepartmentKind.ARBITRATION_TRIBUNAL,
        ScopeLevel.DISTRICT,
        None,
    ),
    (
        "tribunal_clerk",
        "孙书记",
        Role.TRIBUNAL_CLERK,
        DepartmentKind.ARBITRATION_TRIBUNAL,
        ScopeLevel.DISTRICT,
        None,
    ),
    (
        "inspector",
        "钱监察",
        Role.LABOR_INSPECTOR,
        DepartmentKind.LABOR_INSPECTION_SQUAD,
        ScopeLevel.STREET,
        "330106010",
    ),
    (
        "police",
        "郑警官",
        Role.POLICE_LIAISON,
        DepartmentKind.POLICE_OFFICE,
        ScopeLevel.STREET,
        "330106010",
    ),
    (
        "st_leader",
        "吴主任",
        Role.LEADER,
        DepartmentKind.GOVERNANCE_SECTION,
        ScopeLevel.STREET,
        "330106010",
    ),
]


def demo_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _department(kind: str, street: Street | None) -> Department:
    if street is None:
        return Department.objects.get(
            kind=kind, street=None, district__code=settings.JIEFEN_DISTRICT_CODE
        )
    return Department.objects.get(kind=kind, street=street)


def seed(*, out, rng) -> None:
    if User.objects.filter(username="admin").exists():
        return
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 per user would take a minute
    district = District.objects.get()
    streets = {s.code: s for s in Street.objects.all()}
    users = []
    for username, name, role, kind, level, code in NAMED:
        street = streets.get(code) if level == ScopeLevel.STREET else None
        users.append(
            User(
                username=username,
                full_name=name,
                role=role,
                password=password,
                department=_department(kind, street),
                scope_level=level,
                scope_code=code or district.code,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=username == "admin",
                phone=f"1380571{len(users):04d}",
            )
        )
    User.objects.bulk_create(users)
    # One responsible inspector per grid area, one police liaison and one street mediator per street.
    for area in GridArea.objects.select_related("street"):
        inspector = User.objects.create(
            username=f"ins_{area.code.lower()}",
            full_name=demo_name(rng),
            role=Role.LABOR_INSPECTOR,
            password=password,
            department=_department(DepartmentKind.LABOR_INSPECTION_SQUAD, area.street),
            scope_level=ScopeLevel.GRID,
            scope_code=area.code,
            phone=f"139{rng.randrange(10**8):08d}",
        )
        area.inspector = inspector
        area.save(update_fields=["inspector"])
    for street in streets.values():
        for role, kind, prefix in [
            (Role.POLICE_LIAISON, DepartmentKind.POLICE_OFFICE, "pol"),
            (Role.MEDIATOR, DepartmentKind.MEDIATION_COMMITTEE, "med"),
        ]:
            User.objects.get_or_create(
                username=f"{prefix}_{street.code}",
                defaults={
                    "full_name": demo_name(rng),
                    "role": role,
                    "password": password,
                    "department": _department(kind, street),
                    "scope_level": ScopeLevel.STREET,
                    "scope_code": street.code,
                    "phone": f"137{rng.randrange(10**8):08d}",
                },
            )
    # Each village its mediator (the grid of 48 full- and part-time mediators, and more).
    for village in Village.objects.select_related("street"):
        mediator = User.objects.create(
            username=f"med_{village.code}",
            full_name=demo_name(rng),
            role=Role.MEDIATOR,
            password=password,
            department=_department(DepartmentKind.MEDIATION_COMMITTEE, village.street),
            scope_level=ScopeLevel.VILLAGE,
            scope_code=village.code,
            phone=f"136{rng.randrange(10**8):08d}",
        )
        village.mediators.add(mediator)
    # The named street mediator serves every village of 转塘 too, as a street-level mediator.
    out.write(f"staff: {User.objects.count()} (demo password {DEMO_PASSWORD})")


def _place(level: ScopeLevel, code: str | None) -> str:
    if code is None:
        return str(level.label)
    place = (Street if level == ScopeLevel.STREET else Village).objects.filter(code=code).first()
    return place.name if place else f"{level.label} {code}"


def welcome_lines() -> list[str]:
    """The demo logins, as `jiefen serve` prints them (the README's table lists the same)."""
    return [f"demo logins (password {DEMO_PASSWORD}):"] + [
        f"  {username:<15} {name} · {role.label} · {_place(level, code)}"
        for username, name, role, _kind, level, code in NAMED
    ]
