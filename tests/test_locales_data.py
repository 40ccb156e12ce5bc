"""Tests of the term-base data itself (in the spirit of codespell's dictionary tests).

Every PO/POT file under ``locales/`` must parse, be canonical and pass ``msgfmt -c``; ids
are unique; no form is both allowed and forbidden; no forbidden form is another concept's
preferred form unless the two concepts belong to different countries; the template and
the translation hold the same concepts; every person has a gender; and the Spanish seed
stays line-aligned with the English one and holds, on each referenced line, an allowed
form of every concept the English line names. The last checks use a small independent
leftmost-longest matcher over word tokens, so they do not depend on the production
matcher they are meant to guard.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pytest

from glossary import po
from glossary.model import Concept, Status, TermForm

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "locales"
SEEDS = REPO / "seeds"
POT = LOCALES / "glossary.pot"
PO_ES = LOCALES / "es" / "glossary.po"
SEED_EN = SEEDS / "000_f4d848ffd231b71b.txt"
SEED_ES = SEEDS / "000_f4d848ffd231b71b.es.txt"

PO_FILES = sorted(LOCALES.rglob("*.po")) + sorted(LOCALES.rglob("*.pot"))
ARTICLES = {"en": ("the", "a", "an"), "es": ("el", "la", "los", "las", "un", "una")}
TITLE_GENDER_NUMBER = {("m", "sg"), ("f", "sg"), ("m", "pl"), ("f", "pl")}


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


@lru_cache(maxsize=None)
def _catalog(path: Path) -> po.Catalog:
    return po.read_catalog(path)


def _live(path: Path) -> tuple[Concept, ...]:
    return tuple(c for c in _catalog(path).concepts if not c.obsolete)


def _target_lang(path: Path) -> str:
    return "en" if path.suffix == ".pot" else path.parent.name


def _key(form: TermForm, concept: Concept) -> str:
    """How the matcher compares a form: exact for acronyms and case-sensitive concepts."""
    text = " ".join(unicodedata.normalize("NFC", form.text).split())
    return text if form.acronym or concept.case_sensitive else text.casefold()


# ----------------------------------------------------------------- a tiny reference matcher

_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


class _Index:
    """Leftmost-longest matching of forms over word tokens (case-folded, accent-sensitive)."""

    def __init__(self, entries: Iterable[tuple[TermForm, Concept]]) -> None:
        self.exact: dict[tuple[str, ...], list[tuple[TermForm, Concept]]] = {}
        self.folded: dict[tuple[str, ...], list[tuple[TermForm, Concept]]] = {}
        self.longest = 1
        for form, concept in entries:
            toks = tuple(_tokens(form.text))
            if not toks:
                continue
            table = self.exact if form.acronym else self.folded
            key = toks if form.acronym else tuple(t.casefold() for t in toks)
            table.setdefault(key, []).append((form, concept))
            self.longest = max(self.longest, len(toks))

    def scan(self, text: str) -> list[list[tuple[TermForm, Concept]]]:
        """Every match group (all concepts sharing the matched text), leftmost-longest."""
        toks = _tokens(text)
        folded = [t.casefold() for t in toks]
        out: list[list[tuple[TermForm, Concept]]] = []
        i = 0
        while i < len(toks):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                hits = self.exact.get(tuple(toks[i:i + n]), []) + self.folded.get(tuple(folded[i:i + n]), [])
                if hits:
                    out.append(hits)
                    i += n
                    break
            else:
                i += 1
        return out


def _seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _concept_forms(concepts: Iterable[Concept], lang: str) -> list[tuple[TermForm, Concept]]:
    return [(f, c) for c in concepts for f in c.forms_in(lang)]


# ----------------------------------------------------------------- files


def test_locales_hold_the_term_base() -> None:
    assert POT in PO_FILES and PO_ES in PO_FILES
    assert len(_live(PO_ES)) >= 41


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_file_parses_and_is_canonical(path: Path) -> None:
    catalog = _catalog(path)
    assert catalog.concepts, f"{_rel(path)} holds no concepts"
    assert po.is_canonical(path), f"{_rel(path)} is not canonical: run `glossary fmt {_rel(path)}`"


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_msgfmt_accepts_file(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed; CI installs it")
    proc = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_ids_are_unique_and_well_formed(path: Path) -> None:
    ids = [c.id for c in _catalog(path).concepts]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate concept ids in {_rel(path)}: {dupes}"
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
    assert not bad, bad


# ----------------------------------------------------------------- forms


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_no_form_is_both_allowed_and_discouraged(path: Path) -> None:
    problems = []
    for c in _live(path):
        for lang in ("en", _target_lang(path)):
            allowed = {_key(f, c) for f in c.forms_in(lang) if f.status.allowed}
            for f in c.forms_in(lang):
                if not f.status.allowed and _key(f, c) in allowed:
                    problems.append(f"{c.id}: {lang} '{f.text}' is allowed and {f.status.value}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_no_allowed_form_is_listed_twice(path: Path) -> None:
    problems = []
    for c in _live(path):
        seen: set[tuple[str, str, object, object]] = set()
        for f in c.forms:
            if not f.status.allowed:
                continue
            k = (f.lang, _key(f, c), f.gender, f.number)
            if k in seen:
                problems.append(f"{c.id}: '{f.text}' twice")
            seen.add(k)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_forbidden_form_is_not_another_concepts_preferred_form(path: Path) -> None:
    concepts = _live(path)
    preferred: dict[tuple[str, str], list[Concept]] = {}
    for c in concepts:
        for f in c.forms:
            if f.status is Status.PREFERRED and not f.acronym:
                preferred.setdefault((f.lang, f.text.casefold()), []).append(c)
    problems = []
    for c in concepts:
        for f in c.forms:
            if f.status.allowed:
                continue
            for other in preferred.get((f.lang, f.text.casefold()), []):
                if other.id != c.id and (other.country == c.country or f.everywhere):
                    problems.append(f"{c.id}: {f.status.value} '{f.text}' is preferred in {other.id}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_allowed_form_is_not_shared_by_two_concepts_of_one_country(path: Path) -> None:
    owner: dict[tuple[str, str], Concept] = {}
    problems = []
    for c in _live(path):
        for f in {(f.lang, _key(f, c)): f for f in c.forms if f.status.allowed}.values():
            k = (f.lang, _key(f, c))
            o = owner.get(k)
            # a successor may keep its predecessor's name (PGR -> FGR "Attorney General"):
            # the two are told apart by date, so their periods must not overlap
            disjoint = o is not None and o.valid is not None and c.valid is not None and not o.valid.overlaps(c.valid)
            if o is not None and o.country == c.country and not disjoint:
                problems.append(f"'{f.text}' is allowed in {o.id} and {c.id}")
            owner.setdefault(k, c)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PO_FILES, ids=_rel)
def test_allowed_forms_do_not_start_with_an_article(path: Path) -> None:
    # A leading article is not part of a term, and leftmost-longest matching would let
    # "la secretaria" swallow the start of "secretaria de Gobernación".
    problems = []
    for c in _live(path):
        for f in c.forms:
            words = f.text.split()
            if f.status.allowed and len(words) > 1 and words[0].casefold() in ARTICLES.get(f.lang, ()):
                problems.append(f"{c.id}: '{f.text}'")
    assert not problems, "\n".join(problems)


def test_every_concept_has_a_reference_or_a_source() -> None:
    for path in PO_FILES:
        missing = [c.id for c in _live(path) if not c.references and not c.sources]
        assert not missing, f"{_rel(path)}: no #: reference and no source: {missing}"


def test_references_point_at_existing_seed_lines() -> None:
    for path in PO_FILES:
        for c in _live(path):
            for r in c.references:
                seed = REPO / r.path
                assert seed.is_file(), f"{c.id}: {r} names a missing file"
                assert 1 <= r.line <= len(_seed_lines(seed)), f"{c.id}: {r} is past the end of the file"


# ----------------------------------------------------------------- template and translation


def test_template_and_translation_hold_the_same_concepts() -> None:
    pot = {c.id: c for c in _live(POT)}
    po = {c.id: c for c in _live(PO_ES)}
    assert sorted(pot) == sorted(po), (sorted(set(pot) ^ set(po)))
    for cid, c in po.items():
        t = pot[cid]
        assert c.preferred("en") == t.preferred("en"), cid
        assert c.forms_in("en") == t.forms_in("en"), cid
        assert (c.type, c.country, c.gender, c.references) == (t.type, t.country, t.gender, t.references), cid
        assert (c.case_sensitive, c.do_not_translate) == (t.case_sensitive, t.do_not_translate), cid
        assert [n for n in c.notes if n.lang != "es"] == list(t.notes), cid
        assert [s for s in c.sources if s.lang == "en"] == list(t.sources), cid
        assert not t.forms_in("es"), f"{cid}: the template holds Spanish forms"
    assert [c.id for c in _live(POT)] == [c.id for c in _live(PO_ES)], "the two files list concepts in different orders"


def test_every_translation_has_a_preferred_spanish_form() -> None:
    missing = [c.id for c in _live(PO_ES) if c.preferred("es") is None]
    assert not missing, missing


# ----------------------------------------------------------------- people and titles


def test_every_person_has_gender_country_and_keeps_the_name() -> None:
    people = [c for c in _live(PO_ES) if c.type == "person"]
    assert people
    for p in people:
        assert p.gender is not None, f"{p.id}: no gender"
        assert p.country, f"{p.id}: no country"
        assert p.do_not_translate, f"{p.id}: a name must be flagged do-not-translate"
        assert p.preferred("en").text == p.preferred("es").text, f"{p.id}: msgstr differs from msgid"
        assert p.id.startswith("person-"), p.id


def test_accentless_names_are_forbidden_in_spanish() -> None:
    def fold(s: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))

    for p in (c for c in _live(PO_ES) if c.type == "person"):
        name = p.preferred("es").text
        if fold(name) != name:
            forbidden = {f.text for f in p.forms_in("es") if f.status is Status.FORBIDDEN}
            assert fold(name) in forbidden, f"{p.id}: '{fold(name)}' should be es-forbidden [loses an accent]"


def test_titles_list_every_gender_and_number() -> None:
    for c in (c for c in _live(PO_ES) if c.type == "official-title"):
        have = {(f.gender.value, f.number.value) for f in c.forms_in("es") if f.gender and f.number}
        assert have == TITLE_GENDER_NUMBER, f"{c.id}: gender/number forms {sorted(have)}"
        msgstr = c.preferred("es").text
        assert any(f.text == msgstr for f in c.forms_in("es") if f.gender), f"{c.id}: msgstr is not one of its gender forms"


def test_titles_agree_with_the_holders_named_in_the_seed() -> None:
    # The msgstr of a title is the form for its holder in the seed: the person named
    # right after it on a line where both are referenced.
    concepts = _live(PO_ES)
    people = [c for c in concepts if c.type == "person"]
    en_lines = _seed_lines(SEED_EN)
    index = _Index(_concept_forms(concepts, "en"))
    checked = 0
    for n, line in enumerate(en_lines, 1):
        groups = index.scan(line)
        for a, b in zip(groups, groups[1:]):
            titles = [c for _, c in a if c.type == "official-title" and n in _lines_of(c, _rel(SEED_EN))]
            persons = [c for _, c in b if c in people]
            for t in titles:
                for p in persons:
                    pref = t.preferred("es")
                    g = next((f.gender for f in t.forms_in("es") if f.text == pref.text and f.gender), None)
                    assert g == p.gender, f"line {n}: {t.id} '{pref.text}' disagrees with {p.id} ({p.gender})"
                    checked += 1
    assert checked >= 10


# ----------------------------------------------------------------- the seeds


def test_spanish_seed_is_line_aligned() -> None:
    en = SEED_EN.read_text(encoding="utf-8")
    es = SEED_ES.read_text(encoding="utf-8")
    assert len(en.split("\n")) == len(es.split("\n"))
    assert en.endswith("\n") == es.endswith("\n")
    for n, (a, b) in enumerate(zip(en.split("\n"), es.split("\n")), 1):
        assert bool(a.strip()) == bool(b.strip()), f"line {n}: one side is empty"
        assert a.startswith("- ") == b.startswith("- "), f"line {n}: list markers differ"


def _lines_of(c: Concept, seed: str) -> set[int]:
    return {r.line for r in c.references if r.path == seed}


def _has_form(line: str, forms: Iterable[str]) -> bool:
    folded = unicodedata.normalize("NFC", line).casefold()
    return any(re.search(r"(?<!\w)" + re.escape(unicodedata.normalize("NFC", f).casefold()) + r"(?!\w)", folded)
               for f in forms)


def test_referenced_seed_lines_hold_the_concept_in_both_languages() -> None:
    en_lines = _seed_lines(SEED_EN)
    es_lines = _seed_lines(SEED_ES)
    seed = _rel(SEED_EN)
    problems = []
    for c in _live(PO_ES):
        for r in c.references:
            if r.path != seed:
                continue
            en_ok = _has_form(en_lines[r.line - 1], (f.text for f in c.allowed("en")))
            es_ok = _has_form(es_lines[r.line - 1], (f.text for f in c.allowed("es")))
            if not en_ok:
                problems.append(f"{c.id}: no English form on {seed}:{r.line}")
            if not es_ok:
                problems.append(f"{c.id}: no allowed Spanish form on {_rel(SEED_ES)}:{r.line}")
    assert not problems, "\n".join(problems)


def test_every_concept_the_english_seed_names_is_referenced() -> None:
    concepts = _live(PO_ES)
    index = _Index(_concept_forms(concepts, "en"))
    seed = _rel(SEED_EN)
    problems = []
    for n, line in enumerate(_seed_lines(SEED_EN), 1):
        for group in index.scan(line):
            if not any(n in _lines_of(c, seed) for _, c in group):
                problems.append(f"{seed}:{n}: '{group[0][0].text}' ({', '.join(c.id for _, c in group)}) has no #: reference")
    assert not problems, "\n".join(problems)


def test_spanish_seed_renders_every_concept_of_the_english_line() -> None:
    # What `glossary check --pair` must find clean: every concept the English line names
    # (leftmost-longest) has an allowed Spanish form among the Spanish line's matches.
    concepts = [c for c in _live(PO_ES) if not c.fuzzy]
    en_index = _Index(_concept_forms(concepts, "en"))
    es_index = _Index((f, c) for f, c in _concept_forms(concepts, "es") if f.status.allowed)
    problems = []
    for n, (en, es) in enumerate(zip(_seed_lines(SEED_EN), _seed_lines(SEED_ES)), 1):
        found = {c.id for group in es_index.scan(es) for _, c in group}
        for group in en_index.scan(en):
            if not any(c.id in found for _, c in group):
                problems.append(f"line {n}: '{group[0][0].text}' ({'/'.join(c.id for _, c in group)}) not rendered")
    assert not problems, "\n".join(problems)


def test_spanish_seed_uses_no_discouraged_form() -> None:
    concepts = _live(PO_ES)
    index = _Index(_concept_forms(concepts, "es"))
    problems = []
    for n, line in enumerate(_seed_lines(SEED_ES), 1):
        for group in index.scan(line):
            if all(not f.status.allowed for f, _ in group):
                problems.append(f"line {n}: {group[0][0].status.value} '{group[0][0].text}' ({group[0][1].id})")
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------- the production checker on the seeds


def _check(*args: str) -> tuple[int, dict]:
    import json

    from click.testing import CliRunner

    from glossary.cli import main

    result = CliRunner().invoke(main, ["check", "--no-builtin", "--glossary", str(PO_ES), "--format", "json", *args])
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not crashed and result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("country", ["", "MX"])
def test_check_finds_the_seed_pair_clean(country: str) -> None:
    extra = ["--country", country] if country else []
    code, report = _check("--pair", str(SEED_EN), str(SEED_ES), "--fail-on", "info", *extra)
    assert report["findings"] == [], "\n".join(
        f"{f['line']}:{f['column']} {f['code']} {f['message']}" for f in report["findings"])
    assert code == 0


def _damage(tmp_path: Path, line: int, old: str, new: str) -> Path:
    lines = _seed_lines(SEED_ES)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    damaged = tmp_path / "seed.es.txt"
    damaged.write_text("\n".join(lines), encoding="utf-8")
    return damaged


@pytest.mark.parametrize(
    ("line", "old", "new", "code"),
    [
        (13, "la secretaria de Gobernación", "la Secretaría de Gobernación", "GL105"),
        (14, "Servicio de Inmigración y Control de Aduanas", "Servicio de Hielo", "GL101"),
        (2, "en Palacio Nacional", "en el Palacio Presidencial", "GL102"),
        (3, "confianza mutua", "fideicomiso mutuo", "GL102"),
        (5, "trata de personas y al tráfico de drogas", "tráfico de personas y de drogas", "GL102"),
        (5, "trata de personas y al tráfico de drogas", "trata de personas", "GL101"),
        (2, "México y Estados", "Méjico y Estados", "GL102"),
        (13, "Juan Ramón de la Fuente", "Juan Ramon de la Fuente", "GL102"),
        (12, "memorándum de entendimiento", "memorándum de comprensión", "GL102"),
        # forbidden here although another concept allows the form: a country's homograph
        # (us-interior-secretary) and a concept the source does not hold (prime-minister)
        (13, "la secretaria de Gobernación", "la secretaria del Interior", "GL102"),
        (2, "la presidenta Claudia", "la primera ministra Claudia", "GL102"),
    ],
)
def test_check_reports_a_damaged_seed_line(tmp_path: Path, line: int, old: str, new: str, code: str) -> None:
    damaged = _damage(tmp_path, line, old, new)
    status, report = _check("--pair", str(SEED_EN), str(damaged), "--country", "MX")
    codes = {(f["line"], f["code"]) for f in report["findings"]}
    assert (line, code) in codes, report["findings"]
    assert status == 1
