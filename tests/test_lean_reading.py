"""Lean reading (``positions=False``, used by ``tm import``) gives the segments full reading gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.documents import read_document, read_pair
from glossary.errors import DataError
from glossary.model import Segment
from glossary.readers.tabular_docs import read_tabular
from glossary.tm_store import Memory

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

# every translation sample, and the target languages to read it in
SAMPLE_LANGS = {
    "xliff12_angular_en-es.xlf": ("es",),
    "xliff12_swordfish_en-es.xlf": ("es",),
    "xliff12_worldserver_en-es.xlf": ("es",),
    "xliff20_angular_de-en.xlf": ("en",),
    "trados_en-fr.docx.sdlxliff": ("fr",),
    "tmx11_omegat_en-es.tmx": ("es", "fr"),
    "tmx14_omegat_en-fr.tmx": ("fr", "es"),
    "tmx14_lisa-compliance-kit_ImportTest1C.tmx": ("es", "fr", "fr-CA", "ja", "en-GB"),
}
FIXTURES = ["crlf_entities.xlf", "v2.xlf", "entities.tmx", "terms.tsv", "terms.csv", "one_column.csv", "sample.po"]


def _key(seg: Segment) -> tuple[object, ...]:
    src = seg.source
    return (seg.path, seg.id, seg.context, seg.suppressions, seg.target.text, seg.target.lang,
            None if src is None else (src.text, src.lang))


def _outcome(path: Path, positions: bool, **kw: str) -> object:
    try:
        return read_document(str(path), positions=positions, **kw)
    except DataError as exc:
        return ("error", exc.path, exc.line, exc.message)


def _assert_same(full: object, lean: object) -> None:
    if isinstance(full, tuple):
        assert lean == full
        return
    assert isinstance(full, list) and isinstance(lean, list)
    assert [_key(s) for s in lean] == [_key(s) for s in full]
    for a, b in zip(full, lean):  # the line each side starts on (the memory's reference) is kept
        assert b.target.position(0)[0] == a.target.position(0)[0]
        if a.source is not None and b.source is not None:
            assert b.source.position(0)[0] == a.source.position(0)[0]


@pytest.mark.parametrize("name,target", [(n, t) for n, ts in SAMPLE_LANGS.items() for t in ts])
def test_samples_same_segments(samples: Path, name: str, target: str) -> None:
    source = "de" if name.startswith("xliff20") else "en"
    full = _outcome(samples / name, True, source_lang=source, target_lang=target)
    lean = _outcome(samples / name, False, source_lang=source, target_lang=target)
    if target == SAMPLE_LANGS[name][0]:  # the sample's own pair; the others may be errors, the same ones
        assert isinstance(full, list) and full, "a sample that gives segments"
    _assert_same(full, lean)


def test_every_translation_sample_is_covered(samples: Path) -> None:
    found = {p.name for p in samples.iterdir() if p.suffix in (".xlf", ".sdlxliff", ".tmx")}
    assert found == set(SAMPLE_LANGS)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixtures_same_segments(name: str) -> None:
    _assert_same(_outcome(DATA / name, True), _outcome(DATA / name, False))


def test_pair_same_segments() -> None:
    a = read_pair(str(DATA / "pair.en.txt"), str(DATA / "pair.es.txt"))
    b = read_pair(str(DATA / "pair.en.txt"), str(DATA / "pair.es.txt"), positions=False)
    assert a == b and a


def test_lean_xml_has_one_anchor_per_side(samples: Path) -> None:
    segs = read_document(str(samples / "xliff12_swordfish_en-es.xlf"), positions=False)
    assert segs and all(len(s.target.anchors) == 1 for s in segs)


TMX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'


def _tmx(tmp_path: Path, body: str, name: str = "t.tmx") -> Path:
    path = tmp_path / name
    path.write_text(TMX_HEAD + body + "</tmx>\n", encoding="utf-8")
    return path


TMX_CASES = {
    # several English variants: the header's srclang (given after the body) picks the source
    "header_after_body": '<body><tu><tuv xml:lang="en-US"><seg>color</seg></tuv>'
                         '<tuv xml:lang="en-GB"><seg>colour</seg></tuv><tuv xml:lang="es"><seg>color</seg></tuv></tu>'
                         '<tu tuid="b"><tuv xml:lang="en"><seg>one</seg></tuv><tuv xml:lang="es"><seg>uno</seg></tuv>'
                         '</tu></body>\n<header srclang="en-GB"/>\n',
    "nested_units": '<header srclang="en"/><body><tu><tuv xml:lang="en"><seg>outer</seg></tuv>'
                    '<tu><tuv xml:lang="en"><seg>inner</seg></tuv><tuv xml:lang="es"><seg>interior</seg></tuv></tu>'
                    '<tuv xml:lang="es"><seg>exterior</seg></tuv></tu>'
                    '<tu><tuv xml:lang="en"><seg>last</seg></tuv><tuv xml:lang="es"><seg>último</seg></tuv></tu>'
                    '</body>\n',
    "markup_and_notes": '<header srclang="en"/><body>\n<tu tuid="m"><note>glossary: ignore GL101</note>\n'
                        '<tuv lang="EN"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept>'
                        ' &amp; go<ph>{0}</ph>\n now<![CDATA[ <raw> ]]>&#x41;</seg></tuv>\n'
                        '<tuv lang="es-ES"><seg>\n  Pulse <hi>Aceptar</hi><!-- c --> y siga</seg></tuv></tu>\n'
                        '<tu><tuv xml:lang="en"><seg>same</seg></tuv><tuv xml:lang="en"><seg>again</seg></tuv></tu>\n'
                        '<tu><tuv xml:lang="en"><seg>blank</seg></tuv><tuv xml:lang="es"><seg>  </seg></tuv></tu>\n'
                        '<tu><tuv xml:lang="en"/><tuv xml:lang="es"><seg>sin origen</seg></tuv></tu>\n'
                        '</body>\n',
    "no_target": '<header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv>'
                 '<tuv xml:lang="fr"><seg>b</seg></tuv></tu></body>\n',
    "not_tmx_root": None,
    "malformed": '<header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv>\n</body>\n',
    "entity": None,
    "empty": None,
}


@pytest.mark.parametrize("case", sorted(TMX_CASES))
def test_tmx_streaming_matches_full_reading(tmp_path: Path, case: str) -> None:
    body = TMX_CASES[case]
    if case == "not_tmx_root":
        path = tmp_path / "t.tmx"
        path.write_text('<?xml version="1.0"?>\n<xliff><tu/></xliff>\n', encoding="utf-8")
    elif case == "entity":
        path = tmp_path / "t.tmx"
        path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x "y">]>\n<tmx><body/></tmx>\n',
                        encoding="utf-8")
    elif case == "empty":
        path = tmp_path / "t.tmx"
        path.write_bytes(b"  \n")
    else:
        assert body is not None
        path = _tmx(tmp_path, body)
    full, lean = _outcome(path, True), _outcome(path, False)
    if case in ("not_tmx_root", "malformed", "entity", "empty", "no_target"):
        assert isinstance(full, tuple) and full[0] == "error"
    else:
        assert isinstance(full, list) and full
    _assert_same(full, lean)
    for region in ("en-GB", "en-US"):  # an explicit region picks that variant in both modes
        _assert_same(_outcome(path, True, source_lang=region), _outcome(path, False, source_lang=region))


def test_tmx_bad_encoding_same_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx><body><tu><tuv xml:lang="en"><seg>caf\xe9'
                     b'</seg></tuv></tu></body></tmx>\n')
    full, lean = _outcome(path, True), _outcome(path, False)
    assert isinstance(full, tuple)
    assert lean == full


def test_lean_tsv_keeps_exact_anchors(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text('en\tes\n# note\r\nthe  minister\tla  ministra\textra\n"two\nlines"\t"dos ""b""\r\nlíneas"\n'
                    'x\t\n\tsolo\rlast\tú', encoding="utf-8")
    full = read_document(str(path))
    lean = read_document(str(path), positions=False)
    assert lean == full and len(full) == 4


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list('ab \t,"\n\r#é')), max_size=60),
       delimiter=st.sampled_from(["\t", ","]))
def test_lean_tabular_equals_full(text: str, delimiter: str) -> None:
    def run(positions: bool) -> object:
        try:
            return read_tabular("t", text, delimiter=delimiter, positions=positions)
        except DataError as exc:
            return (exc.line, exc.message)

    assert run(False) == run(True)


def test_tm_import_writes_what_full_reading_would(tmp_path: Path, runner: object, samples: Path) -> None:
    from glossary.cli import main

    files = [str(samples / "tmx11_omegat_en-es.tmx"), str(samples / "xliff12_swordfish_en-es.xlf"),
             str(DATA / "terms.csv")]
    lean_mem = tmp_path / "lean" / "memory.po"
    lean_mem.parent.mkdir()
    result = runner.invoke(main, ["tm", "import", *files, "--memory", str(lean_mem)])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.stderr
    full_mem = tmp_path / "full" / "memory.po"
    full_mem.parent.mkdir()
    with Memory(full_mem, cache=str(tmp_path / "full.sqlite")) as mem:
        mem.add([(f, read_document(f), frozenset()) for f in files])
    assert lean_mem.read_text(encoding="utf-8") == full_mem.read_text(encoding="utf-8")
    assert "#: " in lean_mem.read_text(encoding="utf-8")
