"""Loading a district's divisions file: validate everything first, then write in one transaction,
so a malformed file leaves the database exactly as it was."""

from __future__ import annotations

import csv
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
from jiefen.geo.gazetteer import gazetteer_forget
from jiefen.geo.models import City, District, GazetteerEntry, GridArea, Province, Street, Village

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


# --- The gazetteer (地名库): roads, compounds, parks, markets, landmarks → villages ---------

GAZETTEER_COLUMNS = ("kind", "name", "section", "villages", "aliases", "source")
GAZETTEER_REQUIRED = ("kind", "name", "villages")
DEMO_GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer_demo.csv"
_LIST_SPLIT = re.compile(r"[|｜;；、]")
_SECTION_RANGE = re.compile(r"(单|双)?号?(\d+)\s*[-－~～至到]\s*(\d+)号?")


class GazetteerFileError(ApplicationError):
    """A gazetteer CSV with bad rows: every bad row with its line and reason; nothing loaded."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "; ".join(f"line {line}: {reason}" for line, reason in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} bad row(s): {lines}{more}")


@dataclass(frozen=True)
class GazetteerRow:
    line: int
    kind: str
    name: str
    section: str
    village_ids: tuple[int, ...]
    district_id: int
    aliases: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class GazetteerLoadResult:
    created: int
    updated: int
    removed: int


def _kind_of(value: str) -> str | None:
    value = value.strip()
    for kind in GazetteerEntry.Kind:
        if value in (kind.value, str(kind.label)):
            return kind.value
    return {
        "road section": "road_section",
        "道路路段": "road_section",
        "园区": "industrial_park",
    }.get(value)


def _csv_lines(text: str) -> tuple[list[str], str]:
    """The file's lines with comments blanked (so csv keeps counting physical lines), and the
    `source=` a header comment declares."""
    source = ""
    lines = []
    for line in text.lstrip("\ufeff").splitlines():
        if line.lstrip().startswith("#"):
            found = re.search(r"source\s*=\s*(\S+)", line)
            if found and not source:
                source = found.group(1)
            lines.append("")
        else:
            lines.append(line)
    return lines, source


@internal
def gazetteer_parse(text: str, *, source: str = "") -> list[GazetteerRow]:
    """Check a gazetteer CSV completely; return its rows or raise with every bad line."""
    lines, declared = _csv_lines(text)
    source = source or declared
    reader = csv.reader(lines)
    errors: list[tuple[int, str]] = []
    header: list[str] | None = None
    villages = list(Village.objects.select_related("street"))
    by_code = {v.code: v for v in villages}
    by_name: dict[str, list[Village]] = {}
    for v in villages:
        by_name.setdefault(v.name, []).append(v)
        by_name.setdefault(f"{v.street.name}{v.name}", []).append(v)
    rows: list[GazetteerRow] = []
    seen: dict[tuple[int, str, str, str], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            unknown = [c for c in header if c not in GAZETTEER_COLUMNS]
            missing = [c for c in GAZETTEER_REQUIRED if c not in header]
            if unknown or missing:
                reason = "header: " + "; ".join(
                    ([f"unknown column(s) {', '.join(unknown)}"] if unknown else [])
                    + ([f"missing column(s) {', '.join(missing)}"] if missing else [])
                )
                raise GazetteerFileError([(line, reason)])
            continue
        if len(cells) != len(header):
            errors.append((line, f"expected {len(header)} columns, found {len(cells)}"))
            continue
        row = {key: cell.strip() for key, cell in zip(header, cells, strict=True)}
        problems: list[str] = []
        kind = _kind_of(row["kind"])
        if kind is None:
            problems.append(f"unknown kind {row['kind']!r}")
        name = row["name"]
        if not name:
            problems.append("name is empty")
        elif len(name) > 100:
            problems.append("name is longer than 100 characters")
        section = row.get("section", "")
        if kind == "road_section" and not section:
            problems.append("a road_section needs its section (a stretch or house numbers)")
        if section and kind not in ("road_section", None):
            problems.append(f"only a road_section has a section, not a {kind}")
        numbers = _SECTION_RANGE.fullmatch(section.replace(" ", "")) if section else None
        if numbers and int(numbers.group(2)) > int(numbers.group(3)):
            problems.append(f"section {section!r}: the first number is above the last")
        found: list[Village] = []
        refs = [r.strip() for r in _LIST_SPLIT.split(row["villages"]) if r.strip()]
        if not refs:
            problems.append("no village given")
        for ref in refs:
            if ref in by_code:
                found.append(by_code[ref])
            elif len(by_name.get(ref, [])) == 1:
                found.append(by_name[ref][0])
            elif ref in by_name:
                problems.append(f"village {ref!r} is ambiguous: give its 12-digit code")
            else:
                problems.append(f"unknown village {ref!r}")
        districts = {v.street.district_id for v in found}
        if len(districts) > 1:
            problems.append("the villages lie in different districts")
        if not problems and kind is not None:
            key = (next(iter(districts)), kind, name, section)
            if key in seen:
                problems.append(f"repeats line {seen[key]}")
            else:
                seen[key] = line
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        rows.append(
            GazetteerRow(
                line=line,
                kind=kind or "",
                name=name,
                section=section,
                village_ids=tuple(dict.fromkeys(v.pk for v in found)),
                district_id=next(iter(districts)),
                aliases=tuple(
                    a.strip() for a in _LIST_SPLIT.split(row.get("aliases", "")) if a.strip()
                ),
                source=row.get("source") or source,
            )
        )
    if header is None:
        raise GazetteerFileError([(1, "the file has no header line")])
    if errors:
        raise GazetteerFileError(errors)
    return rows


@system
@transaction.atomic
def gazetteer_load(*, text: str, source: str = "", replace: bool = False) -> GazetteerLoadResult:
    """Create or update gazetteer entries from a CSV (docs/gazetteer.md). All or nothing: one
    bad row and nothing is written, so a half-loaded gazetteer never sends an address to the
    wrong village. `replace` also removes the entries of the same source the file no longer
    lists."""
    rows = gazetteer_parse(text, source=source)
    created = updated = 0
    kept: set[int] = set()
    for row in rows:
        entry, made = GazetteerEntry.objects.update_or_create(
            district_id=row.district_id,
            kind=row.kind,
            name=row.name,
            section=row.section,
            defaults={"aliases": "\n".join(row.aliases), "source": row.source},
        )
        entry.villages.set(row.village_ids)
        kept.add(entry.pk)
        created += made
        updated += not made
    removed = 0
    if replace:
        sources = {row.source for row in rows}
        districts = {row.district_id for row in rows}
        stale = GazetteerEntry.objects.filter(source__in=sources, district_id__in=districts)
        stale = stale.exclude(pk__in=kept)
        removed = stale.count()
        stale.delete()
    transaction.on_commit(gazetteer_forget)
    gazetteer_forget()
    return GazetteerLoadResult(created=created, updated=updated, removed=removed)


@system
def gazetteer_load_demo() -> str:
    """The demonstration gazetteer (data/gazetteer_demo.csv, source=demo)."""
    result = gazetteer_load(text=DEMO_GAZETTEER.read_text(encoding="utf-8"))
    return f"gazetteer (demo data): {result.created} new, {result.updated} updated entries"
