"""Fill empty msgstr entries of the zh_Hans catalogue from a Python dict file, then report gaps.

Usage: python scripts/fill_translations.py TRANSLATIONS.py  (defines ZH and PLURAL dicts).
Existing translations are kept, fuzzy guesses replaced; run `make messages` afterwards to compile.
"""

from __future__ import annotations

import runpy
import sys

import polib

PO = "src/npgov/locale/zh_Hans/LC_MESSAGES/django.po"


def main(path: str) -> int:
    table = runpy.run_path(path)
    singular, plural = table.get("ZH", {}), table.get("PLURAL", {})
    catalogue = polib.pofile(PO)
    missing = []
    for entry in catalogue:
        if entry.msgid_plural:
            if not entry.msgstr_plural.get(0) and entry.msgid in plural:
                entry.msgstr_plural = {0: plural[entry.msgid]}
            if not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        else:
            # A fuzzy entry holds a guess by gettext from a similar message: replace it.
            if (not entry.msgstr or "fuzzy" in entry.flags) and entry.msgid in singular:
                entry.msgstr = singular[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            if not entry.msgstr:
                missing.append(entry.msgid)
        if "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    catalogue.save()
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
