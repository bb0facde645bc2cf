"""The commands as a user types them: parse, check offline, several inputs, configuration, gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citecheck import __version__
from citecheck.report import schema

from .conftest import ARTICLE, ROOT, cli


def _stages_not_run(source: dict[str, Any]) -> bool:
    """The contract: link, archive and match are always objects, all null when not run."""
    stages = [source[stage] for stage in ("link", "archive", "match")]
    return all(isinstance(s, dict) and s and all(v is None for v in s.values()) for s in stages)


URLS = [
    "https://www.investors.com/market-trend/stock-market-today/"
    "dow-jones-futures-nvidia-stock-broadcom-astera-deepseek/",
    "https://www.semiconductors.org/america-projected-to-triple-semiconductor-manufacturing-"
    "capacity-by-2032-the-largest-rate-of-growth-in-the-world/",
    "https://www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1",
    "https://www.cnbc.com/2025/01/30/"
    "openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html",
    "https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6",
]


def test_version() -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.stdout == f"citecheck, version {__version__}\n"


@pytest.mark.parametrize("args", [("--help",), ("-h",), ()])
def test_help_shows_examples_and_exit_codes(args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0
    assert "Examples:" in result.stdout
    assert "citecheck article.txt --offline" in result.stdout
    assert "citecheck fix article.txt -o fixed.txt" in result.stdout
    assert "Exit codes:" in result.stdout


@pytest.mark.parametrize("command", ["parse", "fix", "check"])
def test_every_command_has_help(command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert f"{command} [OPTIONS]" in result.stdout
    assert "Examples:" in result.stdout


# -- parse ------------------------------------------------------------------------------------


def test_parse_prints_a_table_of_the_repaired_sources() -> None:
    result = cli("parse", ARTICLE)
    assert result.code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("#"))
    assert header.split() == ["#", "Source", "Published", "URL", "Verdict"]
    numbered = [line.split()[0] for line in lines if line[:1].isdigit() and line[1:3] == "  "]
    assert numbered == ["1", "2", "3", "4", "5"]
    assert "2025-01-28" in result.stdout and "2024-05-08" in result.stdout
    assert "numbering-repaired" in result.stdout


def _parse_json(*args: str | Path, stdin: bytes | None = None) -> dict[str, Any]:
    result = cli("parse", *args, "--format", "json", stdin=stdin)
    assert result.code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    return document


def test_parse_json_is_the_contract_without_the_network_stages() -> None:
    document = _parse_json(ARTICLE)
    assert [source["url"] for source in document["sources"]] == URLS
    for source in document["sources"]:
        assert _stages_not_run(source), source["number"]
    cnbc = document["sources"][3]
    assert (cnbc["published"], cnbc["accessed"]) == ("2025-01-30", "2025-01-31")
    assert document["markers"]["cited"] == [1, 2, 3, 4, 5]
    assert [f["code"] for f in document["findings"]] == ["numbering-repaired"]


def test_parse_reads_standard_input() -> None:
    from_stdin = _parse_json("-", stdin=ARTICLE.read_bytes())
    from_file = _parse_json(ARTICLE)
    assert from_stdin["sources"] == from_file["sources"]
    assert from_stdin["input"] == "-"


def test_parse_output_file(tmp_path: Path) -> None:
    out = tmp_path / "sources.json"
    result = cli("parse", ARTICLE, "--format", "json", "-o", out)
    assert result.code == 0 and result.stdout == ""
    jsonschema.validate(json.loads(out.read_text("utf-8")), schema())


# -- check --offline --------------------------------------------------------------------------


def test_offline_check_exits_0_and_shows_the_findings(article: Path) -> None:
    result = cli(article, "--offline")
    assert result.code == 0
    assert result.stderr == ""
    for code in ("numbering-repaired", "url-split-repaired", "url-scheme-added"):
        assert code in result.stdout
    assert "\x1b[" not in result.stdout
    assert result.stdout.rstrip().endswith("5 sources: 5 ok, 0 warning, 0 error · "
                                           "findings: 1 warning, 14 info")  # fmt: skip
    assert all(len(line) <= 100 for line in result.stdout.splitlines())


def test_offline_check_json_has_null_stages(article: Path) -> None:
    result = cli(article, "--offline", "--format", "json")
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    for source in document["sources"]:
        assert _stages_not_run(source), source["number"]


@pytest.mark.parametrize(
    ("fail_on", "code"), [(None, 0), ("error", 0), ("warning", 1), ("info", 1)]
)
def test_fail_on_sets_the_exit_code(article: Path, fail_on: str | None, code: int) -> None:
    # The article's worst finding is a warning (its repaired numbering).
    extra = ("--fail-on", fail_on) if fail_on else ()
    result = cli(article, "--offline", "--format", "json", *extra)
    assert result.code == code, result.stderr
    assert json.loads(result.stdout)["summary"]["sources"] == 5


def test_a_source_list_without_warnings_passes_fail_on_warning(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(
        "A note [1] and another [2].\n\nReferences\n"
        "1. Doe, Jane. “A Title.” Site, 3 Mar. 2024, https://example.org/a-title.\n"
        "2. Roe, Rick. “B Title.” Site, 4 Mar. 2024, https://example.org/b-title.\n",
        encoding="utf-8",
    )
    assert cli(clean, "--offline", "--fail-on", "warning").code == 0
    assert cli(clean, "--offline", "--fail-on", "info").code == 1  # the URL's lost '.' is info


# -- several inputs ---------------------------------------------------------------------------


def test_several_inputs_make_one_report(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    shutil.copyfile(ARTICLE, first)
    second = tmp_path / "b.md"
    second.write_text(
        "# Notes\n\nA claim.[^1]\n\n[^1]: Doe, Jane. “A Title.” *Site*, 2024, "
        "<https://example.org/a>.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "docs"
    shutil.copytree(ROOT / "fixtures" / "styles", folder)
    (folder / "ignored.json").write_text("{}", encoding="utf-8")
    result = cli(first, second, folder, "--offline", "--format", "json")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    inputs = [report["input"] for report in document["reports"]]
    styles = sorted(str(p) for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    assert inputs == [str(first), str(second), *styles]
    assert document["summary"]["sources"] == sum(
        report["summary"]["sources"] for report in document["reports"]
    )
    assert document["reports"][1]["sources"][0]["url"] == "https://example.org/a"


def test_a_directory_skips_hidden_files_folders_and_its_own_report(tmp_path: Path) -> None:
    shutil.copyfile(ARTICLE, tmp_path / "article.txt")
    (tmp_path / ".drafts").mkdir()
    shutil.copyfile(ARTICLE, tmp_path / ".drafts" / "old.txt")
    shutil.copyfile(ARTICLE, tmp_path / ".hidden.md")
    (tmp_path / "folder.md").mkdir()  # a folder named like an article
    report = tmp_path / "report.md"
    for _ in range(2):  # the second run finds the first run's report in the folder
        result = cli(tmp_path, "--offline", "--format", "markdown", "-o", report)
        assert result.code == 0, result.stderr
    checked = cli(tmp_path, "--offline", "--format", "json")
    assert [r["input"] for r in json.loads(checked.stdout)["reports"]] == [
        str(tmp_path / "article.txt"),
        str(report),
    ]


def test_several_inputs_in_every_format(tmp_path: Path) -> None:
    second = tmp_path / "b.txt"
    shutil.copyfile(ARTICLE, second)
    totals = {
        "text": "2 inputs, 10 sources",
        "markdown": "2 inputs, 10 sources",
        "html": "2 inputs, 10 sources",
        "junit": 'tests="12"',  # each input's own findings, then one case per source
    }
    for output_format, total in totals.items():
        result = cli(ARTICLE, second, "--offline", "--format", output_format)
        assert result.code == 0, (output_format, result.stderr)
        assert "b.txt" in result.stdout, output_format
        assert total in result.stdout, output_format


# -- configuration ----------------------------------------------------------------------------


def test_citecheck_toml_next_to_the_input_changes_options(article: Path) -> None:
    assert cli(article, "--offline").code == 0
    (article.parent / "citecheck.toml").write_text(
        'fail-on = "warning"\nformat = "json"\n', encoding="utf-8"
    )
    result = cli(article, "--offline")
    assert result.code == 1
    assert json.loads(result.stdout)["summary"]["sources"] == 5
    # A flag on the command line wins over the file.
    overridden = cli(article, "--offline", "--fail-on", "error", "--format", "text")
    assert overridden.code == 0
    assert overridden.stdout.startswith("citecheck")  # the heading may wrap at 80 columns


def test_configuration_is_found_walking_up_from_the_input(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.citecheck]\nfail_on = "warning"\n', encoding="utf-8"
    )
    deep = tmp_path / "content" / "2025" / "article.txt"
    deep.parent.mkdir(parents=True)
    shutil.copyfile(ARTICLE, deep)
    assert cli(deep, "--offline").code == 1
    # A citecheck.toml nearer the input wins over the pyproject.toml further up.
    (deep.parent / "citecheck.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert cli(deep, "--offline").code == 0


def test_config_option_names_the_file(article: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "settings" / "strict.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text('fail-on = "warning"\n', encoding="utf-8")
    assert cli(article, "--offline", "--config", elsewhere).code == 1


def test_offline_in_the_configuration_makes_no_request(article: Path) -> None:
    # With offline = true in the file, the run needs no network (the suite blocks it anyway).
    (article.parent / "citecheck.toml").write_text("offline = true\n", encoding="utf-8")
    result = cli(article, "--format", "json")
    assert result.code == 0, result.stderr
    assert all(_stages_not_run(s) for s in json.loads(result.stdout)["sources"])
