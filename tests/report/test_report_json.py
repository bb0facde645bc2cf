"""The JSON contract (design.md section 5) and its shipped JSON Schema."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from report_samples import all_samples, checked_report, odd_report, offline_report

from citecheck.report import render, report_to_dict, reports_to_dict, schema

CONTRACT_TOP = {"schema_version", "input", "sources", "markers", "findings", "summary"}
CONTRACT_SOURCE = {
    "number", "label", "raw", "authors", "title", "container", "published", "accessed",
    "url", "url_as_written", "doi", "link", "archive", "match", "verdict", "findings",
}  # fmt: skip
CONTRACT_LINK = {"status", "http_status", "final_url", "detail", "redirects", "reason", "moved_to"}
CONTRACT_ARCHIVE = {"status", "url", "captured", "detail"}
CONTRACT_MATCH = {
    "copy", "title_found", "title_score", "title_agrees", "date_found", "date_agrees",
    "date_role", "author_agrees", "site_agrees", "detail",
}  # fmt: skip
CONTRACT_FINDING = {"code", "severity", "message", "evidence"}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    loaded = schema()
    jsonschema.Draft202012Validator.check_schema(loaded)
    return jsonschema.Draft202012Validator(loaded)


@pytest.mark.parametrize("include_checks", [True, False], ids=["check", "parse"])
@pytest.mark.parametrize("shape", sorted(all_samples()))
def test_every_rendered_document_validates(
    shape: str, include_checks: bool, validator: jsonschema.Draft202012Validator
) -> None:
    reports = all_samples()[shape]
    document = json.loads(render(reports, "json", include_checks=include_checks))
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(error.message for error in errors)
    assert document == reports_to_dict(reports, include_checks=include_checks)


def test_contract_keys_are_all_present() -> None:
    document = report_to_dict(checked_report())
    assert document.keys() >= CONTRACT_TOP
    assert document["schema_version"] == 1
    assert document["input"] == "article.txt"
    assert set(document["markers"]) == {"cited", "missing_sources", "uncited_sources"}
    assert document["summary"] == {"sources": 5, "ok": 1, "warning": 3, "error": 1}
    for source in document["sources"]:
        assert source.keys() >= CONTRACT_SOURCE
        assert source["link"].keys() >= CONTRACT_LINK
        for finding in source["findings"]:
            assert finding.keys() >= CONTRACT_FINDING
    archives = [s["archive"] for s in document["sources"] if s["archive"] is not None]
    matches = [s["match"] for s in document["sources"] if s["match"] is not None]
    assert archives and matches
    assert all(archive.keys() >= CONTRACT_ARCHIVE for archive in archives)
    assert all(match.keys() >= CONTRACT_MATCH for match in matches)


def test_values_follow_the_contract() -> None:
    document = report_to_dict(checked_report())
    first, moved, dead, blocked, drifted = document["sources"]
    assert first["url_as_written"] == "www.investors.com/market-trend/ stock-market-today/"
    assert first["url"].startswith("https://")
    assert first["authors"] == ["Scott Lehtonen"]
    assert first["span"] == {"start": 100, "end": 260}
    assert first["match"]["date_role"] == "published"
    assert first["findings"][0]["evidence"]["as_written"].startswith("www.investors")
    assert moved["link"]["redirects"] == [
        {"url": "http://www.semiconductors.org/old/", "status": 301},
        {"url": "https://www.semiconductors.org/old/", "status": 308},
    ]
    assert moved["archive"]["status"] is None
    assert dead["archive"]["captured"] == "2025-01-31T10:00:00Z"
    assert dead["archive"]["url"].startswith("https://web.archive.org/web/20250131100000/")
    assert dead["match"]["copy"] == "archive"
    assert dead["url_candidates"][1].endswith("2025-14")
    assert blocked["match"]["copy"] is None and blocked["link"]["http_status"] == 403
    assert drifted["verdict"] == "error"
    assert drifted["match"]["title_agrees"] is False
    assert drifted["match"]["author_agrees"] is None
    assert [f["code"] for f in document["findings"]] == ["numbering-repaired"]


def _all_null(stage: dict[str, Any], keys: set[str]) -> bool:
    return set(stage) == keys and all(value is None for value in stage.values())


def test_stages_that_did_not_run_are_objects_of_nulls() -> None:
    checked = report_to_dict(checked_report())["sources"][0]
    for source in report_to_dict(offline_report())["sources"]:
        for stage in ("link", "archive", "match"):
            assert _all_null(source[stage], set(checked[stage])), stage


def test_parse_output_carries_the_check_objects_all_null() -> None:
    checked = report_to_dict(checked_report())
    document = report_to_dict(checked_report(), include_checks=False)
    assert document["mode"] == "parse"
    jsonschema.validate(document, schema())
    for source in document["sources"]:
        assert source.keys() >= CONTRACT_SOURCE
        for stage in ("link", "archive", "match"):
            assert _all_null(source[stage], set(checked["sources"][0][stage])), stage


def test_the_schema_refuses_parse_output_with_check_results() -> None:
    document = report_to_dict(checked_report(), include_checks=False)
    document["sources"][0]["link"] = report_to_dict(checked_report())["sources"][0]["link"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_several_reports_are_wrapped_with_a_combined_summary() -> None:
    document = json.loads(render([checked_report(), offline_report()], "json"))
    assert set(document) >= {"schema_version", "reports", "summary"}
    assert [r["input"] for r in document["reports"]] == ["article.txt", "notes.md"]
    assert document["summary"] == {"inputs": 2, "sources": 7, "ok": 2, "warning": 3, "error": 2}


def test_findings_of_every_stage_are_reported_once() -> None:
    # The parser's finding is on both the Source and the SourceReport: listed once.
    source = report_to_dict(offline_report())["sources"][0]
    assert [f["code"] for f in source["findings"]] == ["url-scheme-added"]
    # The run-level "offline" finding is a document finding.
    assert [f["code"] for f in report_to_dict(offline_report())["findings"]] == ["offline"]


def test_unsafe_characters_never_reach_the_output() -> None:
    text = render([odd_report()], "json")
    text.encode("utf-8")  # no lone surrogate
    document = json.loads(text)
    message = document["sources"][0]["findings"][0]["message"]
    assert "\x00" not in message and "\x1b" not in message and "\ufffe" not in message
    assert document["sources"][0]["match"]["title_score"] is None  # NaN is not JSON
    assert document["sources"][0]["title"].startswith('<script>alert("x")')  # kept verbatim
    assert "日本語" in text  # UTF-8 kept, not \u-escaped


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("sources", 0, "verdict"), "fine"),
        (("sources", 0, "link", "status"), "gone"),
        (("summary", "ok"), -1),
        (("sources", 0, "published"), "28 January 2025"),
        (("sources", 0, "findings", 0, "severity"), "fatal"),
        (("schema_version",), 2),
    ],
)
def test_schema_rejects_wrong_values(
    path: tuple[str | int, ...], value: object, validator: jsonschema.Draft202012Validator
) -> None:
    document = copy.deepcopy(report_to_dict(checked_report()))
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not validator.is_valid(document)


@pytest.mark.parametrize("key", ["link", "archive", "match", "verdict", "url_as_written"])
def test_schema_rejects_a_missing_contract_key(
    key: str, validator: jsonschema.Draft202012Validator
) -> None:
    document = copy.deepcopy(report_to_dict(checked_report()))
    del document["sources"][2][key]
    assert not validator.is_valid(document)


def test_schema_rejects_check_keys_in_parse_output(
    validator: jsonschema.Draft202012Validator,
) -> None:
    document = report_to_dict(checked_report(), include_checks=False)
    document["sources"][0]["link"] = None
    assert not validator.is_valid(document)


def test_schema_is_shipped_as_package_data() -> None:
    shipped = resources.files("citecheck.report").joinpath("schema.json")
    assert json.loads(shipped.read_text("utf-8")) == schema()
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
