"""Loading a district's divisions file: validate everything first, then write in one transaction,
so a malformed file leaves the database exactly as it was."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json import scanner
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from jiefen.core.exceptions import ApplicationError
from jiefen.core.policy import internal, system
from jiefen.geo.models import City, District, GridArea, Province, Street, Village

XIHU_DIVISIONS = Path(__file__).resolve().parent / "data" / "xihu_divisions.json"
HANGZHOU_DIVISIONS = XIHU_DIVISIONS.parent / "hangzhou"

# The short letters each Hangzhou district's case numbers carry (XH2026-00042); a district of
# another city is numbered by its code until an administrator gives it letters.
CASE_PREFIXES = {
    "330102": "SC",
    "330105": "GS",
    "330106": "XH",
    "330108": "BJ",
    "330109": "XS",
    "330110": "YH",
    "330111": "FY",
    "330112": "LA",
    "330113": "LP",
    "330114": "QT",
    "330122": "TL",
    "330127": "CA",
    "330182": "JD",
}


@internal
def case_prefix_default(code: str) -> str:
    """The case-number prefix a newly loaded district gets: the installation's own setting for
    its home district, the district's letters, or its code."""
    if code == settings.JIEFEN_DISTRICT_CODE:
        return settings.JIEFEN_CASE_PREFIX
    prefix = CASE_PREFIXES.get(code, f"{code}-")
    taken = District.objects.filter(case_prefix=prefix).exclude(code=code).exists()
    return f"{code}-" if taken else prefix


