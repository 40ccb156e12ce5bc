"""Our PO parser and writer agree with polib, the reference Python implementation.

glossary reads PO with its own line-aware parser (it needs the line and column of every
character, and must name the line of every error); polib is the independent oracle that
keeps that parser honest, on real files and on everything our writer produces.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.model import Concept, Reference, Status, TermForm
from glossary.po import Catalog, default_catalog, read_units, render_catalog

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"


def _polib_units(path: Path) -> list[tuple]:
    po = polib.pofile(str(path))
    rows = []
    for e in po:
        if e.msgid == "" and not e.obsolete:
            continue
        plural = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else ()
        rows.append((e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, plural, tuple(e.flags), _rstrip(e.comment),
                     _rstrip(e.tcomment), bool(e.obsolete)))
    return sorted(rows, key=repr)


def _rstrip(comment: str) -> str:
    """polib drops trailing spaces of comment lines (we keep them: lossless); compare without."""
    return "\n".join(line.rstrip() for line in comment.split("\n"))


def _our_units(path: Path) -> list[tuple]:
    _, units = read_units(path)
    return sorted(((u.msgctxt, u.msgid, u.msgid_plural, u.msgstr, u.msgstr_plural, u.flags, _rstrip(u.comment),
                    _rstrip(u.tcomment), u.obsolete) for u in units), key=repr)


PO_FILES = [REPO / "locales" / "es" / "glossary.po", REPO / "locales" / "glossary.pot",
            SAMPLES / "gnome-glossary_es.po", SAMPLES / "gnucash-glossary_es.po"]


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.name)
def test_units_agree_with_polib(path: Path) -> None:
    ours = _our_units(path)
    theirs = _polib_units(path)
    assert len(ours) == len(theirs)
    assert ours == theirs


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), min_size=1,
                max_size=30).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_text, _text, _text), min_size=1, max_size=5, unique_by=lambda t: t[0]))
def test_everything_we_write_polib_reads_the_same(tmp_path_factory, rows) -> None:
    concepts = tuple(
        Concept(f"c{i}", "other", (TermForm(en, "en"), TermForm(es, "es"), TermForm(alt, "es", Status.ADMITTED)),
                references=(Reference("seeds/x.txt", i + 1),))
        for i, (en, es, alt) in enumerate(rows))
    path = tmp_path_factory.mktemp("po") / "glossary.po"
    catalog: Catalog = default_catalog(path, "es")
    path.write_text(render_catalog(Catalog(str(path), catalog.header, catalog.metadata, concepts)), encoding="utf-8")
    po = polib.pofile(str(path))
    got = [(e.msgctxt, e.msgid, e.msgstr) for e in po]
    assert got == [(c.id, c.forms[0].text, c.forms[1].text) for c in concepts]
    assert _our_units(path) == _polib_units(path)
