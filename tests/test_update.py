"""msgmerge and xgettext --join-existing semantics of glossary.update."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.extract import Occurrence, TermCandidate
from glossary.model import Reference
from glossary.po import read_catalog, render_catalog
from glossary.update import concept_id_for, join_template, merge_template

REPO = Path(__file__).resolve().parent.parent

POT_HEAD = ('msgid ""\nmsgstr ""\n"POT-Creation-Date: 2026-01-02 10:00+0000\\n"\n'
            '"Language: \\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
PO_HEAD = ('msgid ""\nmsgstr ""\n"POT-Creation-Date: 2025-01-01 00:00+0000\\n"\n'
           '"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')

PO = PO_HEAD + """\
#. type: government-body
#: old.txt:1
# es-admitted: Segob
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"

#. type: government-body
msgctxt "mx-inm"
msgid "National Migration Institute"
msgstr "Instituto Nacional de Migración"

msgctxt "mx-sre"
msgid "Ministry of Foreign Affairs"
msgstr "Secretaría de Relaciones Exteriores"

msgctxt "gone"
msgid "Removed Term"
msgstr "Término retirado"

#~ msgctxt "mx-anam"
#~ msgid "National Customs Agency"
#~ msgstr "Agencia Nacional de Aduanas"
"""

POT = POT_HEAD + """\
#. type: government-body
#. en-acronym: SEGOB
#: seeds/a.txt:3
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr ""

#. type: government-body
msgctxt "mx-inm"
msgid "National Institute of Migration"
msgstr ""

msgctxt "mx-foreign-ministry"
msgid "Ministry of Foreign Affairs"
msgstr ""

msgctxt "mx-anam"
msgid "National Customs Agency"
msgstr ""

msgctxt "mx-interior-ministry-x"
msgid "Ministry of the Interiors"
msgstr ""

