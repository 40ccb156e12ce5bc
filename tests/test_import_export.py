"""PO glossaries, merging, and the ``glossary import`` / ``glossary export`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from glossary.cli import main
from glossary.interchange.po_glossary import read_po, split_alternatives, split_qualifier
from glossary.merge import fit_po, merge, settle_preferred, slugify, unique_id
from glossary.model import Concept, Gender, Note, Number, Status, TermForm
from glossary.po import read_catalog

TERM_BASE = '''\
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. type: government-body
#. country: MX
#. en-admitted: Interior Ministry
#. source: gob.mx/segob
# es-admitted: Segob
# es-forbidden: Secretaría del Interior
#, case-sensitive
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"

#. type: official-title
# es-masc: secretario de Gobernación
# es-fem: secretaria de Gobernación
msgctxt "mx-secretary-of-the-interior"
msgid "Secretary of the Interior"
msgstr "secretario de Gobernación"

msgctxt "ice"
msgid "ICE"
msgstr "ICE"
'''


def _f(text: str, lang: str = "es", status: Status = Status.PREFERRED, **kw: object) -> TermForm:
    return TermForm(text, lang, status, **kw)  # type: ignore[arg-type]


def _c(cid: str, en: str, es: str | None = None, *more: TermForm, **kw: object) -> Concept:
    forms = [_f(en, "en")] + ([_f(es)] if es else []) + list(more)
    return Concept(id=cid, forms=tuple(forms), **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- PO glossaries


def test_gnome_glossary_counts(samples: Path) -> None:
    batch = read_po(samples / "gnome-glossary_es.po")
    assert len(batch.concepts) == 901
    assert dict(batch.skipped) == {"obsolete entries": 8}
    abort = batch.concepts[0]
    assert (abort.id, abort.preferred("en").text, abort.preferred("es").text) == ("abort", "abort", "abandonar")
    assert abort.notes[0].text.startswith("To terminate abruptly")  # quotes of the #. comment removed
    assert len({c.id for c in batch.concepts}) == 901  # ids are unique


def test_gnucash_glossary_counts(samples: Path) -> None:
    batch = read_po(samples / "gnucash-glossary_es.po")
    assert len(batch.concepts) == 175  # 158 translated + 17 fuzzy
    assert sum(c.fuzzy for c in batch.concepts) == 17
    assert dict(batch.skipped) == {"untranslated entries": 15, "obsolete entries": 1}
    with_untranslated = read_po(samples / "gnucash-glossary_es.po", untranslated=True)
    assert len(with_untranslated.concepts) == 190
    assert dict(with_untranslated.skipped) == {"obsolete entries": 1}


def test_gnucash_is_decoded_as_iso_8859_15(samples: Path) -> None:
    by_id = {c.id: c for c in read_po(samples / "gnucash-glossary_es.po").concepts}
    assert by_id["account-code"].preferred("es").text == "código de cuenta"
    assert by_id["account"].notes == (Note("", "A detailed record of money spent and received"),)
    assert by_id["account-code"].notes == ()  # the "-" placeholder is not a note


def test_gnucash_alternatives_and_qualifiers(samples: Path) -> None:
    by_id = {c.id: c for c in read_po(samples / "gnucash-glossary_es.po").concepts}
    gain = by_id["gain"]
    assert [(f.status, f.text) for f in gain.forms_in("es")] == [
        (Status.PREFERRED, "ganancia"), (Status.ADMITTED, "beneficio")]
    credit = by_id["credit-column-in-register"]
    assert credit.forms == (
        _f("Credit", "en", note="column in register"),
        _f("Haber", note="columna en el libro"),
        _f("Abono", status=Status.ADMITTED),
    )
    # "business (noun)" and "business (adjective)": the bare term is not unique, so kept whole
    assert by_id["business-noun"].preferred("en").text == "business (noun)"
    # a msgid with a comma keeps its msgstr whole
    assert by_id["rebalance-to-a-transaction"].forms_in("es") == (_f("resaldar", note="un asiento"),)


@pytest.mark.parametrize(
    ("msgstr", "msgid", "parts"),
    [
        ("ganancia, beneficio", "gain", ["ganancia", "beneficio"]),
        ("cotización (valor), precio (asiento)", "price", ["cotización (valor)", "precio (asiento)"]),
        ("libro de cuentas/anotaciones", "ledger", ["libro de cuentas/anotaciones"]),
        ("Ministerio de Asuntos Exteriores, Unión Europea y Cooperación",
         "Ministry of Foreign Affairs, European Union and Cooperation",
         ["Ministerio de Asuntos Exteriores, Unión Europea y Cooperación"]),
        ("uno; dos (tres, cuatro)", "x, y", ["uno", "dos (tres, cuatro)"]),
        ("1,5 millones", "1.5 million", ["1,5 millones"]),
    ],
)
def test_split_alternatives(msgstr: str, msgid: str, parts: list[str]) -> None:
    assert split_alternatives(msgstr, msgid) == parts


def test_split_qualifier() -> None:
    assert split_qualifier("Acción (libro)") == ("Acción", "libro")
    assert split_qualifier("TCP/IP") == ("TCP/IP", "")
    assert split_qualifier("(solo)") == ("(solo)", "")


def test_our_term_base_po_is_read_losslessly(tmp_path: Path) -> None:
    path = tmp_path / "glossary.po"
    path.write_text(TERM_BASE, encoding="utf-8")
    assert read_po(path).concepts == read_catalog(path).concepts


# --------------------------------------------------------------------------- merge


def test_slugify_and_unique_id() -> None:
    assert slugify("Secretaría de Gobernación") == "secretaria-de-gobernacion"
    assert slugify("  ¿Qué?  ") == "que"
    assert unique_id("a", {"a", "a-2"}) == "a-3"
    assert unique_id("", set()) == "concept"


def test_merge_adds_updates_and_leaves_unchanged() -> None:
    ours = (_c("mx-segob", "Ministry of the Interior", "Secretaría de Gobernación"),)
    theirs = [
        _c("mx-segob", "Ministry of the Interior", "Secretaría de Gobernación", _f("Segob", status=Status.ADMITTED)),
        _c("new", "Senate", "Senado"),
        _c("mx-segob", "Ministry of the Interior", "Secretaría de Gobernación"),
    ]
    result = merge(ours, theirs)
    assert [ch.action for ch in result.changes] == ["updated", "added", "unchanged"]
    assert result.concepts[0].forms[-1] == _f("Segob", status=Status.ADMITTED)
    assert result.concepts[1].id == "new"
    assert result.conflicts == ()


def test_merge_matches_by_english_and_country() -> None:
    ours = (_c("mx-interior", "Secretary of the Interior", "secretario de Gobernación", country="MX"),
            _c("us-interior", "Secretary of the Interior", "secretario del Interior", country="US"))
    theirs = [_c("x1", "Secretary of the Interior", "secretario del Interior",
                 _f("Secretario del Interior", status=Status.ADMITTED), country="US")]
    result = merge(ours, theirs)
    assert result.changes[0].concept == "us-interior" and result.changes[0].action == "updated"
    assert len(result.concepts) == 2


def test_merge_fills_missing_spanish() -> None:
    result = merge((_c("senate", "Senate"),), [_c("senate", "Senate", "Senado")])
    assert result.concepts[0].preferred("es") == _f("Senado")
    assert result.changes[0].details == ("added es-preferred 'Senado'",)


def test_merge_conflicting_preferred_is_left_as_is() -> None:
    ours = (_c("ice", "ICE", "ICE", _f("hielo", status=Status.FORBIDDEN)),)
    theirs = [_c("ice", "ICE", "Servicio de Control de Inmigración", _f("Oficina", status=Status.ADMITTED))]
    result = merge(ours, theirs)
    assert result.concepts == ours
    assert [c.kind for c in result.unresolved] == ["preferred"]
    assert result.changes[0].action == "conflict"


def test_merge_prefer_theirs_and_ours() -> None:
    ours = (_c("ice", "ICE", "ICE", _f("hielo", status=Status.FORBIDDEN)),)
    theirs = [_c("ice", "ICE", "Servicio de Control", _f("hielo", status=Status.ADMITTED))]
    taken = merge(ours, theirs, prefer="theirs")
    assert taken.unresolved == ()
    assert {c.kind for c in taken.conflicts} == {"preferred", "status"}
    es = {f.text: f.status for f in taken.concepts[0].forms_in("es")}
    assert es == {"Servicio de Control": Status.PREFERRED, "ICE": Status.ADMITTED, "hielo": Status.ADMITTED}
    kept = merge(ours, theirs, prefer="ours")
    assert kept.concepts == ours
    assert kept.changes[0].action == "unchanged" and all(c.resolved == "ours" for c in kept.conflicts)


def test_merge_allowed_versus_forbidden_is_a_conflict() -> None:
    ours = (_c("mexico", "Mexico", "México", _f("Méjico", status=Status.FORBIDDEN, everywhere=True)),)
    theirs = [_c("mexico", "Mexico", "México", _f("Méjico", status=Status.ADMITTED))]
    result = merge(ours, theirs)
    (conflict,) = result.unresolved
    assert (conflict.kind, conflict.ours, conflict.theirs) == ("status", "forbidden", "admitted")
    assert result.concepts == ours


def test_merge_id_collision_without_shared_forms_adds_new_concept() -> None:
    ours = (_c("c1", "open cluster", "cúmulo abierto"),)
    result = merge(ours, [_c("c1", "black hole", "agujero negro")])
    assert [c.id for c in result.concepts] == ["c1", "black-hole"]
    assert result.changes[0].action == "added"
    assert "taken" in result.changes[0].details[1]


def test_merge_gender_forms_are_distinct_from_the_main_form() -> None:
    main = _c("sec", "Secretary", "secretario de Gobernación",
              _f("secretario de Gobernación", gender=Gender.MASCULINE, number=Number.SINGULAR))
    result = merge((main,), [main])
    assert result.changes[0].action == "unchanged"
    fem = _f("secretaria de Gobernación", gender=Gender.FEMININE, number=Number.SINGULAR)
    result = merge((main,), [_c("sec", "Secretary", "secretario de Gobernación", fem)])
    assert result.concepts[0].forms[-1] == fem


def test_settle_preferred_promotes_first_allowed() -> None:
    forms = settle_preferred([(_f("a", status=Status.DEPRECATED), True), (_f("b", status=Status.ADMITTED), False),
                              (_f("c", status=Status.ADMITTED), False)])
    assert [(f.text, f.status) for f in forms] == [
        ("a", Status.DEPRECATED), ("b", Status.PREFERRED), ("c", Status.ADMITTED)]


def test_fit_po_moves_main_form_note_to_concept() -> None:
    c = _c("x", "Action", None, _f("Acción", note="libro"))
    fitted = fit_po(c)
    assert fitted.forms[1].note == "" and Note("es", "libro") in fitted.notes


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (a git root, so the search for locales/ stops here)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def term_base(project: Path) -> Path:
    path = project / "locales" / "es" / "glossary.po"
    path.parent.mkdir(parents=True)
    path.write_text(TERM_BASE, encoding="utf-8")
    return path


def test_cli_import_creates_term_base(runner: CliRunner, project: Path, samples: Path) -> None:
    result = runner.invoke(main, ["import", str(samples / "gnucash-glossary_es.po")])
    assert result.exit_code == 0, result.stderr
    assert ("added 175, updated 0, unchanged 0, conflicts 0, skipped 16 "
            "(15 untranslated entries, 1 obsolete entries)") in result.stdout
    created = project / "locales" / "es" / "glossary.po"
    assert len(read_catalog(created).concepts) == 175
    again = runner.invoke(main, ["import", str(samples / "gnucash-glossary_es.po")])
    assert again.exit_code == 0
    assert "added 0, updated 0, unchanged 175, conflicts 0" in again.stdout


def test_cli_import_tbx_reports_skipped_languages(runner: CliRunner, project: Path, samples: Path) -> None:
    result = runner.invoke(main, ["import", str(samples / "tbx-basic_v3_good_en-es.tbx"), "--into", "tb.po"])
    assert result.exit_code == 0, result.stderr
    assert "added 39," in result.stdout
    assert "6 zu terms" in result.stdout
    assert "not imported (no place in the term base): " in result.stdout
    assert len(read_catalog(project / "tb.po").concepts) == 39


def test_cli_import_omegat_and_format_option(runner: CliRunner, project: Path, samples: Path) -> None:
    copy = project / "glossary.list"
    copy.write_bytes((samples / "omegat_glossary_en-es.txt").read_bytes())
    result = runner.invoke(main, ["import", str(copy), "--format", "omegat", "--report", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["summary"]["added"] == 47 and doc["format"] == "omegat"


def test_cli_conflict_dry_run_and_prefer(runner: CliRunner, term_base: Path, project: Path) -> None:
    (project / "theirs.csv").write_text(
        "en,es\nICE,Servicio de Inmigración y Control de Aduanas\nSenate,Senado\n", encoding="utf-8")
    before = term_base.read_bytes()
    dry = runner.invoke(main, ["import", "theirs.csv", "--dry-run"])
    assert dry.exit_code == 1
    assert "! ice: preferred es form differs: ours 'ICE', theirs 'Servicio de Inmigración y Control de Aduanas'" \
        in dry.stdout
    assert "+ senate: Senate -> Senado" in dry.stdout
    assert "dry run: locales/es/glossary.po not changed" in dry.stdout
    assert term_base.read_bytes() == before

    plain = runner.invoke(main, ["import", "theirs.csv", "--report", "json"])
    assert plain.exit_code == 1
    doc = json.loads(plain.stdout)
    assert doc["summary"]["conflicts"] == 1 and doc["summary"]["added"] == 1
    assert doc["conflicts"][0] == {
        "id": "ice", "kind": "preferred", "lang": "es", "ours": "ICE",
        "theirs": "Servicio de Inmigración y Control de Aduanas",
        "message": "preferred es form differs: ours 'ICE', theirs 'Servicio de Inmigración y Control de Aduanas'",
        "resolved": None,
    }
    after = {c.id: c for c in read_catalog(term_base).concepts}
    assert after["ice"].preferred("es").text == "ICE"  # left as is
    assert "senate" in after  # the clean part landed

    theirs = runner.invoke(main, ["import", "theirs.csv", "--prefer", "theirs"])
    assert theirs.exit_code == 0, theirs.stdout
    ice = {c.id: c for c in read_catalog(term_base).concepts}["ice"]
    assert ice.preferred("es").text == "Servicio de Inmigración y Control de Aduanas"
    assert _f("ICE", status=Status.ADMITTED) in ice.forms


def test_cli_export_tbx_validates(runner: CliRunner, term_base: Path, project: Path) -> None:
    result = runner.invoke(main, ["export", "--to", "tbx", "out.tbx", "--no-builtin", "--glossary", str(term_base)])
    assert result.exit_code == 0, result.stderr
    assert "exported 3 concepts to out.tbx (tbx)" in result.stdout
    schemas = Path(__file__).resolve().parent.parent.parent / "shared" / "schemas"
    rng = etree.RelaxNG(etree.parse(str(schemas / "TBXcoreStructV03.rng")))
    assert rng.validate(etree.parse(str(project / "out.tbx"))), rng.error_log


@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_cli_export_import_round_trip(runner: CliRunner, term_base: Path, project: Path, fmt: str) -> None:
    out = runner.invoke(main, ["export", f"all.{fmt}", "--no-builtin", "--glossary", str(term_base)])
    assert out.exit_code == 0, out.stderr
    back = runner.invoke(main, ["import", f"all.{fmt}", "--into", "copy/glossary.po"])
    assert back.exit_code == 0, back.stderr
    assert "added 3," in back.stdout
    original = read_catalog(term_base)
    copy = read_catalog(project / "copy" / "glossary.po")
    assert copy.concepts == original.concepts
    into_same = runner.invoke(main, ["import", f"all.{fmt}"])
    assert "added 0, updated 0, unchanged 3, conflicts 0" in into_same.stdout


def test_cli_export_to_stdout(runner: CliRunner, term_base: Path) -> None:
    result = runner.invoke(main, ["export", "--to", "csv", "-", "--no-builtin", "--glossary", str(term_base)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("id,type,country,")
    assert "mx-segob,government-body,MX,,case-sensitive,es,forbidden,Secretaría del Interior" in result.stdout
    assert "exported 3 concepts" in result.stderr


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["import", "bad.tbx"], b"<tbx><oops></tbx>", "glossary: error: bad.tbx:1: not well-formed XML"),
        (["import", "bad.csv"], b"id,lang,term\nx,en,\n", "glossary: error: bad.csv:2: empty term"),
        (["import", "missing.po"], None, "glossary: error: missing.po: no such file"),
        (["import", "mystery"], b"words\n", "glossary: error: mystery: cannot tell the format"),
        (["export", "out.xlsx", "--no-builtin"], None, "cannot tell the format from 'out.xlsx'"),
        (["import", "x.csv", "--into", "t.pot"], b"a,b\n", "a template (.pot) holds no Spanish"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(runner: CliRunner, project: Path, args: list[str],
                                         content: bytes | None, message: str) -> None:
    if content is not None:
        (project / args[1]).write_bytes(content)
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_fit_po_cleans_what_po_cannot_hold() -> None:
    c = Concept(
        id="x",
        forms=(_f(" Senate ", "en"), _f("Senado"), _f("  ", status=Status.ADMITTED), _f("Sénat", "fr"),
               _f("senadora", status=Status.ADMITTED, gender=Gender.FEMININE, number=Number.SINGULAR)),
        notes=(Note("", " upper house "), Note("", ""), Note("fr", "chambre")),
        sources=(Note("", "senado.gob.mx"),),
        extra=("free text\nsecond line", "#. key: v"),
    )
    fitted = fit_po(c)
    assert [(f.lang, f.status, f.text, f.gender) for f in fitted.forms] == [
        ("en", Status.PREFERRED, "Senate", None), ("es", Status.PREFERRED, "Senado", None),
        ("es", Status.PREFERRED, "senadora", Gender.FEMININE)]
    assert fitted.notes == (Note("", "upper house"),)
    assert fitted.sources == (Note("en", "senado.gob.mx"),)
    assert fitted.extra == ("# free text", "# second line", "#. key: v")


def test_cli_import_messy_csv_writes_a_readable_term_base(runner: CliRunner, project: Path) -> None:
    (project / "messy.csv").write_text(
        "id,lang,status,term,note\nSenate!,en,preferred,Senate ,\nSenate!,es,preferred,Senado,  cámara alta \n"
        "Senate!,fr,preferred,Sénat,\n", encoding="utf-8")
    result = runner.invoke(main, ["import", "messy.csv"])
    assert result.exit_code == 0, result.stderr
    assert "skipped 1 (1 fr terms)" in result.stdout
    (c,) = read_catalog(project / "locales" / "es" / "glossary.po").concepts
    assert (c.id, c.preferred("en").text, c.preferred("es").text) == ("senate", "Senate", "Senado")
    assert c.notes == (Note("es", "cámara alta"),)


def test_cli_import_skips_concepts_without_english(runner: CliRunner, project: Path) -> None:
    (project / "es-only.csv").write_text(
        "id,lang,status,term\nsolo,es,preferred,Senado\nboth,en,preferred,House\nboth,es,preferred,Cámara\n",
        encoding="utf-8")
    result = runner.invoke(main, ["import", "es-only.csv", "--into", "t.po"])
    assert result.exit_code == 0, result.stderr
    assert "added 1, updated 0, unchanged 0, conflicts 0, skipped 1 (1 concepts without an English term)" \
        in result.stdout
    assert [c.id for c in read_catalog(project / "t.po").concepts] == ["both"]