class DivisionsFileError(ApplicationError):
    def __init__(self, *, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class LoadResult:
    district: District
    streets: int
    villages: int


class _Located(dict):
    """A JSON object that remembers the line it starts on."""

    line = 1


def _parse_with_lines(text: str) -> Any:
    """json.loads, but every object carries the line it began on, for error messages."""
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        s, end = s_and_end
        pairs, new_end = json.decoder.JSONObject(
            s_and_end, strict, scan_once, None, list, memo if memo is not None else {}
        )
        obj = _Located(pairs)
        obj.line = s.count("\n", 0, end) + 1
        return obj, new_end

    decoder.parse_object = parse_object
    decoder.scan_once = scanner.py_make_scanner(decoder)
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as e:
        raise DivisionsFileError(line=e.lineno, reason=f"not valid JSON: {e.msg}") from e


def _require(obj: Any, key: str, pattern: str, what: str) -> str:
    line = getattr(obj, "line", 1)
    if not isinstance(obj, dict):
        raise DivisionsFileError(line=line, reason=f"{what} must be an object")
    value = obj.get(key)
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise DivisionsFileError(
            line=line, reason=f"{what}: '{key}' is missing or malformed ({value!r})"
        )
    return value


@internal
def divisions_parse(text: str) -> dict[str, Any]:
    """Check a divisions file completely; return it as plain data or raise with line and reason."""
    data = _parse_with_lines(text)
    if not isinstance(data, dict):
        raise DivisionsFileError(line=1, reason="the file must hold one JSON object")
    district = data.get("district")
    if not isinstance(district, dict):
        raise DivisionsFileError(line=data.line, reason="'district' is missing")
    d_code = _require(district, "code", r"\d{6}", "district")
    _require(district, "name", r".+", "district")
    for key, digits in (("city", 4), ("province", 2)):
        upper = district.get(key)
        if upper is None:
            continue
        code = _require(upper, "code", rf"\d{{{digits}}}", f"district's {key}")
        _require(upper, "name", r".+", f"district's {key}")
        if not d_code.startswith(code):
            raise DivisionsFileError(
                line=upper.line, reason=f"{key} {code} does not contain district {d_code}"
            )
    streets = data.get("streets")
    if not isinstance(streets, list) or not streets:
        raise DivisionsFileError(line=data.line, reason="'streets' must be a non-empty list")
    seen: set[str] = set()
    for street in streets:
        s_code = _require(street, "code", rf"{d_code}\d{{3}}", "street")
        _require(street, "name", r".+", f"street {s_code}")
        if street.get("type") not in Street.Kind.values:
            raise DivisionsFileError(
                line=street.line,
                reason=f"street {s_code}: 'type' must be one of {', '.join(Street.Kind.values)}",
            )
        if s_code in seen:
            raise DivisionsFileError(line=street.line, reason=f"street {s_code} appears twice")
        seen.add(s_code)
        villages = street.get("villages")
        if not isinstance(villages, list):
            raise DivisionsFileError(
                line=street.line, reason=f"street {s_code}: 'villages' must be a list"
            )
        for village in villages:
            v_code = _require(village, "code", rf"{s_code}\d{{3}}", f"village of street {s_code}")
            _require(village, "name", r".+", f"village {v_code}")
            if village.get("kind") not in Village.Kind.values:
                raise DivisionsFileError(
                    line=village.line,
                    reason=f"village {v_code}: 'kind' must be village or community",
                )
            if v_code in seen:
                raise DivisionsFileError(
                    line=village.line, reason=f"village {v_code} appears twice"
                )
            seen.add(v_code)
    return data


@system
@transaction.atomic
def divisions_load(*, text: str) -> LoadResult:
    """Create or update a district (with its city and province), its streets and villages
    from a divisions file. A district's own names and case prefix, once set, are kept."""
    data = divisions_parse(text)
    d = data["district"]
    city = None
    if d.get("city"):
        province = None
        if d.get("province"):
            province, _ = Province.objects.update_or_create(
                code=d["province"]["code"], defaults={"name": d["province"]["name"]}
            )
        else:
            province, _ = Province.objects.get_or_create(
                code=d["city"]["code"][:2], defaults={"name": d["city"]["code"][:2]}
            )
        city, _ = City.objects.update_or_create(
            code=d["city"]["code"], defaults={"name": d["city"]["name"], "province": province}
        )
    district, _ = District.objects.update_or_create(
        code=d["code"],
        defaults={
            "name": d["name"],
            "city": city,
            "city_name": (d.get("city") or {}).get("name", ""),
            "province_name": (d.get("province") or {}).get("name", ""),
            "source": data.get("source", ""),
        },
    )
    if not district.case_prefix:
        district.case_prefix = case_prefix_default(district.code)
        district.save(update_fields=["case_prefix"])
    village_count = 0
    for s in data["streets"]:
        street, _ = Street.objects.update_or_create(
            code=s["code"], defaults={"district": district, "name": s["name"], "kind": s["type"]}
        )
        for v in s["villages"]:
            Village.objects.update_or_create(
                code=v["code"], defaults={"street": street, "name": v["name"], "kind": v["kind"]}
            )
            village_count += 1
    return LoadResult(district=district, streets=len(data["streets"]), villages=village_count)


@system
def divisions_load_default() -> str:
    """Load the bundled Xihu divisions on a new installation (`jiefen bootstrap`); nothing when
    a district is already on file."""
    if District.objects.exists():
        return ""
    result = divisions_load(text=XIHU_DIVISIONS.read_text(encoding="utf-8"))
    return f"district {result.district.name}: {result.streets} streets, {result.villages} villages"


@system
@transaction.atomic
def grid_area_create(
    *, street: Street, name: str, villages: list[Village], inspector=None
) -> GridArea:
    """Group villages of one street into a grid area (片区) with its responsible inspector."""
    if any(v.street_id != street.pk for v in villages):
        raise ApplicationError("片区只能包含本街道的村社")
    number = GridArea.objects.filter(street=street).count() + 1
    area = GridArea.objects.create(
        street=street, code=f"{street.code}G{number:02d}", name=name, inspector=inspector
    )
    Village.objects.filter(pk__in=[v.pk for v in villages]).update(grid_area=area)
    return area
