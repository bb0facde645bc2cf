"""Configuration files: discovery, precedence, every key, and clear errors."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from citecheck.config import (
    config_format,
    find_config,
    load_config,
    merge_options,
    options_from_config,
)
from citecheck.errors import ConfigError
from citecheck.model import Severity
from citecheck.options import ArchiveMode, CheckOptions, HostSettings

FULL = """
offline = true
timeout = 2.5
concurrency = 8
per-host = 2
retries = 0
max-retry-after = 5
max-body = 500000
max-redirects = 3
user-agent = "citecheck-test/1.0"
allow-private = true
cache-dir = "cache"
use-cache = false
cache-ttl = 60
remap = ['^https://www\\.ft\\.com/(.*)$   http://127.0.0.1:8000/ft/\\1', "example  other thing"]
ignore = ['^https://localhost/', "\\\\.pdf$"]
archive = "always"
wayback-url = "http://127.0.0.1:9000/"
archive-rate = 10
save-missing = true
fail-on = "warning"
quiet = true
format = "json"

[hosts."www.FT.com"]
concurrency = 1
headers = { Cookie = "consent=yes", "X-Test" = "1" }
user-agent = "Mozilla/5.0"
paywalled = true

[hosts."example.org"]
paywalled = false
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery --------------------------------------------------------------------------------


def test_walks_up_from_the_input_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "project" / "citecheck.toml", "timeout = 3\n")
    article = _write(tmp_path / "project" / "docs" / "2025" / "article.txt", "text")
    data, found = load_config(None, start=article)
    assert found == config
    assert data == {"timeout": 3}


def test_start_may_be_a_folder(tmp_path: Path) -> None:
    config = _write(tmp_path / "citecheck.toml", "retries = 1\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert load_config(None, start=tmp_path / "a" / "b")[1] == config


def test_citecheck_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.citecheck]\ntimeout = 1\n")
    config = _write(tmp_path / "citecheck.toml", "timeout = 2\n")
    data, found = load_config(None, start=tmp_path)
    assert (data, found) == ({"timeout": 2}, config)


def test_nearest_folder_wins(tmp_path: Path) -> None:
    _write(tmp_path / "citecheck.toml", "timeout = 1\n")
    inner = _write(tmp_path / "sub" / "pyproject.toml", "[tool.citecheck]\ntimeout = 2\n")
    data, found = load_config(None, start=tmp_path / "sub" / "x.md")
    assert (data, found) == ({"timeout": 2}, inner)


def test_pyproject_without_a_citecheck_table_is_passed_over(tmp_path: Path) -> None:
    outer = _write(tmp_path / "citecheck.toml", "timeout = 1\n")
    _write(tmp_path / "sub" / "pyproject.toml", "[tool.ruff]\nline-length = 80\n")
    assert load_config(None, start=tmp_path / "sub")[1] == outer


