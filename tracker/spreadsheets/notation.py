"""How a file writes a level: preset scales, the file's own legend (凡例), and look-alike symbols.

A `Notation` reads one cell's text as a level, and says where the reading comes from (the chosen
scale, the file's legend, a look-alike of a known symbol, or the user's own choice), so that the
preview can show every symbol of the file with the level it will become. Plain Python, no Flask.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Densho's standard notation, shown as a table on the import page. Letters and digits are also
# read in lower case and full width (ｕ, Ｕ, ３).
NOTATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (4, ("4", "O", "◎")),
    (3, ("3", "U", "○", "〇")),
    (2, ("2", "L", "△")),
    (1, ("1", "I", "▲", "・")),
    (0, ("0", "×", "✕", "✖", "-", "−", "–", "—")),
)
_STANDARD = {symbol: level for level, symbols in NOTATIONS for symbol in symbols}

# The preset scales a user may pick on the notation step; each maps symbols to levels and
# otherwise reads like the standard one.
SCALES: dict[str, dict[str, int]] = {
    "standard": {},
    "three_step": {"0": 0, "1": 2, "2": 3, "3": 4},
    "quarters": {"○": 0, "〇": 0, "◔": 1, "◑": 2, "◕": 3, "●": 4},
}
SCALE_SYMBOLS: dict[str, tuple[tuple[int, str], ...]] = {
    "standard": ((4, "4 O ◎"), (3, "3 U ○"), (2, "2 L △"), (1, "1 I ▲"), (0, "0 × -")),
    "three_step": ((4, "3"), (3, "2"), (2, "1"), (0, "0")),
    "quarters": ((4, "●"), (3, "◕"), (2, "◑"), (1, "◔"), (0, "○")),
}

# Symbols that look like a known one, read as it and named in the preview (◯ U+25EF looks like ○).
LOOK_ALIKES: dict[str, str] = {
    "◯": "○", "⚪": "○", "⭕": "○", "❍": "○", "⃝": "○", "ｏ": "○",
    "◉": "◎", "⊚": "◎", "⦾": "◎", "⦿": "◎",
    "▵": "△", "∆": "△", "Δ": "△", "⊿": "△", "▽": "△",
    "▴": "▲", "⯅": "▲",
    "☓": "×", "x": "×", "X": "×", "✗": "×", "✘": "×", "╳": "×", "⨯": "×", "ⅹ": "×", "Ⅹ": "×",
    "ー": "-", "‐": "-", "‑": "-", "―": "-", "─": "-", "ｰ": "-", "﹣": "-", "⁃": "-",
    "･": "・", "·": "・", "•": "・", "⚫": "●", "⬤": "●",
}  # fmt: skip

# What a legend's words mean, checked in this order (the first level whose words appear wins).
MEANINGS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (0, ("未訓練", "未経験", "未教育", "未習得", "できない", "出来ない", "不可", "対象外", "なし", "無し",
         "not trained", "untrained", "cannot", "none", "no skill")),
    (2, ("指導の下", "指導のもと", "指導があれば", "指導を受けて", "補助", "支援があれば", "援助", "監督",
         "サポート", "要指導", "under supervision", "supervised", "with help", "with support")),
    (1, ("訓練中", "教育中", "見習", "実習中", "習得中", "研修中", "練習中", "勉強中", "知識",
         "in training", "learning", "trainee")),
    (4, ("指導でき", "指導可", "指導者", "教えられ", "教えることができ", "教育でき", "講師", "トレーナー",
         "師範", "指導員", "can teach", "teach", "trainer", "instructor", "expert")),
    (3, ("一人で", "ひとりで", "単独", "独力", "自立", "一人前", "任せられ", "できる", "出来る", "可能",
         "alone", "independent", "on own", "qualified", "standard")),
)  # fmt: skip
_LEGEND_WORDS = ("凡例", "legend", "評価基準", "レベル基準", "記号", "判定基準")
# A meaning is never followed by "=": in "評価:◆=指導できる" the pair is ◆, not 評価.
_PAIR = re.compile(r"(?P<symbol>[^\s=:,、/()「」【】\[\]]{1,2})\s*[=:]\s*(?P<meaning>[^\s=:,、/]+)(?![=:])")
_BARE_PAIR = re.compile(r"(?:^|\s)(?P<symbol>[^\w\s=:,、/()「」【】\[\]])(?P<meaning>[^\W\d][^\s=:,、/]*)")


def symbol_of(value: Any) -> str | None:
    """The text a level cell holds, as the notation step lists it: None for an empty cell."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def folded(symbol: str) -> str:
    """A symbol folded for lookup: NFKC (full width to half width) and upper case."""
    return unicodedata.normalize("NFKC", symbol).strip().upper()


