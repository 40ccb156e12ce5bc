"""Tests for glossary.tokens: normalisation, the scan form's offset map, sacremoses tokens."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.tokens import (
    fold,
    fold_accents,
    fold_case,
    fold_for_scan,
    fold_key,
    normalize,
    tokenize,
    tokenize_with_offsets,
)

REPO = Path(__file__).resolve().parent.parent


def test_normalize_quotes_whitespace_and_nfc() -> None:
    decomposed = "Gobernacio\u0301n"
    assert normalize(f"  Mexico\u2019s \u201cSecretar\u00eda\u201d\t\n {decomposed}\u00a0x ") == (
        "Mexico's \"Secretaría\" Gobernación x"
    )


def test_normalize_drops_invisible_characters() -> None:
    assert normalize("Secre\u00adta\u200bría") == "Secretaría"


def test_fold_case_keeps_length() -> None:
    assert "İ".lower() != "i"  # the trap: str.lower() makes two characters of it
    assert fold_case("İSTANBUL Ñ") == "istanbul ñ"
    assert len(fold_case("İİİ")) == 3


def test_fold_accents_keeps_case_and_length() -> None:
    assert fold_accents("Secretaría de Gobernación, ÑANDÚ") == "Secretaria de Gobernacion, NANDU"
    assert fold_accents("plain") == "plain"


def test_fold_combines_everything() -> None:
    assert fold("  SECRETARÍA   de\nGobernación ") == "secretaria de gobernacion"


def test_scan_form_splits_punctuation_keeps_dots_and_hyphens() -> None:
    f = fold_for_scan("(DHS) U.S.-Mexico «hola», Mexico’s")
    assert f.text == " dhs  u.s.-mexico  hola   mexico s"
    assert not f.maps  # nothing changed length: offsets are the identity


def test_scan_form_multidots_are_separate() -> None:
    assert fold_for_scan("Secretary...of").text == "secretary   of"


def test_scan_form_collapses_whitespace_with_offset_map() -> None:
    text = "director \n\t  general\u00a0\u00a0de"
    f = fold_for_scan(text)
    assert f.text == "director general de"
    start = f.text.index("general")
    s, e = f.span(start, start + len("general"))
    assert text[s:e] == "general"
    assert f.span(0, len(f.text)) == (0, len(text))


def test_scan_form_decomposed_text_and_dotted_capital_i() -> None:
    text = "Jose\u0301 x\u200bİstanbul"
    f = fold_for_scan(text)
    assert f.text == "jose xistanbul"
    s, e = f.span(0, 4)
    assert text[s:e] == "Jose\u0301"  # the combining accent belongs to the word
    s, e = f.span(5, len(f.text))
    assert text[s:e] == "x\u200bİstanbul"


def test_fold_key_strips_and_matches_text_scan_form() -> None:
    assert fold_key("  Department of Homeland Security (DHS) ") == "department of homeland security  dhs"
    assert fold_key("“ ”") == ""


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=80))
def test_scan_form_offsets_are_monotone_and_in_range(text: str) -> None:
    f = fold_for_scan(text)
    previous = 0
    for i in range(len(f.text) + 1):
        o = f.to_original(i)
        assert 0 <= o <= len(text)
        assert o >= previous
        previous = o
    assert f.to_original(len(f.text)) == len(text)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("aAéÉñİ \t\n\u00a0\u0301\u200b'’.,-()xyz"), max_size=60))
def test_scan_form_characters_come_from_their_original(text: str) -> None:
    f = fold_for_scan(text)
    for i, ch in enumerate(f.text):
        o = f.to_original(i)
        if ch == " ":
            assert not text[o].isalnum()
        else:
            assert fold_accents(fold_case(text[o])) == ch


def test_tokenize_with_offsets_english() -> None:
    text = "Mexico’s U.S. Secretary of State. (DHS) Chargé d'Affaires"
    toks = tokenize_with_offsets(text, "en")
    assert [t for t, _, _ in toks] == [
        "Mexico", "’s", "U.S.", "Secretary", "of", "State", ".", "(", "DHS", ")", "Chargé", "d", "'Affaires",
    ]
    for tok, s, e in toks:
        assert text[s:e] == tok


def test_tokenize_spanish_keeps_accented_words_whole() -> None:
    tokens = tokenize("saludé a la salud, Secretaría.", "es")
    assert tokens == ["saludé", "a", "la", "salud", ",", "Secretaría", "."]


def test_tokenize_with_offsets_survives_control_characters_and_spaces() -> None:
    text = "Secre\x01tary  of\n\tState"
    toks = tokenize_with_offsets(text, "en")
    assert [t for t, _, _ in toks] == ["Secre\x01tary", "of", "State"]
    assert all(text[s:e] == t for t, s, e in toks)


@settings(max_examples=60, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("ab É.,'’-()  \n1"), max_size=40))
def test_tokenize_with_offsets_spans_are_ordered_substrings(text: str) -> None:
    last = 0
    for tok, s, e in tokenize_with_offsets(text, "en"):
        assert text[s:e] == tok
        assert s >= last and e > s
        last = e


def test_importing_the_matcher_does_not_import_sacremoses() -> None:
    code = "import sys, glossary.matcher, glossary.tokens, glossary.inflect; print('sacremoses' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("form", ["Secretaría de Gobernación", "Gobernacio\u0301n"])
def test_fold_key_is_nfc_insensitive(form: str) -> None:
    assert fold_key(form) == fold_key(unicodedata.normalize("NFD", form))


def _scan_form_by_definition(text: str) -> str:
    """The scan form, one character at a time, in the order ``Folded`` documents: each
    character folded (ASCII lower-cased, controls made spaces; others by ``_scan_char``),
    space runs collapsed, runs of dots made spaces, then ASCII punctuation made spaces."""
    import re

    from glossary.tokens import _scan_char

    def one(c: str) -> str:
        if ord(c) < 128:
            return " " if ord(c) < 32 or ord(c) == 127 else c.lower()
        return _scan_char(c)

    s = re.sub("  +", " ", "".join(one(c) for c in text))
    s = re.sub(r"\.{2,}", lambda m: " " * len(m.group()), s)
    return "".join(" " if ord(c) < 128 and not (c.isalnum() or c in ".- ") else c for c in s)


@settings(max_examples=400, deadline=None, database=None)
@given(st.one_of(st.text(max_size=60),
                 st.text(alphabet=st.sampled_from("aAéÉñÑüßºª¿¡«»“”’—\u00ad\u00a0\u200b\u0301İ .,-()\t\nxyz"),
                         max_size=60)))
def test_scan_form_is_the_documented_fold(text: str) -> None:
    assert fold_for_scan(text).text == _scan_form_by_definition(text)


def test_every_character_below_u3000_folds_as_documented() -> None:
    """Latin-1 text takes a fast path; every character up to U+3000, in both paths."""
    for code in range(1, 0x3000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        for text in (f"Ab{c}C d", f"Ab{c}C d\u4e00"):  # the CJK character forces the general path
            assert fold_for_scan(text).text == _scan_form_by_definition(text), hex(code)
