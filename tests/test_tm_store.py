"""glossary.tm_store / tm_exchange and the memory helpers in po."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from glossary import po
from glossary.documents import read_document
from glossary.model import Anchor, Reference, Segment, Side
from glossary.po import wrap
from glossary.tm_exchange import render_tmx, render_tsv, write_export
from glossary.tm_store import Memory, check_groups, live_units, split_context

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "samples"
TMX_DTD = SHARED / "schemas" / "tmx14.dtd"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))


def _seg(source: str, target: str, line: int = 1, context: str = "", sid: str = "") -> Segment:
    return Segment("x.tsv", Side(target, "es", (Anchor(0, line, 1),)), Side(source, "en", (Anchor(0, line, 1),)),
                   sid, context)


def _msgfmt_ok(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt not installed")
    r = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# --------------------------------------------------------------------------- glossary.po helpers

_ALPHABET = list("abcdefghij klmn  opq") + list('()[]{}"\'-/,.:;?!%\\\t') + \
    ["é", "ñ", "\u201c", "\u201d", "\u00ab", "\u00bb", "\u00b2", "\u2014", "\u2026", "\u20ac", "\u00c1", "\n", "中"]


def test_render_po_string_fast_path_equals_canonical_wrapping() -> None:
    rng = random.Random(11)
    for _ in range(1500):
        n = rng.choice([5, 60, 72, 78, 85, 120, 300])
        if rng.random() < 0.5:
            text = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 12)))
                            for _ in range(n // 5))
            for _ in range(rng.randint(0, 5)):
                k = rng.randrange(len(text) + 1)
                text = text[:k] + rng.choice(_ALPHABET) + text[k:]
        else:
            text = "".join(rng.choice(_ALPHABET) for _ in range(n))
        for kw in ("msgid", "msgstr", "msgctxt"):
            assert po.render_po_string("", kw, text) == wrap._render_string("", kw, text), text


def test_iter_memory_units_matches_read_units(tmp_path: Path) -> None:
    rng = random.Random(3)
    entries = []
    for i in range(300):
        s = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 150)))
        t = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 150)))
        entries.append(po.render_memory_entry(
            s, t, msgctxt=f"c{i}" if i % 3 == 0 else None, flags=("fuzzy",) if i % 2 else (),
            references=(Reference("a b.tmx", i), Reference("x.po", 0))))
    p = tmp_path / "m.po"
    po.append_entries(p, entries[:100], header=po.memory_header("es"))
    size, lines = po.append_entries(p, entries[100:], header=po.memory_header("es"))
    assert size == p.stat().st_size and lines > 100
    slow = po.read_units(p)[1]
    fast = list(po.iter_memory_units(p))
    assert len(fast) == len(slow) == 300

    def key(u: po.PoUnit) -> tuple[object, ...]:
        return (u.msgctxt, u.msgid, u.msgstr, u.flags, u.references, u.line)

    assert [key(u) for u in fast] == [key(u) for u in slow]
    assert [u.msgstr_anchors[0].line for u in fast] == [u.msgstr_anchors[0].line for u in slow]


def test_append_keeps_existing_bytes(tmp_path: Path) -> None:
    p = tmp_path / "m.po"
    po.append_entries(p, [po.render_memory_entry("One", "Uno")], header=po.memory_header("es"))
    before = p.read_bytes()
    po.append_entries(p, [po.render_memory_entry("Two", "Dos")], header="ignored")
    after = p.read_bytes()
    assert after.startswith(before)
    assert after[len(before):] == b'\nmsgid "Two"\nmsgstr "Dos"\n'
    assert not list(tmp_path.glob(".m.po.*"))  # no temporary file left behind


def test_fill_msgstrs_changes_only_the_filled_entries(tmp_path: Path) -> None:
    src = ('msgid ""\nmsgstr ""\n"Language: es\\n"\n\n#: a.c:1\nmsgid "Hello"\nmsgstr ""\n\n'
           '#, c-format\nmsgid "Bye %s"\nmsgstr ""\n\nmsgid "Keep"\nmsgstr "Guardar"\n')
    p = tmp_path / "d.po"
    p.write_text(src, encoding="utf-8")
    units = {u.msgid: u for u in po.read_units(p)[1]}
    out = po.fill_msgstrs(p, {units["Hello"].line: ("Hola", False, ("tm: 100% exact",)),
                                    units["Bye %s"].line: ("Adiós %s", True, ())}).decode()
    assert out == ('msgid ""\nmsgstr ""\n"Language: es\\n"\n\n# tm: 100% exact\n#: a.c:1\nmsgid "Hello"\n'
                   'msgstr "Hola"\n\n#, fuzzy, c-format\nmsgid "Bye %s"\nmsgstr "Adiós %s"\n\n'
                   'msgid "Keep"\nmsgstr "Guardar"\n')


# --------------------------------------------------------------------------- Memory


def test_add_dedupes_keeps_conflicts_as_alternatives(tmp_path: Path) -> None:
    path = tmp_path / "memory.po"
    with Memory(path) as mem:
        r = mem.add([("a.tsv", [_seg("Good morning", "Buenos días", 1), _seg("Good morning", "Buenos días", 2),
                                _seg("Good morning", "Buen día", 3), _seg("Hello", "Hola", 4),
                                _seg("  ", "x", 5)], frozenset())])
        assert (r.read, r.added, r.duplicates, r.empty) == (5, 3, 1, 1)
        assert r.conflicts == [("Good morning", "Buenos días", "Buen día", "a.tsv:3")]
        assert mem.count() == 3
    text = path.read_text(encoding="utf-8")
    assert 'msgctxt "alt:2"\nmsgid "Good morning"\nmsgstr "Buen día"' in text
    assert "#: a.tsv:1\n" in text
    _msgfmt_ok(path)
    # a second import of the same data adds nothing
    with Memory(path) as mem:
        r = mem.add([("b.tsv", [_seg("Good morning", "Buen día"), _seg("Hello", "Hola")], frozenset())])
        assert (r.added, r.duplicates) == (0, 2)
    assert split_context("alt:2") == ("", 2)
    assert split_context("menu alt:3") == ("menu", 3)
    assert split_context("menu") == ("menu", 1)


def test_fuzzy_flag_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "memory.po"
    with Memory(path) as mem:
        mem.add([("a.po", [_seg("One", "Uno", sid="1"), _seg("Two", "Dos", sid="2")], frozenset({"2"}))])
        entries = mem.entries()
    units = list(live_units(path))
    assert [e.fuzzy for e in entries] == [False, True]
    assert [e.line for e in entries] == [u.line for u in units]
    assert "#, fuzzy\nmsgid \"Two\"" in path.read_text(encoding="utf-8")


def test_index_rebuilds_when_the_po_changes(tmp_path: Path) -> None:
    path = tmp_path / "memory.po"
    with Memory(path) as mem:
        mem.add([("a", [_seg("The minister arrived today", "El ministro llegó hoy")], frozenset())])
        assert mem.lookup("The minister arrived today")[0].score == 100
    with open(path, "a", encoding="utf-8") as fh:  # a translator edits the PO by hand
        fh.write('\nmsgid "The minister left today"\nmsgstr "El ministro se fue hoy"\n')
    with Memory(path) as mem:
        hits = mem.lookup("The minister left today")
        assert hits[0].translation == "El ministro se fue hoy" and hits[0].score == 100
        assert mem.count() == 2
    path.unlink()
    with Memory(path) as mem:
        assert mem.count() == 0


def test_lookup_both_directions_and_search(tmp_path: Path) -> None:
    path = tmp_path / "memory.po"
    with Memory(path) as mem:
        mem.add([("a", [_seg("The Minister arrived on 14 May.", "El ministro llegó el 14 de mayo."),
                        _seg("The report was published.", "Se publicó el informe.")], frozenset())])
        hit = mem.lookup("The Minister arrived on 12 May.")[0]
        assert hit.comparison.kind == "number" and hit.score == 99
        assert hit.translation == "El ministro llegó el 14 de mayo."
        back = mem.lookup("El ministro llegó el 14 de mayo.", reverse=True)[0]
        assert back.translation == "The Minister arrived on 14 May." and back.score == 100
        assert mem.lookup("Something else entirely", threshold=75) == []
        assert [e.source for e in mem.search("REPORT was")] == ["The report was published."]
        assert [e.target for e in mem.search("informe", reverse=True)] == ["Se publicó el informe."]
        assert mem.lookup("The Minister arrived on 12 May.", exhaustive=True)[0].score == 99


@pytest.mark.parametrize(
    ("name", "target", "read", "added"),
    [
        ("tmx11_omegat_en-es.tmx", "es", 31, 31),
        ("tmx14_lisa-compliance-kit_ImportTest1C.tmx", "es", 3, 3),
        ("tmx14_omegat_en-fr.tmx", "fr", 25, 22),
        ("xliff12_swordfish_en-es.xlf", "es", 90, 79),
        ("xliff12_angular_en-es.xlf", "es", 125, 123),
        ("xliff12_worldserver_en-es.xlf", "es", 1, 1),
        ("gnucash-glossary_es.po", "es", 175, 175),
    ],
)
def test_real_samples_import_with_nothing_lost(tmp_path: Path, name: str, target: str, read: int,
                                               added: int) -> None:
    segs = read_document(str(SAMPLES / name), source_lang="en", target_lang=target)
    path = tmp_path / "memory.po"
    with Memory(path, lang=target) as mem:
        r = mem.add([(name, segs, frozenset())])
        assert (r.read, r.added) == (read, added)
        # every (source, target) pair read is in the memory: duplicates are exact repeats
        stored = {(e.source, e.target) for e in mem.entries()}
    assert {(s.source.text.strip(), s.target.text.strip()) for s in segs if s.source} == stored
    _msgfmt_ok(path)


def test_lisa_kit_picks_us_english_and_spanish(tmp_path: Path) -> None:
    segs = read_document(str(SAMPLES / "tmx14_lisa-compliance-kit_ImportTest1C.tmx"))
    with Memory(tmp_path / "memory.po") as mem:
        mem.add([("lisa", segs, frozenset())])
        assert [(e.source, e.target) for e in mem.entries()] == [
            ("First entry in US English", "First entry in Spanish"),
            ("Second entry in US English", "Second entry in Spanish"),
            ("Third entry in US English", "Third entry in Spanish"),
        ]


def test_tmx_export_validates_against_the_dtd(tmp_path: Path) -> None:
    with Memory(tmp_path / "memory.po") as mem:
        mem.add([("a b.tmx", [_seg("Bell \x07 & <b>", "Campana & \"x\""), _seg("Menu", "Menú", context="ui")],
                  frozenset()),
                 ("c.po", [_seg("Unreviewed", "Sin revisar", sid="u")], frozenset({"u"}))])
        out = tmp_path / "out.tmx"
        write_export(str(out), render_tmx(mem.entries(), "en", "es"))
    dtd = etree.DTD(str(TMX_DTD))
    tree = etree.parse(str(out))
    assert dtd.validate(tree), dtd.error_log
    tus = tree.getroot().findall("body/tu")
    assert len(tus) == 3
    assert tus[1].find("prop").text == "ui"
    assert [p.text for p in tus[2].findall("prop")] == ["fuzzy", "c.po:1"]
    back = read_document(str(out))
    assert [(s.source.text, s.target.text) for s in back if s.source][1:] == [("Menu", "Menú"),
                                                                             ("Unreviewed", "Sin revisar")]


def test_tsv_export_reads_back_exactly(tmp_path: Path) -> None:
    pairs = [("tab\tin source", "tab\there"), ('say "hi"', "line\nbreak"), ("plain", "llano")]
    with Memory(tmp_path / "memory.po") as mem:
        mem.add([("a", [_seg(a, b) for a, b in pairs], frozenset())])
        out = tmp_path / "out.tsv"
        write_export(str(out), render_tsv(mem.entries()))
    back = read_document(str(out))
    assert [(s.source.text, s.target.text) for s in back] == pairs


def test_check_groups_finds_conflicts_and_shared_translations() -> None:
    from glossary.tm_store import MemoryEntry

    es = [MemoryEntry(0, "Home", "Inicio"), MemoryEntry(1, "home", "Casa"), MemoryEntry(2, "Start", "Inicio"),
          MemoryEntry(3, "Save", "Guardar")]
    conflicts, shared = check_groups(es)
    assert [[e.id for e in g] for g in conflicts] == [[0, 1]]
    assert [[e.id for e in g] for g in shared] == [[0, 2]]


def test_large_import_builds_the_index_in_a_helper_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.tm_store as tm_store

    monkeypatch.setattr(tm_store, "_PARALLEL_MIN", 10)
    segs = [_seg(f"Sentence number {w} about the {w} agreement", f"Frase {w} sobre el acuerdo {w}", i + 1)
            for i, w in enumerate(f"w{i}" for i in range(60))]
    with Memory(tmp_path / "memory.po") as mem:
        mem.add([("a", segs[:30], frozenset())])
        mem.add([("b", segs[30:], frozenset())])
        hit = mem.lookup("Sentence number w45 about the w45 agreement")[0]
        assert hit.score == 100 and hit.translation == "Frase w45 sobre el acuerdo w45"
        assert mem.count() == 60
    with Memory(tmp_path / "memory.po") as mem:  # the stored index is the one the helper built
        assert len(mem.index("source")) == 60
        assert mem.lookup("Sentence number w7 about the w7 agreement")[0].entry.line > 0