msgctxt "brand-new"
msgid "Security Implementation Group"
msgstr ""
"""


@pytest.fixture
def cats(tmp_path: Path):
    (tmp_path / "es").mkdir()
    (tmp_path / "glossary.pot").write_text(POT, encoding="utf-8")
    (tmp_path / "es" / "glossary.po").write_text(PO, encoding="utf-8")
    return read_catalog(tmp_path / "glossary.pot"), read_catalog(tmp_path / "es" / "glossary.po")


def by_id(cat):
    return {c.id: c for c in cat.concepts}


def test_committed_pair_is_a_fixed_point() -> None:
    pot = read_catalog(REPO / "locales" / "glossary.pot")
    po = read_catalog(REPO / "locales" / "es" / "glossary.po")
    merged, rep = merge_template(pot, po)
    assert render_catalog(merged) == (REPO / "locales" / "es" / "glossary.po").read_text(encoding="utf-8")
    assert rep.new == () and rep.obsolete == ()


def test_matched_entry_takes_english_side_and_keeps_translation(cats) -> None:
    pot, po = cats
    merged, rep = merge_template(pot, po)
    segob = by_id(merged)["mx-segob"]
    assert segob.preferred("es").text == "Secretaría de Gobernación"
    assert any(f.text == "Segob" and f.lang == "es" for f in segob.forms)
    assert any(f.text == "SEGOB" and f.acronym for f in segob.forms)
    assert segob.references == (Reference("seeds/a.txt", 3),)
    assert not segob.fuzzy and "mx-segob" in rep.kept
    assert dict(merged.metadata)["POT-Creation-Date"] == "2026-01-02 10:00+0000"


def test_changed_msgid_becomes_fuzzy_with_previous(cats) -> None:
    pot, po = cats
    merged, rep = merge_template(pot, po)
    inm = by_id(merged)["mx-inm"]
    assert inm.fuzzy and inm.preferred("en").text == "National Institute of Migration"
    assert inm.preferred("es").text == "Instituto Nacional de Migración"
    assert '#| msgid "National Migration Institute"' in inm.extra
    assert "mx-inm" in rep.fuzzy
    text = render_catalog(merged)
    assert '#| msgid "National Migration Institute"\nmsgctxt "mx-inm"' in text


def test_renamed_id_with_same_msgid_keeps_translation_fuzzy(cats) -> None:
    pot, po = cats
    merged, _ = merge_template(pot, po)
    c = by_id(merged)["mx-foreign-ministry"]
    assert c.fuzzy and c.preferred("es").text == "Secretaría de Relaciones Exteriores"
    assert '#| msgctxt "mx-sre"' in c.extra
    assert "mx-sre" not in by_id(merged)  # used by the rename, so not left behind as obsolete


def test_new_removed_and_revived(cats) -> None:
    pot, po = cats
    merged, rep = merge_template(pot, po)
    ids = by_id(merged)
    assert ids["brand-new"].preferred("es") is None and not ids["brand-new"].fuzzy
    assert ids["gone"].obsolete and ids["gone"].preferred("es").text == "Término retirado"
    assert rep.obsolete == ("gone",)
    assert not ids["mx-anam"].obsolete and ids["mx-anam"].preferred("es").text == "Agencia Nacional de Aduanas"
    assert rep.revived == ("mx-anam",)
    text = render_catalog(merged)
    assert text.index('msgctxt "brand-new"') < text.index('#~ msgctxt "gone"')


def test_fuzzy_matching_guesses_from_a_similar_msgid(cats) -> None:
    pot, po = cats
    merged, _ = merge_template(pot, po)
    guess = by_id(merged)["mx-interior-ministry-x"]
    # "Ministry of the Interiors" is close to the (matched) Segob entry only: no guess from
    # an entry already used; the removed "Removed Term" is too far
    assert guess.preferred("es") is None
    merged2, _ = merge_template(pot, po, fuzzy_matching=False)
    assert by_id(merged2)["mx-interior-ministry-x"].preferred("es") is None


def test_fuzzy_guess_from_unmatched_entry(tmp_path: Path) -> None:
    (tmp_path / "es").mkdir()
    (tmp_path / "t.pot").write_text(POT_HEAD + 'msgctxt "a-new"\nmsgid "Removed Terms"\nmsgstr ""\n', encoding="utf-8")
    (tmp_path / "es" / "t.po").write_text(PO, encoding="utf-8")
    merged, rep = merge_template(read_catalog(tmp_path / "t.pot"), read_catalog(tmp_path / "es" / "t.po"))
    c = by_id(merged)["a-new"]
    assert c.fuzzy and c.preferred("es").text == "Término retirado"
    assert '#| msgid "Removed Term"' in c.extra and '#| msgctxt "gone"' in c.extra
    assert "gone" not in by_id(merged)  # as msgmerge: an entry used for a guess is not kept obsolete
    merged2, _ = merge_template(read_catalog(tmp_path / "t.pot"), read_catalog(tmp_path / "es" / "t.po"),
                                fuzzy_matching=False)
    assert by_id(merged2)["a-new"].preferred("es") is None


# --------------------------------------------------------------------------- join


def cand(text: str, lines: list[int], *, known: tuple[str, ...] = (), kind: str = "government-body",
         acronyms: tuple[str, ...] = (), path: str = "new.txt") -> TermCandidate:
    return TermCandidate(text, "en", kind, tuple(Occurrence(path, ln, 1, text) for ln in lines),
                         known=known, acronyms=acronyms)


def test_join_keeps_entries_and_appends_references(cats) -> None:
    pot, po = cats
    joined, rep = join_template(pot, [cand("Ministry of the Interior", [7, 7, 9], known=("mx-segob",))], {})
    segob = by_id(joined)["mx-segob"]
    assert segob.references == (Reference("seeds/a.txt", 3), Reference("new.txt", 7), Reference("new.txt", 9))
    assert [c.id for c in joined.concepts] == [c.id for c in pot.concepts]
    assert rep.referenced == ("mx-segob",) and rep.new == ()


def test_join_adds_new_candidates_fuzzy_with_frequency(cats) -> None:
    pot, _ = cats
    cands = [
        cand("Drug Enforcement Administration", [4, 10], acronyms=("DEA",)),
        cand("DEA", [4, 10, 11], kind="acronym"),
        cand("Secretary of Economy", [2], kind="official-title"),
        cand("Rare Thing", [5], kind="other"),
        cand("ministry of the interior", [8]),  # a form of an entry: references only
    ]
    joined, rep = join_template(pot, cands, {}, min_frequency=1)
    ids = by_id(joined)
    dea = ids["drug-enforcement-administration"]
    assert dea.fuzzy and dea.type == "government-body"
    assert any(f.text == "DEA" and f.acronym for f in dea.forms)
    assert Reference("new.txt", 11) in dea.references  # the lone acronym joined its long form
    assert "#. glossary extract: 2 occurrences in 1 file" in dea.extra
    assert ids["secretary-of-economy"].type == "official-title"
    assert "dea" not in ids
    assert Reference("new.txt", 8) in ids["mx-segob"].references
    assert rep.new == ("drug-enforcement-administration", "secretary-of-economy", "rare-thing")
    joined2, rep2 = join_template(pot, cands, {}, min_frequency=2)
    assert "rare-thing" not in by_id(joined2) and "Rare Thing" in rep2.skipped
    text = render_catalog(joined)
    assert "#. glossary extract: 2 occurrences in 1 file\n#. en-acronym" not in text  # keys first
    assert text.rstrip().endswith('msgid "Rare Thing"\nmsgstr ""')


def test_join_adds_known_concept_from_term_base(cats) -> None:
    pot, po = cats
    known = {"gone": by_id(po)["gone"]}
    joined, rep = join_template(pot, [cand("Removed Term", [3], known=("gone",))], known)
    gone = by_id(joined)["gone"]
    assert gone.preferred("es") is None and not gone.fuzzy  # English side only
    assert gone.references == (Reference("new.txt", 3),)
    assert rep.known_added == ("gone",)
    joined2, _ = join_template(pot, [cand("Removed Term", [3], known=("gone",))], known, include_known=False)
    assert "gone" not in by_id(joined2)


def test_concept_id_for() -> None:
    assert concept_id_for("Subsecretaría de Comercio Exterior", set()) == "subsecretaria-de-comercio-exterior"
    assert concept_id_for("U.S. Customs", {"u-s-customs"}) == "u-s-customs-2"
    assert concept_id_for("¡¿!", set()) == "term"
