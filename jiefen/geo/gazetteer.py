"""Address to village: the gazetteer's reads. A free-text address becomes ranked villages, each
with the reason it was found (a compound, a road, the village's own name, the street only); the
village picker finds a village by name, pinyin initials, street, or a place its gazetteer lists.

Everything works on one in-memory index of the district's villages, streets and gazetteer
entries, rebuilt when any of them changes (a cheap signature query per call): an address is
matched by scanning for every known name, longest first, so "转塘街社区" wins over "转塘"."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from jiefen.geo.models import District, GazetteerEntry, Street, Village

# Scores: what one piece of evidence says about a village. A unique candidate at or above
# CONFIDENT, with no other candidate at or above RIVAL, is filled in without asking.
PLACE = 90  # a compound, park, market or landmark named in full (or by an alias)
SECTION = 85  # a road section whose house numbers or stretch the address names
VILLAGE_NAME = 80  # the village's own name, with 村/社区/村委会 in any of its forms
ROAD_ONE = 80  # a road that lies in a single village
PLACE_STEM = 70  # a place named without its 小区/市场/园区
ROAD_BOUNDARY = 50  # a road shared by several villages: each of them, to be confirmed
VILLAGE_STEM = 40  # the village's name without 村/社区 ("转塘")
STREET_ONLY = 10  # only the street: every village of it, to be confirmed
CONFIDENT = 75
RIVAL = 60
MORE_EVIDENCE = 5  # each further piece of evidence for the same village

VILLAGE_SUFFIXES = ("社区居民委员会", "村民委员会", "社区居委会", "村委会", "居委会", "社区", "村")
STREET_SUFFIXES = ("街道", "镇", "乡")
ROAD_SUFFIXES = ("大道", "路", "街", "巷", "弄", "道")
PLACE_SUFFIXES = (
    "工业园区",
    "工业园",
    "产业园",
    "科技园",
    "园区",
    "农贸市场",
    "市场",
    "小区",
    "公寓",
)
ROAD_KINDS = {GazetteerEntry.Kind.ROAD, GazetteerEntry.Kind.ROAD_SECTION}

_DROP = re.compile(r"[\s,，。.、;；:：·•()（）\[\]【】《》<>\"“”'‘’!！?？]+")
_DASH = re.compile(r"[—–－~～至到]")
_NUMBER = re.compile(r"(\d+)")
_RANGE = re.compile(r"(单|双)?号?(\d+)-(\d+)号?")


def normalize(text: str) -> str:
    """The form every name and address is compared in: full-width digits and letters made
    half-width (NFKC), every kind of space (the ideographic one too) and punctuation removed,
    dashes unified, "#" read as 号, lower case."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _DROP.sub("", text)
    text = _DASH.sub("-", text)
    return text.replace("#", "号")


