"""Fill the empty or fuzzy msgstr entries of a .po file from a JSON dictionary.

Usage:
    python scripts/po_fill.py CATALOGUE.po translations.json [more.json ...]
    python scripts/po_fill.py --force CATALOGUE.po corrections.json
    python scripts/po_fill.py --dump CATALOGUE.po > todo.json

The dictionary maps a msgid to its translation: a string, or for a plural entry
(msgid_plural) a list with one string per plural form ([singular, plural] in English).
A key "context\\u0004msgid" targets an entry with that msgctxt. Multi-line msgids are
matched by their full text. A filled entry loses its "fuzzy" flag and its "#|" lines; an
entry the dictionary does not name is left as it is, and so is an entry already
translated unless --force is given (to correct translations). Translations whose placeholders
(%(name)s, %s, {name}) or HTML tags differ from the msgid are refused and reported.

--dump prints the entries still to do (empty or fuzzy) as such a dictionary, with empty
translations, for a translator to fill in. The catalogue is read and written by polib (the dev
extra); where GNU gettext's msgcat is installed it re-wraps the file the way makemessages
writes it."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[sd]|\{[A-Za-z_]\w*\}")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


def is_empty(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or any(v == "" for v in entry.msgstr_plural.values())
    return entry.msgstr == ""


def is_todo(entry: polib.POEntry) -> bool:
    return bool(entry.msgid) and not entry.obsolete and (is_empty(entry) or entry.fuzzy)


def settle(entry: polib.POEntry) -> None:
    """A filled entry is no longer fuzzy, and its previous msgid (#|) goes."""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None


def mismatch(source: str, translation: str) -> str | None:
    a, b = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(translation))
    if a != b:
        return f"placeholders {a} != {b}"
    a, b = sorted(TAG.findall(source)), sorted(TAG.findall(translation))
    if a != b:
        return f"HTML tags {a} != {b}"
    return None


def dump(po_path: str) -> None:
    todo = {key(e): ["", ""] if e.msgid_plural else "" for e in polib.pofile(po_path) if is_todo(e)}
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()


def fill(po_path: str, dict_paths: list[str], force: bool = False) -> int:
    mapping: dict = {}
    for p in dict_paths:
        mapping.update(json.loads(Path(p).read_text(encoding="utf-8")))
    catalogue = polib.pofile(po_path, wrapwidth=79)
    catalogue.metadata_is_fuzzy = 0  # the header, too, counts as filled
    filled, refused = 0, []
    for e in catalogue:
        if e.obsolete or not (force or is_empty(e) or e.fuzzy):
            continue
        value = mapping.get(key(e), mapping.get(e.msgid) if e.msgctxt is None else None)
        if value in (None, "", []):
            continue
        if e.msgid_plural:
            forms = [value] if isinstance(value, str) else list(value)
            if len(forms) == 1:
                forms.append(forms[0])
            problems = [mismatch(e.msgid_plural, f) for f in forms[1:]]
            problems.append(mismatch(e.msgid, forms[0]) and mismatch(e.msgid_plural, forms[0]))
            if any(problems):
                refused.append((e.msgid, next(p for p in problems if p)))
                continue
            e.msgstr_plural = dict(enumerate(forms))
        else:
            if not isinstance(value, str):
                refused.append((e.msgid, "a list given for a non-plural entry"))
                continue
            problem = mismatch(e.msgid, value)
            if problem:
                refused.append((e.msgid, problem))
                continue
            e.msgstr = value
        settle(e)
        filled += 1
    catalogue.save(po_path)
    if shutil.which("msgcat"):
        subprocess.run(["msgcat", "-o", po_path, po_path], check=True)

    remaining = [e for e in catalogue if is_todo(e)]
    print(f"filled: {filled}  untranslated or fuzzy: {len(remaining)}  refused: {len(refused)}")
    for msgid, why in refused:
        print(f"  refused {msgid!r}: {why}")
    for e in remaining[:50]:
        print("  todo", json.dumps(e.msgid, ensure_ascii=False))
    return 1 if refused else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--dump":
        dump(argv[1])
        return 0
    force = "--force" in argv
    argv = [a for a in argv if a != "--force"]
    if len(argv) < 2:
        raise SystemExit(__doc__)
    return fill(argv[0], argv[1:], force)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
