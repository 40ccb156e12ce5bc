"""Fixture tests for the real-text classes (issue 12) and the office holders (issue 13), on
the built-in term base: each case must be flagged, each trap must stay clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _check(runner: CliRunner, tmp_path: Path, *args: str, files: dict[str, str]) -> list[dict[str, object]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    r = runner.invoke(main, ["check", "--format", "json", "--exit-zero", *args], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return list(json.loads(r.stdout)["findings"])


def _codes(found: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(f["code"], f["found"]) for f in found]


def test_wrong_office_for_a_named_person(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = _check(runner, tmp_path, "a.en.txt", files={
        "a.en.txt": "WASHINGTON, March 28, 2025 — Secretary of State Kristi Noem arrived.\n"})
    assert _codes(found) == [("GL110", "Secretary of State")]
    assert "us-dhs-secretary" in str(found[0]["message"])


def test_a_bare_title_takes_the_holders_office(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Secretary De la Fuente" <-> "el canciller De la Fuente": the title is his office
    monkeypatch.chdir(tmp_path)
    found = _check(runner, tmp_path, "--pair", "a.en.txt", "a.es.txt", files={
        "a.en.txt": "March 28, 2025. Secretary Juan Ramón de la Fuente spoke.\n",
        "a.es.txt": "28 de marzo de 2025. El canciller Juan Ramón de la Fuente habló.\n"})
    assert found == []


def test_office_held_at_another_time_needs_a_known_date(runner: CliRunner, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "El secretario de Relaciones Exteriores, Luis Videgaray Caso, habló.\n"
    assert _check(runner, tmp_path, "a.es.txt", files={"a.es.txt": text}) == []
    dated = _check(runner, tmp_path, "--date", "2024-05-01", "a.es.txt", files={"a.es.txt": text})
    assert _codes(dated) == [("GL110", "secretario de Relaciones Exteriores")]
    assert _check(runner, tmp_path, "--date", "2017-05-01", "a.es.txt", files={"a.es.txt": text}) == []


def test_outdated_name_on_the_documents_date(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = _check(runner, tmp_path, "a.es.txt", "b.es.txt", "c.es.txt", files={
        "a.es.txt": "Ciudad de México, 5 de mayo de 2023. El secretario de Comunicaciones y Transportes habló.\n",
        "b.es.txt": "Ciudad de México, 5 de mayo de 2019. El secretario de Comunicaciones y Transportes habló.\n",
        "c.es.txt": "Ciudad de México, 5 de mayo de 2023. El entonces secretario de Comunicaciones y Transportes.\n"})
    assert [(Path(str(f["path"])).name, f["code"]) for f in found] == [("a.es.txt", "GL111")]
    assert found[0]["expected"] == "secretario de Infraestructura, Comunicaciones y Transportes"


@pytest.mark.parametrize(("text", "expected"), [
    ("El Servicio de Inmigración y Control Aduanas de Estados Unidos (ICE) informó.\n",
     "Servicio de Inmigración y Control de Aduanas de Estados Unidos"),
    ("Gracias al Departamento de @stado de Estados Unidos.\n", "Departamento de Estado de Estados Unidos"),
    ("La presidenta Claudia Sheinbaun habló en México.\n", "Claudia Sheinbaum"),
])
def test_misspelt_names_are_near_misses(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        text: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    found = _check(runner, tmp_path, "a.es.txt", files={"a.es.txt": text})
    assert [(f["code"], f["expected"]) for f in found] == [("GL112", expected)]


@pytest.mark.parametrize("text", [
    "La Secretaría de Desarrollo Económico de Jalisco informó.\n",  # another real body
    "Los senadores de la República y el Senado de la República votaron.\n",
    "La Oficina de Aduanas y Protección Fronteriza de los Estados Unidos informó.\n",
    "La presidenta Claudia Sheinbaum Pardo y Claudia López hablaron en México.\n",
])
def test_other_real_names_are_not_near_misses(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              text: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert _check(runner, tmp_path, "a.es.txt", files={"a.es.txt": text}) == []


def test_typography_and_demonyms(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = _check(runner, tmp_path, "a.es.txt", files={"a.es.txt": (
        "El bienestar de la gente y la Secretaría de Bienestar de México.\n"
        "La delegación Mexicana llegó.\n"
        "Mexicanos y estadounidenses. El Ejército Mexicano desfiló.\n"
        "SECRETARÍA DE GOBERNACIÓN INFORMA\n")})
    assert _codes(found) == [("GL106", "Mexicana")]


def test_coordinated_plural_titles_need_no_gender_agreement(runner: CliRunner, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "Los secretarios de Bienestar, Ariadna Montiel, y de Economía, Marcelo Ebrard, hablaron en México.\n"
    assert _check(runner, tmp_path, "a.es.txt", files={"a.es.txt": text}) == []


def test_country_scope_comes_from_the_document(runner: CliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bilateral = "La secretaria de Seguridad Interior de Estados Unidos visitó México.\n"
    assert _codes(_check(runner, tmp_path, "a.es.txt", files={"a.es.txt": bilateral})) == [
        ("GL102", "secretaria de Seguridad Interior")]
    # an El Salvador text: "Canciller" there is not Mexico's foreign secretary
    found = _check(runner, tmp_path, "--source-lang", "es", "--target-lang", "en", "--pair", "b.es.txt", "b.en.txt",
                   files={"b.es.txt": "El embajador de Estados Unidos y la Canciller Alexandra Hill.\n",
                          "b.en.txt": "The United States Ambassador and Foreign Minister Alexandra Hill.\n"})
    assert found == []


@pytest.mark.parametrize(("args", "message"), [
    (["--country", "XX"], "'XX' is not an ISO 3166 country code"),
    (["--country", "Mexico"], "not an ISO 3166 country code"),
    (["--date", "2025-13-01"], "not an ISO 8601 date"),
])
def test_bad_country_or_date_is_one_clear_line(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.es.txt").write_text("México.\n", encoding="utf-8")
    r = runner.invoke(main, ["check", *args, "a.es.txt"])
    assert r.exit_code == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_several_countries_are_accepted(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = _check(runner, tmp_path, "--country", "mx", "--country", "US", "a.es.txt",
                   files={"a.es.txt": "La secretaria de Seguridad Interior visitó.\n"})
    assert _codes(found) == [("GL102", "secretaria de Seguridad Interior")]


HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
TITLE = ('\n#. type: official-title\n#. country: MX\n#. source: https://www.gob.mx/sre\n'
         '# es-source: https://www.gob.mx/sre\nmsgctxt "mx-sre-secretary"\nmsgid "Secretary of Foreign Affairs"\n'
         'msgstr "secretario de Relaciones Exteriores"\n')


def _person(cid: str, office: str, source: bool = True) -> str:
    src = "#. source: https://www.gob.mx/sre\n# es-source: https://www.gob.mx/sre\n" if source else ""
    return (f'\n#. type: person\n#. country: MX\n#. gender: m\n#. office: {office}\n{src}#, do-not-translate\n'
            f'msgctxt "{cid}"\nmsgid "{cid}"\nmsgstr "{cid}"\n')


@pytest.mark.parametrize(("body", "code"), [
    (TITLE + _person("person-a", "mx-sre-secretary 2018-12-01/2023-06-12")
     + _person("person-b", "mx-sre-secretary 2023-01-01/2024-09-30"), "GL912"),
    (TITLE + _person("person-a", "mx-nothing 2018/2020"), "GL913"),
    (TITLE + _person("person-a", "mx-sre-secretary 2018/2020", source=False), "GL914"),
])
def test_validate_reports_bad_holder_data(runner: CliRunner, tmp_path: Path, body: str, code: str) -> None:
    po = tmp_path / "es" / "glossary.po"
    po.parent.mkdir()
    po.write_text(HEADER + body, encoding="utf-8")
    r = runner.invoke(main, ["validate", str(po), "--format", "json"])
    codes = [f["code"] for f in json.loads(r.stdout)["findings"]]
    assert code in codes


def test_validate_refuses_a_date_that_is_not_iso(runner: CliRunner, tmp_path: Path) -> None:
    po = tmp_path / "es" / "glossary.po"
    po.parent.mkdir()
    po.write_text(HEADER + TITLE + _person("person-a", "mx-sre-secretary 2018-13-01/2020"), encoding="utf-8")
    r = runner.invoke(main, ["validate", str(po)])
    assert r.exit_code == 2 and "bad date '2018-13-01'" in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(f"glossary: error: {po}:")


def test_terms_show_lists_holders_and_offices(runner: CliRunner) -> None:
    r = runner.invoke(main, ["terms", "show", "mx-sre-secretary", "--format", "json"])
    data = json.loads(r.stdout)
    people = [h["person"] for h in data["holders"]]
    assert "person-marcelo-ebrard" in people and "person-luis-videgaray" in people
    r = runner.invoke(main, ["terms", "show", "person-marcelo-ebrard"])
    assert "office: mx-sre-secretary 2018-12-01/2023-06-12" in r.stdout


def test_terms_stats_counts_the_built_in_term_base(runner: CliRunner) -> None:
    r = runner.invoke(main, ["terms", "stats", "--format", "json"])
    data = json.loads(r.stdout)
    assert data["concepts"] >= 300 and data["by_type"]["person"] >= 80
    assert data["people_with_offices"] >= 80 and data["with_source"] == data["concepts"]


def test_parts_of_a_large_pair_share_the_documents_dateline(runner: CliRunner, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # --jobs cuts a pair of 40,000 lines or more into parts: each part is judged on the
    # document's date, so a name outdated on that date is reported wherever it stands
    monkeypatch.chdir(tmp_path)
    n = 41_000
    en = ["Mexico City, May 5, 2023."] + ["The weather was fine."] * (n - 2) + [
        "The Secretary of Infrastructure, Communications and Transportation spoke."]
    es = ["Ciudad de México, 5 de mayo de 2023."] + ["El tiempo fue bueno."] * (n - 2) + [
        "El secretario de Comunicaciones y Transportes habló."]
    files = {"a.en.txt": "\n".join(en) + "\n", "a.es.txt": "\n".join(es) + "\n"}
    one = _check(runner, tmp_path, "--pair", "a.en.txt", "a.es.txt", files=files)
    two = _check(runner, tmp_path, "--jobs", "2", "--pair", "a.en.txt", "a.es.txt", files=files)
    assert one == two
    assert (n, "GL111") in [(f["line"], f["code"]) for f in one]