def _strip_suffix(name: str, suffixes: Iterable[str]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def village_stem(name: str) -> str:
    """A village's name without 村/社区/村委会: "梅家坞村委会" → "梅家坞"."""
    return _strip_suffix(normalize(name), VILLAGE_SUFFIXES)


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters ("转塘社区" → "ztsq"); others kept as they are."""
    return "".join(lazy_pinyin(normalize(text), style=Style.FIRST_LETTER)).lower()


def full_pinyin(text: str) -> str:
    return "".join(lazy_pinyin(normalize(text))).lower()


@dataclass(frozen=True)
class Evidence:
    score: int
    reason: str


@dataclass
class Candidate:
    """One village an address or a search may mean, with why."""

    village_id: int
    code: str
    name: str
    street_id: int
    street_name: str
    evidence: list[Evidence] = field(default_factory=list)
    village: Village | None = None

    @property
    def score(self) -> int:
        if not self.evidence:
            return 0
        best = max(e.score for e in self.evidence)
        return best + MORE_EVIDENCE * (len({e.reason for e in self.evidence}) - 1)

    @property
    def reason(self) -> str:
        seen: list[str] = []
        for e in sorted(self.evidence, key=lambda e: -e.score):
            if e.reason not in seen:
                seen.append(e.reason)
        return "；".join(seen)

    @property
    def label(self) -> str:
        """The official name, as the picker and the confirmation show it."""
        return f"{self.street_name} · {self.name}"


@dataclass
class MatchResult:
    """Ranked candidates for an address; `village` is set only for a unique, confident match."""

    text: str
    candidates: list[Candidate]
    streets: list[str]  # streets the address names, in words
    street_ids: set[int]
    village: Village | None = None
    conflict: str = ""  # why a match was not filled in although it looked strong

    @property
    def needs_confirmation(self) -> bool:
        return self.village is None and bool(self.candidates)

    def summary(self, limit: int = 5) -> str:
        """One line for a timeline: the candidates and their reasons."""
        return "、".join(f"{c.label}（{c.reason}）" for c in self.candidates[:limit])


@dataclass
class _VillageRow:
    id: int
    code: str
    name: str
    street_id: int
    street_name: str
    stem: str
    initials: str
    stem_initials: str
    pinyin: str


@dataclass
class _Group:
    """One road (its entry and its sections) or one other place, under one name."""

    kind: str
    name: str
    entries: list[tuple[str, list[int]]]  # (section, village ids)

    @property
    def village_ids(self) -> set[int]:
        return {v for _, ids in self.entries for v in ids}


@dataclass
class _Index:
    villages: dict[int, _VillageRow]
    streets: dict[int, str]
    street_villages: dict[int, list[int]]
    # normalized key → what it names; the scan tries keys longest first.
    street_keys: list[tuple[str, int]]
    keys: list[tuple[str, str, object, bool]]  # (key, "village"|"group", ref, full)
    groups: list[_Group]


_cache: dict[str, tuple[tuple, _Index]] = {}
_lock = threading.Lock()


def _signature() -> tuple:
    villages = Village.objects.aggregate(n=Count("id"), m=Max("id"))
    entries = GazetteerEntry.objects.aggregate(
        n=Count("id"), m=Max("updated_at"), links=Count("villages")
    )
    streets = Street.objects.aggregate(n=Count("id"), m=Max("id"))
    return (
        tuple(villages.values()),
        tuple(str(v) for v in entries.values()),
        tuple(streets.values()),
    )


def gazetteer_forget() -> None:
    """Drop this process's index (after a load or an edit; other processes see the signature)."""
    _cache.pop("index", None)


def _index() -> _Index:
    signature = _signature()
    cached = _cache.get("index")
    if cached and cached[0] == signature:
        return cached[1]
    with _lock:
        index = _build()
        _cache["index"] = (signature, index)
    return index


def _village_keys(name: str) -> tuple[list[str], str]:
    """Every full form of a village's name ("X村", "X社区", "X村委会") and its bare stem."""
    full = normalize(name)
    stem = village_stem(name)
    forms = {full}
    if stem != full:
        forms.update(stem + s for s in ("村", "社区", "村委会", "居委会"))
    return sorted(forms), stem


def _place_stems(kind: str, name: str) -> set[str]:
    norm = normalize(name)
    suffixes = ROAD_SUFFIXES if kind in ROAD_KINDS else PLACE_SUFFIXES
    stem = _strip_suffix(norm, suffixes)
    return {stem} if stem != norm and len(stem) >= 2 else set()


def _build() -> _Index:
    villages: dict[int, _VillageRow] = {}
    street_villages: dict[int, list[int]] = {}
    keys: list[tuple[str, str, object, bool]] = []
    for v in Village.objects.select_related("street").order_by("code"):
        forms, stem = _village_keys(v.name)
        villages[v.pk] = _VillageRow(
            id=v.pk,
            code=v.code,
            name=v.name,
            street_id=v.street_id,
            street_name=v.street.name,
            stem=stem,
            initials=initials(v.name),
            stem_initials=initials(stem),
            pinyin=full_pinyin(stem),
        )
        street_villages.setdefault(v.street_id, []).append(v.pk)
        keys.extend((form, "village", v.pk, True) for form in forms)
        if len(stem) >= 2:
            keys.append((stem, "village", v.pk, False))
    streets: dict[int, str] = {}
    street_keys: list[tuple[str, int]] = []
    # Names too broad to stand for one place ("西湖", "转塘"): a place's stem never is one.
    broad = {_strip_suffix(normalize(d.name), ("区", "县", "市")) for d in District.objects.all()}
    for s in Street.objects.all():
        streets[s.pk] = s.name
        norm = normalize(s.name)
        stem = _strip_suffix(norm, STREET_SUFFIXES)
        broad.add(stem)
        street_forms = {norm} | ({stem + x for x in STREET_SUFFIXES} if len(stem) >= 2 else set())
        street_keys.extend((form, s.pk) for form in street_forms)
    groups: dict[tuple[str, str], _Group] = {}
    entries = GazetteerEntry.objects.prefetch_related("villages").order_by("name", "section")
    for e in entries:
        family = "road" if e.kind in ROAD_KINDS else e.kind
        group = groups.setdefault(
            (family, normalize(e.name)), _Group(kind=family, name=e.name, entries=[])
        )
        group.entries.append((e.section, [v.pk for v in e.villages.all()]))
        for alias in [e.name, *e.alias_list]:
            norm = normalize(alias)
            if norm:
                keys.append((norm, "group", group, True))
        # Only the official name is shortened (aliases are already the short forms).
        keys.extend(
            (stem, "group", group, False)
            for stem in _place_stems(e.kind, e.name)
            if stem not in broad
        )
    # Longest first, and a full name before a stem of the same length.
    keys.sort(key=lambda k: (-len(k[0]), not k[3]))
    street_keys.sort(key=lambda k: -len(k[0]))
    return _Index(
        villages=villages,
        streets=streets,
        street_villages=street_villages,
        street_keys=street_keys,
        keys=keys,
        groups=list(groups.values()),
    )


def _scan(text: str, keys: Iterable[tuple], taken: list[bool]):
    """Each key found in `text` where no longer key already matched; yields (key, end, item)."""
    for item in keys:
        key = item[0]
        start = text.find(key)
        while start != -1:
            end = start + len(key)
            if not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                yield item, end
                break
            start = text.find(key, start + 1)


def _section_holds(section: str, number: int | None, text: str) -> bool:
    """Whether a road section covers the address: its stretch named, or its numbers holding."""
    norm = normalize(section)
    if not norm:
        return False
    found = _RANGE.fullmatch(norm)
    if found is None:
        return norm in text
    if number is None:
        return False
    parity, low, high = found.group(1), int(found.group(2)), int(found.group(3))
    if parity == "单" and number % 2 == 0 or parity == "双" and number % 2 == 1:
        return False
    return low <= number <= high


def _add(found: dict[int, list[Evidence]], village_id: int, score: int, reason: str) -> None:
    found.setdefault(village_id, []).append(Evidence(score, reason))


def _kind_word(kind: str) -> str:
    return str(GazetteerEntry.Kind(kind).label)


def _group_evidence(
    found: dict[int, list[Evidence]], group: _Group, *, full: bool, after: str, text: str
) -> None:
    if group.kind != "road":
        word = _kind_word(group.kind)
        for vid in group.village_ids:
            _add(found, vid, PLACE if full else PLACE_STEM, f"{word}：{group.name}")
        return
    # The house number right after the road's name, with or without 路 and 号.
    rest = _strip_leading(after, ROAD_SUFFIXES)
    number_match = _NUMBER.match(rest)
    number = int(number_match.group(1)) if number_match else None
    sections = [(s, ids) for s, ids in group.entries if s and _section_holds(s, number, text)]
    if sections:
        for section, ids in sections:
            for vid in ids:
                _add(
                    found,
                    vid,
                    SECTION,
                    _("路段：%(road)s%(section)s") % {"road": group.name, "section": section},
                )
        return
    road_ids = group.village_ids
    if len(road_ids) == 1:
        _add(found, next(iter(road_ids)), ROAD_ONE, _("道路：%(road)s") % {"road": group.name})
        return
    for vid in road_ids:
        _add(found, vid, ROAD_BOUNDARY, _("道路：%(road)s（跨村界）") % {"road": group.name})


def _strip_leading(text: str, prefixes: Iterable[str]) -> str:
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _candidates(index: _Index, found: dict[int, list[Evidence]]) -> list[Candidate]:
    out = []
    for vid, evidence in found.items():
        row = index.villages.get(vid)
        if row is None:
            continue
        out.append(
            Candidate(
                village_id=vid,
                code=row.code,
                name=row.name,
                street_id=row.street_id,
                street_name=row.street_name,
                evidence=evidence,
            )
        )
    out.sort(key=lambda c: (-c.score, c.village_id))
    return out


def address_match(text: str, *, village_ids: set[int] | None = None) -> MatchResult:
    """Ranked villages for a free-text address; the village itself when unique and confident.

    `village_ids` limits the answer to the villages a form offers (a person's scope)."""
    index = _index()
    norm = normalize(text)
    taken = [False] * len(norm)
    street_ids: set[int] = set()
    for (_key, street_id), _end in _scan(norm, index.street_keys, taken):
        street_ids.add(street_id)
    found: dict[int, list[Evidence]] = {}
    for (_key, what, ref, full), end in _scan(norm, index.keys, taken):
        if what == "village":
            row = index.villages[ref]  # type: ignore[index]
            if full:
                _add(found, row.id, VILLAGE_NAME, _("村社名：%(name)s") % {"name": row.name})
            else:
                _add(
                    found, row.id, VILLAGE_STEM, _("村社名（简称）：%(name)s") % {"name": row.name}
                )
        else:
            _group_evidence(found, ref, full=full, after=norm[end:], text=norm)  # type: ignore[arg-type]
    conflict = ""
    if street_ids:
        in_street = {vid for vid in found if index.villages[vid].street_id in street_ids}
        if in_street:
            # Evidence inside the named street outranks the same names elsewhere.
            found = {vid: ev for vid, ev in found.items() if vid in in_street}
        else:
            # Nothing found inside the named street: a strong match elsewhere is a conflict to
            # confirm (never filled in), a weak one is noise; the street's villages are offered.
            found = {vid: ev for vid, ev in found.items() if max(e.score for e in ev) >= CONFIDENT}
            if found:
                conflict = _("地址中的街道与匹配到的村社不一致")
            for sid in street_ids:
                for vid in index.street_villages.get(sid, []):
                    _add(
                        found,
                        vid,
                        STREET_ONLY,
                        _("仅街道：%(street)s") % {"street": index.streets[sid]},
                    )
    if village_ids is not None:
        found = {vid: ev for vid, ev in found.items() if vid in village_ids}
    candidates = _candidates(index, found)
    result = MatchResult(
        text=text,
        candidates=candidates,
        streets=[index.streets[s] for s in sorted(street_ids)],
        street_ids=street_ids,
        conflict=conflict,
    )
    if candidates and not conflict:
        top = candidates[0]
        rival = candidates[1].score if len(candidates) > 1 else 0
        if top.score >= CONFIDENT and rival < RIVAL:
            result.village = Village.objects.select_related("street").get(pk=top.village_id)
            top.village = result.village
    return result


def address_streets(text: str) -> dict[int, str]:
    """The streets an address points to (id → name): those it names, else the street of its
    confident village, else the one street all its strong candidates share; {} when unsure."""
    match = address_match(text)
    index = _index()
    if match.street_ids:
        return {sid: index.streets[sid] for sid in match.street_ids}
    if match.village is not None:
        return {match.village.street_id: match.village.street.name}
    strong = [c for c in match.candidates if c.score >= ROAD_BOUNDARY]
    if strong and len({c.street_id for c in strong}) == 1:
        return {strong[0].street_id: strong[0].street_name}
    return {}


def village_search(
    query: str, *, village_ids: set[int] | None = None, limit: int = 10
) -> list[Candidate]:
    """What the picker offers as a person types: villages by name, pinyin initials or full
    pinyin, by street, or by a road, compound or landmark in their gazetteer; best first."""
    index = _index()
    q = normalize(query)
    if not q:
        return []
    found: dict[int, list[Evidence]] = {}
    if q.isascii() and q.isalpha():
        for row in index.villages.values():
            if row.initials == q or row.stem_initials == q:
                _add(found, row.id, 95, _("拼音首字母"))
            elif row.initials.startswith(q) or row.stem_initials.startswith(q):
                _add(found, row.id, 70, _("拼音首字母"))
            elif len(q) >= 3 and row.pinyin.startswith(q):
                _add(found, row.id, 65, _("拼音"))
    else:
        for row in index.villages.values():
            name = normalize(row.name)
            if q in (name, row.stem):
                _add(found, row.id, 100, _("村社名"))
            elif name.startswith(q) or (len(q) >= 2 and row.stem.startswith(q)):
                _add(found, row.id, 90, _("村社名"))
            elif q in name:
                _add(found, row.id, 80, _("村社名"))
        for key, sid in index.street_keys:
            if q in key and (len(q) >= 2 or q == key):
                for vid in index.street_villages.get(sid, []):
                    _add(found, vid, 30, _("街道：%(street)s") % {"street": index.streets[sid]})
        for key, what, ref, _full in index.keys:
            if what == "group" and len(q) >= 2 and q in key:
                group: _Group = ref  # type: ignore[assignment]
                word = _("道路") if group.kind == "road" else _kind_word(group.kind)
                for vid in group.village_ids:
                    _add(found, vid, 60, f"{word}：{group.name}")
        if len(q) >= 4:  # a whole address typed into the picker
            for c in address_match(query).candidates:
                for e in c.evidence:
                    _add(found, c.village_id, e.score, e.reason)
    if village_ids is not None:
        found = {vid: ev for vid, ev in found.items() if vid in village_ids}
    # Rank by the best single piece of evidence: a name match before a street's every village.
    ranked = _candidates(index, found)
    ranked.sort(key=lambda c: (-max(e.score for e in c.evidence), -c.score, c.village_id))
    return ranked[:limit]


def village_resolve(text: str, *, village_ids: set[int] | None = None) -> MatchResult:
    """The text of a village box submitted without the picker's script: the official name (in
    any of its forms) or an address or a search; a unique, confident answer is the village."""
    index = _index()
    norm = normalize(text)
    exact = []
    for row in index.villages.values():
        if village_ids is not None and row.id not in village_ids:
            continue
        forms, _stem = _village_keys(row.name)
        street = normalize(row.street_name)
        if norm in forms or any(norm == street + f for f in forms):
            exact.append(row)
    if len(exact) == 1:
        village = Village.objects.select_related("street").get(pk=exact[0].id)
        return MatchResult(text=text, candidates=[], streets=[], street_ids=set(), village=village)
    result = address_match(text, village_ids=village_ids)
    if result.village is not None:
        return result
    found = village_search(text, village_ids=village_ids, limit=10)
    if len(found) == 1 and max(e.score for e in found[0].evidence) >= 80:
        result.village = Village.objects.select_related("street").get(pk=found[0].village_id)
        result.candidates = found
        return result
    if not result.candidates:
        result.candidates = found
    return result