def test_no_configuration_anywhere(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    if find_config(folder) is not None:  # a stray file above the temp folder
        pytest.skip("a configuration file exists above the temporary folder")
    assert load_config(None, start=folder) == ({}, None)


def test_explicit_file_wins_over_discovery(tmp_path: Path) -> None:
    _write(tmp_path / "citecheck.toml", "timeout = 1\n")
    explicit = _write(tmp_path / "ci" / "strict.toml", 'fail-on = "warning"\n')
    data, found = load_config(explicit, start=tmp_path)
    assert (data, found) == ({"fail-on": "warning"}, explicit)


def test_explicit_pyproject_reads_its_tool_table(tmp_path: Path) -> None:
    pyproject = _write(tmp_path / "pyproject.toml", "[tool.citecheck]\nper-host = 1\n")
    assert load_config(pyproject)[0] == {"per-host": 1}
    bare = _write(tmp_path / "other" / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: has no \[tool\.citecheck\] table"):
        load_config(bare)


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: configuration file not found"):
        load_config(tmp_path / "nope.toml")


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    bad = _write(tmp_path / "citecheck.toml", "timeout = 1\nper-host = \n")
    with pytest.raises(ConfigError, match=r"citecheck\.toml: not valid TOML: .*line 2"):
        load_config(None, start=tmp_path)
    assert bad.exists()


def test_errors_found_while_loading_name_the_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "citecheck.toml", "timeout = 'soon'\n")
    with pytest.raises(ConfigError) as caught:
        load_config(None, start=tmp_path)
    assert str(caught.value) == f"{config}: timeout: must be a number, not a string ('soon')"


# --- every key --------------------------------------------------------------------------------


def test_every_key(tmp_path: Path) -> None:
    config = _write(tmp_path / "citecheck.toml", FULL)
    data, found = load_config(None, start=tmp_path)
    options = options_from_config(data, origin=found)
    assert options == CheckOptions(
        offline=True,
        timeout=2.5,
        concurrency=8,
        per_host=2,
        retries=0,
        max_retry_after=5.0,
        max_body=500_000,
        max_redirects=3,
        user_agent="citecheck-test/1.0",
        allow_private=True,
        cache_dir=config.parent / "cache",
        use_cache=False,
        cache_ttl=60,
        remaps=(
            (r"^https://www\.ft\.com/(.*)$", r"http://127.0.0.1:8000/ft/\1"),
            ("example", "other thing"),
        ),
        hosts={
            "www.ft.com": HostSettings(
                concurrency=1,
                headers={"Cookie": "consent=yes", "X-Test": "1"},
                user_agent="Mozilla/5.0",
                paywalled=True,
            ),
            "example.org": HostSettings(paywalled=False),
        },
        ignore=("^https://localhost/", r"\.pdf$"),
        archive=ArchiveMode.ALWAYS,
        wayback_url="http://127.0.0.1:9000",
        archive_rate=10.0,
        save_missing=True,
        fail_on=Severity.WARNING,
        quiet=True,
    )
    assert isinstance(options.fail_on, Severity) and isinstance(options.archive, ArchiveMode)
    assert config_format(data) == "json"


def test_every_option_field_has_a_key() -> None:
    # Each CheckOptions field, written as its kebab-case key with a non-default value.
    values: dict[str, object] = {
        "offline": True, "timeout": 1, "concurrency": 2, "per_host": 3, "retries": 4,
        "max_retry_after": 6, "max_body": 7, "max_redirects": 8, "user_agent": "ua",
        "allow_private": True, "cache_dir": "/tmp/c", "use_cache": False, "cache_ttl": 9,
        "remaps": ["a b"], "hosts": {"h.example": {"paywalled": True}}, "ignore": ["x"],
        "archive": "never", "wayback_url": "https://wb.example", "archive_rate": 1,
        "archive_services": ["memento", "wayback"], "memento_url": "https://pywb.example/tm",
        "memento_rate": 2, "save_missing": True, "fail_on": "info", "quiet": True,
    }  # fmt: skip
    assert set(values) == {f.name for f in fields(CheckOptions)}
    kebab = {key.replace("_", "-"): value for key, value in values.items()}
    options = options_from_config(kebab)
    default = CheckOptions()
    for field in fields(CheckOptions):
        assert getattr(options, field.name) != getattr(default, field.name), field.name
    assert options_from_config(values) == options  # snake_case too


def test_base_options_are_kept_for_keys_not_given() -> None:
    base = CheckOptions(timeout=3.0, retries=5)
    options = options_from_config({"retries": 1}, base)
    assert (options.timeout, options.retries) == (3.0, 1)


def test_shorthands() -> None:
    assert options_from_config({"no-cache": True}).use_cache is False
    assert options_from_config({"archive": False}).archive is ArchiveMode.NEVER
    assert options_from_config({"archive": "NEVER"}).archive is ArchiveMode.NEVER
    assert options_from_config({"remap": [["^a", "b c"]]}).remaps == (("^a", "b c"),)
    assert options_from_config({"hosts": {"[::1]": {"concurrency": 2}}}).hosts == {
        "::1": HostSettings(concurrency=2)
    }


def test_relative_cache_dir_is_relative_to_the_config_file(tmp_path: Path) -> None:
    _write(tmp_path / "site" / "citecheck.toml", 'cache-dir = ".cache/citecheck"\n')
    data, _ = load_config(None, start=tmp_path / "site" / "posts")
    assert options_from_config(data).cache_dir == tmp_path / "site" / ".cache" / "citecheck"


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"per_hosts": 2}, "per_hosts: unknown key (did you mean 'per-host'?)"),
        ({"colour": True}, "colour: unknown key"),
        ({"timeout": "10"}, "timeout: must be a number, not a string ('10')"),
        ({"timeout": 0}, "timeout: must be a finite number greater than 0, not 0"),
        ({"timeout": True}, "timeout: must be a number, not a boolean (True)"),
        ({"per-host": 0}, "per-host: must be at least 1, not 0"),
        ({"retries": 1.5}, "retries: must be an integer, not a number (1.5)"),
        ({"offline": "yes"}, "offline: must be true or false, not a string ('yes')"),
        ({"fail-on": "fatal"}, "fail-on: must be one of info, warning, error, not 'fatal'"),
        ({"archive": "sometimes"}, "archive: must be one of auto, always, never, not 'sometimes'"),
        ({"wayback-url": "ftp://x"}, "wayback-url: must be an http(s) URL, not 'ftp://x'"),
        ({"user-agent": ""}, "user-agent: must not be empty"),
        ({"remap": "a b"}, "remap: must be an array, not a string ('a b')"),
        ({"remap": ["(unclosed x"]}, "remap[0]: invalid regular expression '(unclosed'"),
        ({"remap": ["lonely"]}, "remap[0]: must be 'REGEX REPLACEMENT'"),
        ({"remap": ["(a) \\2"]}, "remap[0]: invalid replacement '\\\\2'"),
        ({"ignore": ["ok", "[z-a]"]}, "ignore[1]: invalid regular expression '[z-a]'"),
        ({"ignore": [3]}, "ignore[0]: must be a string, not an integer (3)"),
        ({"format": "pdf"}, "format: must be one of text, json, markdown, html, junit"),
        ({"hosts": {"ft.com": {"paywall": True}}}, 'hosts."ft.com".paywall: unknown host setting'),
        ({"hosts": {"https://ft.com/": {}}}, "must be a bare host name"),
        ({"hosts": {"ft.com:443": {}}}, "must be a bare host name"),
        ({"hosts": {"ft.com": {"concurrency": 0}}}, 'hosts."ft.com".concurrency: must be at least'),
        ({"hosts": {"ft.com": {"headers": {"X": "a\nb"}}}}, "X: must not contain line breaks"),
        ({"hosts": {"ft.com": {"headers": {"Bad Name": "v"}}}}, "not a valid HTTP header name"),
        ({"hosts": {"ft.com": 1}}, 'hosts."ft.com": must be a table, not an integer'),
        ({"hosts": {"FT.com": {}, "ft.com": {}}}, "is given twice"),
        ({"per-host": 1, "per_host": 2}, "per_host: sets the same option as 'per-host'"),
        ({"use-cache": True, "no-cache": True}, "no-cache: sets the same option as 'use-cache'"),
    ],
)
def test_bad_values_are_clear_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        options_from_config(data, origin="citecheck.toml")
    assert str(caught.value).startswith("citecheck.toml: ")
    assert message in str(caught.value)