def meaning_level(meaning: str) -> int | None:
    """The level a legend's words describe ("指導できる" -> 4), None when they say nothing known."""
    text = unicodedata.normalize("NFKC", meaning).casefold()
    for level, words in MEANINGS:
        if any(word in text for word in words):
            return level
    return None


@dataclass(frozen=True)
class LegendEntry:
    symbol: str
    meaning: str
    level: int | None


@dataclass(frozen=True)
class Legend:
    """The file's own key to its symbols, as found on a sheet's row."""

    sheet: str
    row: int
    text: str
    entries: tuple[LegendEntry, ...]

    @property
    def unresolved(self) -> tuple[LegendEntry, ...]:
        return tuple(entry for entry in self.entries if entry.level is None)


def legend_pairs(cells: Iterable[Any]) -> tuple[str, list[LegendEntry]]:
    """The row's text and the (symbol, meaning) pairs it states, such as "◎=指導できる"."""
    texts = [unicodedata.normalize("NFKC", str(cell)).strip() for cell in cells if cell not in (None, "")]
    texts = [text for text in texts if text]
    pieces: list[str] = []
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if len(text) <= 2 and len(following) >= 2 and meaning_level(following) is not None:
            pieces.append(f"{text}={following}")
        elif not (index and len(texts[index - 1]) <= 2 and pieces and pieces[-1].endswith(f"={text}")):
            pieces.append(text)
    joined = " ".join(pieces)
    body = re.sub(r"^(?:" + "|".join(_LEGEND_WORDS) + r")\s*[:)）]?\s*", "", joined, flags=re.IGNORECASE)
    entries: dict[str, LegendEntry] = {}
    for pattern in (_PAIR, _BARE_PAIR):
        for match in pattern.finditer(body):
            symbol, meaning = match.group("symbol"), match.group("meaning")
            if symbol.isalpha() and symbol.upper() not in ("I", "L", "U", "O"):
                continue
            entries.setdefault(symbol, LegendEntry(symbol, meaning, meaning_level(meaning)))
    return joined, list(entries.values())


def _named(text: str) -> bool:
    return any(word in text.casefold() for word in _LEGEND_WORDS)


def is_legend_row(cells: Iterable[Any]) -> bool:
    """True for a row that states the file's symbols (a 凡例 heading, or two known meanings)."""
    text, entries = legend_pairs(cells)
    return (_named(text) and bool(entries)) or len([e for e in entries if e.level is not None]) >= 2


def _single_entry(row: tuple[Any, ...], entries: list[LegendEntry]) -> bool:
    """A short row stating one known symbol's meaning ("◎ | 指導できる")."""
    if len(entries) != 1 or entries[0].level is None:
        return False
    if len([cell for cell in row if cell not in (None, "")]) > 3:
        return False
    symbol = entries[0].symbol
    return folded(symbol) in _STANDARD or symbol in LOOK_ALIKES or symbol in SCALES["quarters"]


def legend_rows(rows: list[tuple[Any, ...]]) -> list[tuple[int, str, list[LegendEntry]]]:
    """Every (row number, text, entries) of the rows that are part of a legend."""
    found: list[tuple[int, str, list[LegendEntry]]] = []
    for number, row in enumerate(rows, start=1):
        text, entries = legend_pairs(row)
        follows = bool(found) and found[-1][0] == number - 1
        if (
            is_legend_row(row)
            or (_named(text) and len(text) <= 12)
            or (follows and entries and all(entry.level is not None for entry in entries))
            or _single_entry(row, entries)
        ):
            found.append((number, text, entries))
    return found


