"""The interface is Simplified Chinese by default with an English switch, from committed catalogues."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

import npgov

LOCALE = Path(npgov.__file__).parent / "locale"


def test_every_chinese_message_is_translated_and_compiled() -> None:
    po = polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.mo"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    # keyed with the context: "Pass" (a review) and "Pass" (a product verdict) are two messages
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    stale = [e.msgid for e in po if (e.msgstr or e.msgstr_plural) != compiled.get((e.msgctxt, e.msgid))]
    assert stale == [], "run `make messages` to compile the catalogue"


@pytest.mark.django_db
def test_it_switches_to_english_and_back(db: None) -> None:
    client = Client()
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    assert "Sign in" in client.get(reverse("core:login")).content.decode()
    client.post(reverse("core:set_language"), {"language": "zh-hans", "next": "/"})
    assert "登录" in client.get(reverse("core:login")).content.decode()
