"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: translation}.

Usage: python scripts/po_fill.py jiefen/locale/en/LC_MESSAGES/django.po translations.json
Only single-line msgids are handled, which is all jiefen's catalogue uses."""

import json
import re
import sys
from pathlib import Path


def main(po_path: str, dict_path: str) -> None:
    mapping = json.loads(Path(dict_path).read_text(encoding="utf-8"))
    text = Path(po_path).read_text(encoding="utf-8")

    def repl(m: re.Match) -> str:
        msgid = json.loads(m.group(1))
        if msgid in mapping:
            return f"msgid {m.group(1)}\nmsgstr {json.dumps(mapping[msgid], ensure_ascii=False)}\n"
        return m.group(0)

    text = re.sub(r'msgid ("(?:[^"\\]|\\.)+")\nmsgstr ""\n(?!")', repl, text)
    text = text.replace("#, fuzzy\n", "", 1)
    Path(po_path).write_text(text, encoding="utf-8")
    missing = re.findall(r'msgid ("(?:[^"\\]|\\.)+")\nmsgstr ""\n(?!")', text)
    print(f"untranslated: {len(missing)}")
    for m in missing[:50]:
        print("  ", m)


if __name__ == "__main__":
    main(*sys.argv[1:])