def find_legend(sheet_name: str, rows: list[tuple[Any, ...]]) -> Legend | None:
    """The sheet's legend: its legend rows together, when they state at least two symbols."""
    found = legend_rows(rows)
    entries: dict[str, LegendEntry] = {}
    for _number, _text, row_entries in found:
        for entry in row_entries:
            entries.setdefault(entry.symbol, entry)
    if len(entries) < 2 and not (entries and any(_named(text) for _n, text, _e in found)):
        return None
    return Legend(sheet_name, found[0][0], "\n".join(text for _n, text, _e in found), tuple(entries.values()))


@dataclass(frozen=True)
class Reading:
    """How one symbol of the file is read: `source` is scale, legend, user or unknown."""

    symbol: str
    level: int | None
    source: str
    like: str = ""  # the known symbol it looks like, for a look-alike
    meaning: str = ""  # the legend's words for it

    @property
    def codepoint(self) -> str:
        return " ".join(f"U+{ord(char):04X}" for char in self.symbol)


@dataclass
class Notation:
    """The scale, the file's legend and the user's choices, read in the reverse order."""

    scale: str = "standard"
    legend: Mapping[str, LegendEntry] = field(default_factory=dict)
    chosen: Mapping[str, int | None] = field(default_factory=dict)

    def read(self, symbol: str) -> Reading:
        if symbol in self.chosen:
            return Reading(symbol, self.chosen[symbol], "user")
        reading = self._known(symbol)
        if reading is not None:
            return reading
        like = LOOK_ALIKES.get(symbol) or LOOK_ALIKES.get(folded(symbol))
        if like is not None:
            known = self._known(like)
            if known is not None:
                return Reading(symbol, known.level, known.source, like=like, meaning=known.meaning)
        return Reading(symbol, None, "unknown", like=nearest(symbol))

    def _known(self, symbol: str) -> Reading | None:
        for key in (symbol, folded(symbol)):
            entry = self.legend.get(key)
            if entry is not None and entry.level is not None:
                return Reading(symbol, entry.level, "legend", meaning=entry.meaning)
        scale = SCALES.get(self.scale, {})
        for key in (symbol, folded(symbol)):
            if key in scale:
                return Reading(symbol, scale[key], "scale")
            if key in _STANDARD:
                return Reading(symbol, _STANDARD[key], "scale")
        return None


def nearest(symbol: str) -> str:
    """A known symbol whose Unicode name shares a shape word with `symbol` (CIRCLE, CROSS …)."""
    try:
        words = set(unicodedata.name(symbol[:1]).split())
    except ValueError:
        return ""
    for shape in ("CIRCLE", "TRIANGLE", "CROSS", "MULTIPLICATION", "DASH", "HYPHEN", "BAR", "DOT"):
        if shape in words:
            for known in ("○", "◎", "△", "▲", "×", "-", "・"):
                if shape in unicodedata.name(known).split() and known != symbol:
                    return known
    return ""


QUARTER_MARKS = frozenset("◔◑◕")  # written only on the quarter-circle scale


def recognised_scale(symbols: Iterable[str], notation: Notation) -> Notation:
    """The notation, on the quarter-circle scale when the file writes ◔ ◑ or ◕ and neither the user
    nor a legend said otherwise (its ○ is then "none", not U)."""
    if notation.scale != "standard" or notation.legend or notation.chosen or not QUARTER_MARKS & set(symbols):
        return notation
    return Notation("quarters", notation.legend, notation.chosen)


def number_scale_unsure(symbols: Iterable[str], notation: Notation) -> bool:
    """True when the file's levels are plain numbers none of which is 4 and no legend says which
    scale they are on: 0–3 or 1–3 may be a 3-step scale (3 = can teach), so a person must say."""
    numbers = {int(folded(symbol)) for symbol in symbols if folded(symbol).isdigit()}
    if not numbers or notation.scale != "standard" or max(numbers) > 3:
        return False
    return not any(str(number) in notation.legend for number in numbers)
