"""Report formats: text, JSON (DESIGN §6), SARIF 2.1.0 (validated against the schema), GitHub."""

from __future__ import annotations

import json

import jsonschema
import pytest

from glossary.model import Finding, Severity
from glossary.report import render, render_github, render_json, render_sarif, render_text
from glossary.rules import TERM_RULES

F1 = Finding("docs/a.es.md", 3, 5, 3, 28, "GL102", "forbidden-term", Severity.ERROR,
             "'Secretaría del Interior' is a forbidden rendering of [mx-segob]; use 'Secretaría de Gobernación'",
             "mx-segob", "Secretaría del Interior", "Secretaría de Gobernación")
F2 = Finding("docs/b.po", 10, 1, 10, 20, "GL103", "deprecated-term", Severity.WARNING,
             "100% sure: a, b\nsecond line", "mx-president", "la presidente", "presidenta")


def test_text_lines_and_summary():
    out = render_text([F1, F2], files=4)
    lines = out.splitlines()
    assert lines[0].startswith("docs/a.es.md:3:5: GL102 [forbidden-term] 'Secretaría del Interior'")
    assert lines[-1] == "1 error, 1 warning in 2 files (4 files checked)"
    assert "\x1b[" not in out


def test_text_colour_only_when_asked():
    assert "\x1b[31mGL102" in render_text([F1], 1, colour=True)


def test_text_clean_summary():
    assert render_text([], 2) == "no findings (2 files checked)\n"


def test_json_shape_is_the_contract():
    doc = json.loads(render_json([F1, F2], 2))
    assert doc["version"] == 1
    assert set(doc["findings"][0]) == {"path", "line", "column", "end_line", "end_column", "code", "rule",
                                       "severity", "message", "term", "found", "expected"}
    assert doc["findings"][0]["found"] == "Secretaría del Interior"
    assert doc["summary"] == {"files": 2, "findings": 2, "error": 1, "warning": 1, "info": 0}


def test_json_has_one_finding_per_line():
    """Each finding on a line of its own: a report diffs and greps line by line."""
    out = render_json([F1, F2], 2)
    lines = out.splitlines()
    assert [json.loads(line.rstrip(",")) for line in lines[3:5]] == json.loads(out)["findings"]
    assert lines[:3] == ["{", '  "version": 1,', '  "findings": ['] and lines[-1] == "}"
    assert json.loads(render_json([], 0))["findings"] == []


def test_sarif_validates_against_schema(schemas):
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render_sarif([F1, F2], TERM_RULES))
    jsonschema.Draft4Validator(schema).validate(log)
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "GL102" and result["level"] == "error"
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "GL102"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 5, 28)


def test_sarif_empty_run_validates(schemas):
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(render_sarif([], TERM_RULES)))


def test_github_annotations_escape_properties_and_message():
    out = render_github([F1, F2]).splitlines()
    assert out[0].startswith("::error file=docs/a.es.md,line=3,col=5,endLine=3,endColumn=28,title=GL102 forbidden-term::")
    assert out[1].startswith("::warning ")
    assert out[1].endswith("::100%25 sure: a, b%0Asecond line")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_render_dispatch(fmt):
    assert render(fmt, [F1], 1, TERM_RULES)
