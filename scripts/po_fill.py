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
translations, for a translator to fill in. Only the standard library is needed; where GNU
gettext's msgcat is installed it re-wraps the file the way makemessages writes it."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[sd]|\{[A-Za-z_]\w*\}")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def unquote(s: str) -> str:
    return json.loads(s) if s.startswith('"') else s


def quote(s: str) -> list[str]:
    """The lines of a PO string: one line, or "" then one line per \\n-ended piece."""
    enc = lambda x: json.dumps(x, ensure_ascii=False)  # noqa: E731
    if "\n" not in s.rstrip("\n") or len(s) < 2:
        return [enc(s)]
    parts = s.splitlines(keepends=True)
    return ['""'] + [enc(p) for p in parts]


class Entry:
    def __init__(self) -> None:
        self.comments: list[str] = []  # every "#" line, in order
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.msgstr: dict[int | None, str] = {}  # None for plain msgstr, n for msgstr[n]

    @property
    def fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in c for c in self.comments)

    @property
    def obsolete(self) -> bool:
        return any(c.startswith("#~") for c in self.comments)

    @property
    def empty(self) -> bool:
        return not self.msgstr or any(v == "" for v in self.msgstr.values())

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    def unfuzzy(self) -> None:
        out = []
        for c in self.comments:
            if c.startswith("#|"):
                continue
            if c.startswith("#,"):
                flags = [f.strip() for f in c[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if not flags:
                    continue
                c = "#, " + ", ".join(flags)
            out.append(c)
        self.comments = out

    def render(self) -> str:
        lines = list(self.comments)

        def field(name: str, value: str) -> None:
            q = quote(value)
            lines.append(f"{name} {q[0]}")
            lines.extend(q[1:])

        if self.msgctxt is not None:
            field("msgctxt", self.msgctxt)
        field("msgid", self.msgid)
        if self.msgid_plural is not None:
            field("msgid_plural", self.msgid_plural)
            for n in sorted(k for k in self.msgstr if k is not None):
                field(f"msgstr[{n}]", self.msgstr[n])
        else:
            field("msgstr", self.msgstr.get(None, ""))
        return "\n".join(lines) + "\n"


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    cur: Entry | None = None
    target: tuple[str, int | None] | None = None
    seen_keyword = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if cur is not None:
                entries.append(cur)
            cur, target, seen_keyword = None, None, False
            continue
        if cur is None:
            cur = Entry()
        if line.startswith("#"):
            if seen_keyword:  # a comment after the strings starts a new entry
                entries.append(cur)
                cur, target, seen_keyword = Entry(), None, False
            cur.comments.append(raw)
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if m:
            seen_keyword = True
            kw, n, s = m.group(1), m.group(2), unquote(m.group(3))
            if kw == "msgctxt":
                target = ("msgctxt", None)
                cur.msgctxt = s
            elif kw == "msgid":
                target = ("msgid", None)
                cur.msgid = s
            elif kw == "msgid_plural":
                target = ("msgid_plural", None)
                cur.msgid_plural = s
            else:
                idx = int(n) if n is not None else None
                target = ("msgstr", idx)
                cur.msgstr[idx] = s
            continue
        if line.startswith('"') and target is not None:
            s = unquote(line)
            name, idx = target
            if name == "msgstr":
                cur.msgstr[idx] += s
            else:
                setattr(cur, name, (getattr(cur, name) or "") + s)
            continue
        raise SystemExit(f"cannot parse line: {raw!r}")
    if cur is not None:
        entries.append(cur)
    return entries


def mismatch(source: str, translation: str) -> str | None:
    a, b = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(translation))
    if a != b:
        return f"placeholders {a} != {b}"
    a, b = sorted(TAG.findall(source)), sorted(TAG.findall(translation))
    if a != b:
        return f"HTML tags {a} != {b}"
    return None


def dump(po_path: str) -> None:
    todo = {}
    for e in parse(Path(po_path).read_text(encoding="utf-8")):
        if not e.msgid or e.obsolete or not (e.empty or e.fuzzy):
            continue
        todo[e.key] = ["", ""] if e.msgid_plural is not None else ""
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()


def fill(po_path: str, dict_paths: list[str], force: bool = False) -> int:
    mapping: dict = {}
    for p in dict_paths:
        mapping.update(json.loads(Path(p).read_text(encoding="utf-8")))
    entries = parse(Path(po_path).read_text(encoding="utf-8"))
    filled, refused = 0, []
    for e in entries:
        if not e.msgid:  # the header
            e.unfuzzy()
            continue
        if e.obsolete or not (force or e.empty or e.fuzzy):
            continue
        value = mapping.get(e.key, mapping.get(e.msgid) if e.msgctxt is None else None)
        if value in (None, "", []):
            continue
        if e.msgid_plural is not None:
            forms = [value] if isinstance(value, str) else list(value)
            if len(forms) == 1:
                forms.append(forms[0])
            problems = [mismatch(e.msgid_plural, f) for f in forms[1:]]
            problems.append(mismatch(e.msgid, forms[0]) and mismatch(e.msgid_plural, forms[0]))
            if any(problems):
                refused.append((e.msgid, next(p for p in problems if p)))
                continue
            e.msgstr = dict(enumerate(forms))
        else:
            if not isinstance(value, str):
                refused.append((e.msgid, "a list given for a non-plural entry"))
                continue
            problem = mismatch(e.msgid, value)
            if problem:
                refused.append((e.msgid, problem))
                continue
            e.msgstr = {None: value}
        e.unfuzzy()
        filled += 1
    Path(po_path).write_text("\n".join(e.render() for e in entries), encoding="utf-8")
    if shutil.which("msgcat"):
        subprocess.run(["msgcat", "-o", po_path, po_path], check=True)

    remaining = [e for e in entries if e.msgid and not e.obsolete and (e.empty or e.fuzzy)]
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
