"""Japanese and English catalogs are complete: every string of the sources is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "tracker" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("tracker/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _wanted_directory(path: str) -> bool:
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


def source_messages() -> set[str]:
    """Every msgid the code and templates ask for (the singular of plural forms)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, directory_filter=_wanted_directory
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalog(locale: str):
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def messages() -> set[str]:
    return source_messages()


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_source_string_is_translated(messages, locale):
    entries = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog(locale) if m.id}
    missing = sorted(messages - set(entries))
    untranslated = sorted(
        key
        for key in messages & set(entries)
        if entries[key].fuzzy
        or not all(entries[key].string if isinstance(entries[key].string, tuple) else [entries[key].string])
    )
    assert missing == [], f"not in the {locale} catalog (run `make messages`)"
    assert untranslated == [], f"untranslated or fuzzy in the {locale} catalog"


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_translations_keep_the_placeholders(locale):
    for message in catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= expected, message.id
            assert set(PLACEHOLDER.findall(string)) >= expected - {"num"}, message.id


def test_japanese_catalog_is_in_japanese():
    """Every message with English words in it has Japanese in its translation."""
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    english_word = re.compile(r"[A-Za-z]{2,}")
    untranslated = [
        m.id
        for m in catalog("ja")
        if m.id
        and english_word.search(PLACEHOLDER.sub("", str(m.id)))
        and not japanese.search(str(m.string))
        and m.id != "English"
    ]
    assert untranslated == []


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_japanese_pages_show_no_english_interface_text(app, client, session):
    """Every page a supplier admin or buyer admin can open, in Japanese, holds no English message."""
    from tests.routes import all_routes
    from tests.routes.world import build_world
    from tests.test_access import call, login

    world = build_world(session)
    data_words = " ".join(
        str(value)
        for ns in (world.a, world.b, world.buyer)
        for record in vars(ns).values()
        if hasattr(record, "__dict__")  # records, not the lists of ids beside them
        for value in vars(record).values()
        if isinstance(value, str)
    )
    english = [
        str(m.id)
        for m in catalog("ja")
        if m.id
        and isinstance(m.id, str)
        and "%" not in m.id
        and re.search(r"[A-Za-z]{3,}", m.id)
        and m.id not in data_words
        and m.id != "English"
    ]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ja"
    for kind, user in (("supplier", world.a.admin), ("buyer", world.buyer.admin)):
        user.locale = "ja"
        session.commit()
        login(client, user)
        world.actor = user
        for route in all_routes():
            if route.method != "GET" or route.public or route.kind not in (kind, None):
                continue
            if kind == "buyer" and route.kind is None and route.foreign is not None:
                continue
            response = call(client, app, route, world)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            text = visible_text(response.get_data(as_text=True))
            found = [m for m in english if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", text)]
            assert found == [], f"{route.endpoint}: English text on a Japanese page"