def test_tool_citecheck_must_be_a_table(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool]\ncitecheck = "yes"\n')
    with pytest.raises(ConfigError, match=r"\[tool\.citecheck\] must be a table"):
        load_config(None, start=tmp_path)


# --- merging with the command line ------------------------------------------------------------


def test_cli_overrides_only_what_was_given() -> None:
    configured = options_from_config({"timeout": 3, "per-host": 1, "fail-on": "warning"})
    merged = merge_options(
        configured,
        {"timeout": 7.5, "per_host": None, "fail_on": None, "offline": None, "archive": "never"},
    )
    assert merged.timeout == 7.5
    assert merged.per_host == 1  # not given on the command line: the config's value stays
    assert merged.fail_on is Severity.WARNING
    assert merged.archive is ArchiveMode.NEVER
    assert merged.offline is False


def test_cli_values_are_converted_and_checked() -> None:
    merged = merge_options(
        CheckOptions(),
        {"remaps": ("^https://a.example b",), "fail_on": "error", "cache_dir": Path("x")},
    )
    assert merged.remaps == (("^https://a.example", "b"),)
    assert merged.fail_on is Severity.ERROR and merged.cache_dir == Path("x")
    same = merge_options(merged, {"remaps": merged.remaps, "hosts": {"a": HostSettings()}})
    assert same.remaps == merged.remaps and same.hosts == {"a": HostSettings()}
    with pytest.raises(ConfigError, match=re.escape("command line: per_host: must be at least 1")):
        merge_options(CheckOptions(), {"per_host": 0})
    with pytest.raises(ConfigError, match="command line: bogus: unknown key"):
        merge_options(CheckOptions(), {"bogus": 1})


def test_cli_lists_replace_configured_lists() -> None:
    configured = options_from_config({"ignore": ["a"], "remap": ["x y"]})
    merged = merge_options(configured, {"ignore": ["b"]})
    assert merged.ignore == ("b",) and merged.remaps == (("x", "y"),)


# --- the documentation's examples ---------------------------------------------------------


def _toml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", markdown, flags=re.S)


def test_documented_examples_are_valid(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "config.md"
    if not docs.exists():
        pytest.skip("docs/config.md is not in this checkout")
    markdown = docs.read_text(encoding="utf-8")
    dedicated, pyproject = _toml_blocks(markdown)
    _write(tmp_path / "a" / "citecheck.toml", dedicated)
    _write(tmp_path / "b" / "pyproject.toml", pyproject)
    data, found = load_config(None, start=tmp_path / "a")
    options = options_from_config(data, origin=found)
    assert options.hosts["www.ft.com"].paywalled and options.fail_on is Severity.WARNING
    assert options.remaps[0][1] == r"https://staging.example-news.com/\1"
    data, found = load_config(None, start=tmp_path / "b")
    assert options_from_config(data, origin=found).hosts["www.cnbc.com"].paywalled
    documented = set(re.findall(r"^citecheck\.toml: .*$", markdown, flags=re.M))
    produced = set()
    for bad in (
        {"per_hosts": 2},
        {"timeout": "10"},
        {"remap": ["(unclosed x"]},
        {"hosts": {"https://ft.com/": {}}},
    ):
        with pytest.raises(ConfigError) as caught:
            options_from_config(bad, origin="citecheck.toml")
        produced.add(str(caught.value))
    assert documented == produced


def test_explicit_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder, not a configuration file"):
        load_config(tmp_path)


def test_archive_services_as_a_list_or_a_comma_separated_string() -> None:
    assert options_from_config({"archive-services": "memento, wayback"}).archive_services == (
        "memento",
        "wayback",
    )
    assert options_from_config({"archive_services": ["wayback"]}).archive_services == (
        "wayback",
    )
    with pytest.raises(ConfigError, match="unknown archive service 'archive-it'"):
        options_from_config({"archive-services": ["wayback", "archive-it"]})
