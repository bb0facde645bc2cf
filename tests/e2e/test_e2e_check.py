"""Issue 7's acceptance: ``citecheck fixtures/article.txt`` end to end, in a subprocess.

The five cited sites and the Wayback service run on 127.0.0.1 (see conftest.py): source 1 is
alive and matches, 2 moved permanently, 3 is dead with a matching capture from its publication
date, 4's live title changed since it was cited (content drift), 5 is behind a bot wall. Every
run the test needs is started at once (they are independent), so the module takes seconds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from citecheck.report import schema

from .conftest import (
    ARTICLE,
    ARTICLE_ARGUMENT,
    BI,
    BI_CAPTURE,
    BI_TITLE,
    CNBC,
    CNBC_CAPTURE,
    CNBC_NEW_TITLE,
    CNBC_TITLE,
    DOWN,
    FT,
    GONE,
    INVESTORS,
    INVESTORS_TITLE,
    MORE_ARTICLE,
    SIA,
    SIA_MOVED,
    SIA_TITLE,
    SWAPPED,
    World,
)
from .runner import Run, citecheck, cli_env

CHROMIUM = Path("/usr/bin/chromium")

EXPECTED = {
    # number: (link status, archive status, copy matched, verdict, warning codes of the source)
    1: ("alive", "skipped", "live", "ok", set()),
    2: ("redirected", "skipped", "live", "warning", {"link-redirected"}),
    3: ("dead", "found", "archive", "warning", {"link-dead"}),
    4: ("alive", "found", "archive", "warning", {"content-drift"}),
    5: ("blocked", "none", None, "warning", {"link-blocked"}),
}
URLS = {1: INVESTORS, 2: SIA, 3: BI, 4: CNBC, 5: FT}
SUMMARY = "5 sources: 1 ok, 4 warning, 0 error"


@dataclass(frozen=True)
class Runs:
    """Every run of the module, by name."""

    world: World
    by_name: dict[str, Run]
    folder: Path

    def __getitem__(self, name: str) -> Run:
        return self.by_name[name]


@pytest.fixture(scope="module")
def runs(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    folder = tmp_path_factory.mktemp("e2e")
    env = cli_env()
    options = world.options()
    more = folder / "more.txt"
    more.write_text(MORE_ARTICLE, encoding="utf-8")
    # name: (the article, the options that differ, the report file)
    planned: dict[str, tuple[str, tuple[str, ...], Path | None]] = {
        "text": (ARTICLE_ARGUMENT, (), None),
        "json": (ARTICLE_ARGUMENT, ("--format", "json"), None),
        "junit-fail-on-warning": (
            ARTICLE_ARGUMENT, ("--format", "junit", "--fail-on", "warning"), None
        ),
        "more": (str(more), ("--format", "json"), None),
        # The archive service is down (nothing listens on the discard port): only the archive
        # results degrade. The last --wayback-url given wins.
        "archive-down": (
            ARTICLE_ARGUMENT, ("--format", "json", "--wayback-url", "http://127.0.0.1:9"), None
        ),
    }  # fmt: skip
    for name in ("markdown", "html", "junit"):
        path = folder / f"report.{name}"
        planned[f"{name}-file"] = (ARTICLE_ARGUMENT, ("--format", name, "-o", str(path)), path)

    def run(*args: str, output: Path | None = None) -> Run:
        return citecheck(*args, env=env, output=output)

    fixed, again = folder / "fixed.txt", folder / "fixed-again.txt"
    with ThreadPoolExecutor(max_workers=len(planned) + 1) as pool:
        first_fix = pool.submit(
            run, "fix", ARTICLE_ARGUMENT, "-o", str(fixed), *_loud(options), output=fixed
        )
        futures = {
            name: pool.submit(run, article, *options, *extra, output=path)
            for name, (article, extra, path) in planned.items()
        }
        by_name = {"fix": first_fix.result()}
        second_fix = pool.submit(
            run, "fix", str(fixed), "-o", str(again), *_loud(options), output=again
        )
        by_name.update((name, future.result()) for name, future in futures.items())
        by_name["fix-again"] = second_fix.result()
    yield Runs(world, by_name, folder)


def _loud(options: list[str]) -> list[str]:
    """The options without ``--quiet``, so ``fix`` prints its diff."""
    return [option for option in options if option != "--quiet"]


def _sources(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {source["number"]: source for source in document["sources"]}


def _codes(source: dict[str, Any], severity: str) -> set[str]:
    return {f["code"] for f in source["findings"] if f["severity"] == severity}


# -- JSON: the contract -----------------------------------------------------------------


def test_json_validates_and_carries_every_verdict(runs: Runs) -> None:
    run = runs["json"]
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema())
    assert document["input"] == ARTICLE_ARGUMENT
    assert document["summary"] == {"sources": 5, "ok": 1, "warning": 4, "error": 0}
    sources = _sources(document)
    assert sorted(sources) == [1, 2, 3, 4, 5]
    for number, (link, archive, copy, verdict, warnings) in EXPECTED.items():
        source = sources[number]
        assert source["url"] == URLS[number]
        assert source["link"]["status"] == link, number
        assert source["archive"]["status"] == archive, number
        assert (source["match"] or {}).get("copy") == copy, number
        assert source["verdict"] == verdict, number
        assert _codes(source, "warning") == warnings, (number, source["findings"])
        assert _codes(source, "error") == set(), number
    assert document["markers"] == {
        "cited": [1, 2, 3, 4, 5],
        "missing_sources": [],
        "uncited_sources": [],
    }
    assert [f["code"] for f in document["findings"]] == ["numbering-repaired"]


def test_json_alive_source_matches_the_live_page(runs: Runs) -> None:
    source = _sources(json.loads(runs["json"].stdout))[1]
    assert source["link"]["http_status"] == 200
    assert source["link"]["final_url"] == runs.world.sites.local(INVESTORS)
    assert source["match"]["title_found"] == INVESTORS_TITLE
    assert source["match"]["title_agrees"] is True
    assert source["match"]["date_agrees"] is True
    assert source["match"]["date_role"] == "published"
    assert source["archive"]["url"] is None  # a fine live page needs no archive lookup


def test_json_moved_source_names_the_new_address(runs: Runs) -> None:
    source = _sources(json.loads(runs["json"].stdout))[2]
    new_address = runs.world.sites.local(SIA_MOVED)
    assert source["link"]["final_url"] == new_address
    assert source["link"]["redirects"] == [{"url": runs.world.sites.local(SIA), "status": 301}]
    assert new_address in source["link"]["detail"]
    assert source["match"]["title_found"] == SIA_TITLE
    assert source["match"]["title_agrees"] is True
    assert source["match"]["date_agrees"] is True
    moved = next(f for f in source["findings"] if f["code"] == "link-redirected")
    assert moved["message"].startswith(f"the page moved permanently to {new_address}; ")
    assert moved["evidence"]["final_url"] == new_address


def test_json_dead_source_is_rescued_by_the_capture_from_its_date(runs: Runs) -> None:
    source = _sources(json.loads(runs["json"].stdout))[3]
    assert source["link"]["http_status"] == 404
    archive_url = runs.world.archive_url(BI_CAPTURE, BI)
    # The nearest capture at or before 28 Jan. 2025, not the 404 before it nor the one after.
    assert source["archive"]["url"] == archive_url
    assert source["archive"]["captured"] == "2025-01-28T12:00:00Z"
    assert source["match"]["title_found"] == BI_TITLE
    assert source["match"]["title_agrees"] is True
    assert source["match"]["date_agrees"] is True
    dead = next(f for f in source["findings"] if f["code"] == "link-dead")
    assert dead["severity"] == "warning"  # an error without the matching capture
    rescue = next(f for f in source["findings"] if f["code"] == "archived-copy-available")
    assert rescue["evidence"]["archive_url"] == archive_url


def test_json_drifted_source_points_to_the_capture_from_its_access_date(runs: Runs) -> None:
    source = _sources(json.loads(runs["json"].stdout))[4]
    assert source["accessed"] == "2025-01-31"
    archive_url = runs.world.archive_url(CNBC_CAPTURE, CNBC)
    assert source["archive"]["url"] == archive_url
    assert source["archive"]["captured"] == "2025-01-31T10:15:00Z"
    assert source["match"]["title_found"] == CNBC_TITLE
    drift = next(f for f in source["findings"] if f["code"] == "content-drift")
    assert drift["severity"] == "warning"
    assert drift["evidence"]["archive_url"] == archive_url
    assert drift["evidence"]["live_title"].startswith(CNBC_NEW_TITLE)
    assert drift["evidence"]["archived_title"] == CNBC_TITLE


def test_json_blocked_source_is_never_dead(runs: Runs) -> None:
    source = _sources(json.loads(runs["json"].stdout))[5]
    assert source["link"]["http_status"] == 403
    assert "challenge" in source["link"]["detail"]
    assert source["match"]["copy"] is None
    assert "no successful capture" in source["archive"]["detail"]
    blocked = next(f for f in source["findings"] if f["code"] == "link-blocked")
    assert blocked["severity"] == "warning"


def test_archives_are_asked_only_about_sources_that_need_them(runs: Runs) -> None:
    asked = unquote(" ".join(runs.world.wayback.requests))
    for url in (BI, CNBC, FT):
        assert f"url={url}&" in asked or f"url={url} " in asked or asked.endswith(f"url={url}")
    for url in (INVESTORS, SIA):
        assert url.split("://", 1)[1] not in asked
    # Every cited site was asked, through the remap, never its real address.
    for url in URLS.values():
        assert runs.world.sites.hits(url) > 0


# -- the gate -----------------------------------------------------------------------------


def test_warnings_pass_the_default_gate_and_fail_at_fail_on_warning(runs: Runs) -> None:
    for name in ("text", "json", "markdown-file", "html-file", "junit-file"):
        assert runs[name].code == 0, (name, runs[name].stderr)
    failing = runs["junit-fail-on-warning"]
    assert failing.code == 1, failing.stderr
    assert failing.stderr == ""


def test_dead_sources_without_a_matching_capture_are_errors(runs: Runs) -> None:
    run = runs["more"]
    assert run.code == 1, run.stderr  # errors fail the default gate
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema())
    assert document["summary"] == {"sources": 3, "ok": 0, "warning": 1, "error": 2}
    swapped, gone, down = (_sources(document)[n] for n in (1, 2, 3))
    assert swapped["url"] == SWAPPED and gone["url"] == GONE and down["url"] == DOWN
    # Dead, and the only capture is another page: the mismatch cannot rescue it.
    assert (swapped["link"]["status"], swapped["link"]["http_status"]) == ("dead", 410)
    assert swapped["link"]["reason"] == "not-found" and swapped["link"]["moved_to"] is None
    assert swapped["archive"]["status"] == "found"
    assert swapped["match"]["copy"] == "archive" and swapped["match"]["title_agrees"] is False
    assert swapped["verdict"] == "error"
    assert "link-dead" in _codes(swapped, "error")
    # Dead and never archived.
    assert (gone["link"]["status"], gone["archive"]["status"]) == ("dead", "none")
    assert gone["verdict"] == "error" and "link-dead" in _codes(gone, "error")
    # A refused connection is not proof of death.
    assert (down["link"]["status"], down["link"]["reason"]) == ("unreachable", "connection-failed")
    assert "not proof of death" in down["link"]["detail"]
    assert down["verdict"] == "warning" and _codes(down, "warning") == {"link-unreachable"}


def test_an_unreachable_archive_degrades_only_the_archive_results(runs: Runs) -> None:
    run = runs["archive-down"]
    assert run.code == 1, run.stderr  # the dead source has no rescue now: an error
    assert run.stderr == ""
    sources = _sources(json.loads(run.stdout))
    for number in (3, 4, 5):
        assert sources[number]["archive"]["status"] == "error", number
        assert "unavailable" in sources[number]["archive"]["detail"]
    assert sources[3]["verdict"] == "error" and "link-dead" in _codes(sources[3], "error")
    assert sources[4]["match"]["copy"] == "live" and sources[4]["match"]["title_agrees"] is False
    for number in (1, 2, 5):  # the live checks are as before
        assert sources[number]["link"]["status"] == EXPECTED[number][0]
        assert sources[number]["verdict"] == EXPECTED[number][3]


# -- the other formats ----------------------------------------------------------------------


def test_text_report(runs: Runs) -> None:
    run = runs["text"]
    assert run.stderr == ""
    text = run.stdout
    assert "\x1b[" not in text  # no colour when not a terminal
    rows = {}
    for line in text.splitlines():
        row = re.match(r"(\d)\s{2,}.*?\s(alive|redirected|dead|blocked)\s+(\w+)\s.*?(\w+)$", line)
        if row:
            rows[int(row.group(1))] = (row.group(2), row.group(3), row.group(4))
    assert rows == {n: (link, archive, verdict) for n, (link, archive, _, verdict, _) in
                    EXPECTED.items()}  # fmt: skip
    for code in ("link-redirected", "link-dead", "content-drift", "link-blocked",
                 "numbering-repaired", "url-split-repaired"):  # fmt: skip
        assert f"{code}:" in text, code
    unwrapped = "".join(text.split())  # long URLs wrap at 100 columns
    for number, capture in ((3, BI_CAPTURE), (4, CNBC_CAPTURE)):
        assert runs.world.archive_url(capture, URLS[number]) in unwrapped
    assert "archive:none:waybackholdsnosuccessfulcaptureof" + FT in unwrapped  # said once
    assert "".join(f'it now says "{CNBC_NEW_TITLE}'.split()) in unwrapped  # the drift's evidence
    assert text.rstrip().endswith(SUMMARY + " · findings: 5 warning, 15 info")


def test_output_file_holds_the_report_and_stdout_stays_empty(runs: Runs) -> None:
    for name in ("markdown", "html", "junit"):
        run = runs[f"{name}-file"]
        assert run.stdout == "" and run.stderr == "", name
        assert run.output is not None and run.output.stat().st_size > 0, name


def test_markdown_report(runs: Runs) -> None:
    text = runs["markdown-file"].text
    assert SUMMARY in text
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].isdigit():
            rows[int(cells[0])] = cells
    assert sorted(rows) == [1, 2, 3, 4, 5]
    for number, (link, archive, _, verdict, _) in EXPECTED.items():
        cells = rows[number]
        assert cells[2] == link
        assert re.sub(r"\[(\w+)\]\(.*\)", r"\1", cells[3]) == archive
        assert cells[6].endswith(verdict)
        assert f"(<{URLS[number]}>)" in cells[1]
    assert f"[found](<{runs.world.archive_url(BI_CAPTURE, BI)}>)" in rows[3][3]
    for code in ("link-redirected", "link-dead", "content-drift", "link-blocked"):
        assert f"`{code}`" in text


class _Cards(HTMLParser):
    """The verdict of every source card and every link on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: dict[int, str] = {}
        self.links: list[str] = []
        self.badges: dict[int, list[str]] = {}
        self._card: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "article" and "card" in classes:
            number = int((found.get("id") or "").rsplit("-", 1)[1])
            self.cards[number] = next(c for c in classes if c != "card")
            self._card = number
        if tag == "span" and "badge" in classes and self._card is not None:
            self.badges.setdefault(self._card, []).append(classes[-1])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._card = None


def test_html_report(runs: Runs) -> None:
    page = runs["html-file"].text
    cards = _Cards()
    cards.feed(page)
    assert cards.cards == {n: expected[3] for n, expected in EXPECTED.items()}
    for number, (link, archive, _, verdict, _) in EXPECTED.items():
        assert {verdict, link, archive} <= set(cards.badges[number]), number
    archive_links = {
        runs.world.archive_url(BI_CAPTURE, BI),
        runs.world.archive_url(CNBC_CAPTURE, CNBC),
    }
    assert archive_links <= set(cards.links)
    assert set(URLS.values()) <= set(cards.links)
    assert SUMMARY in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)  # self-contained


def _chromium(page: Path, profile: Path) -> tuple[str, list[str]]:
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom",
         page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def test_html_report_loads_in_headless_chromium(runs: Runs) -> None:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium on this machine (Debian package 'chromium')")
    # A control page proves that console errors are seen at all.
    control = runs.folder / "control.html"
    control.write_text(
        "<!DOCTYPE html><html><head><title>c</title></head>"
        "<body><script>console.error('control-error')</script></body></html>",
        encoding="utf-8",
    )
    _, console = _chromium(control, runs.folder / "profile-control")
    assert any("control-error" in line for line in console)
    report = runs["html-file"].output
    assert report is not None
    dom, console = _chromium(report, runs.folder / "profile")
    assert not console, "\n".join(console)
    assert 'class="card warning" id="input-1-source-3"' in dom
    assert SUMMARY in dom


def _junit(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(text.encode("utf-8"))


def test_junit_report(runs: Runs) -> None:
    root = _junit(runs["junit-file"].text)
    cases = root.findall(".//testcase")
    assert len(cases) == 6  # the document's own findings, then one per source
    assert root.get("failures") == "0" and root.get("errors") == "0"
    by_number = {}
    for case in cases[1:]:
        number = int(re.match(r"\[(\d)\]", case.get("name", "")).group(1))  # type: ignore[union-attr]
        by_number[number] = {p.get("name"): p.get("value") for p in case.iter("property")}
        assert case.find("failure") is None and case.find("error") is None
    for number, (link, archive, _, verdict, _) in EXPECTED.items():
        properties = by_number[number]
        assert (properties["link"], properties["archive"], properties["verdict"]) == (
            link,
            archive,
            verdict,
        )
        assert properties["url"] == URLS[number]
    assert "content-drift" in ElementTree.tostring(cases[4], encoding="unicode")


def test_junit_fails_every_warning_case_at_fail_on_warning(runs: Runs) -> None:
    run = runs["junit-fail-on-warning"]
    assert run.code == 1
    root = _junit(run.stdout)
    failed = [case.get("name", "") for case in root.iter("testcase") if case.find("failure")
              is not None]  # fmt: skip
    assert root.get("failures") == str(len(failed)) == "5"
    assert failed[0] == "[document]"
    assert not any(name.startswith("[1]") for name in failed)


# -- fix ------------------------------------------------------------------------------------


def _expected_fix(original: str, world: World) -> str:
    """The article with its source list corrected, built edit by edit from the original."""
    edits = [
        ("bro adcom-astera-deepseek/.", "broadcom-astera-deepseek/."),
        ("www.investors.com/", "https://www.investors.com/"),
        ("manufacturing-capa city-by", "manufacturing-capacity-by"),
        ("www.semiconductors.org/", "https://www.semiconductors.org/"),
        # The stray "4." before entry 3's URL goes; the real entry 4 gets its own line.
        (
            "\n4. " + BI.removeprefix("https://") + ". 4. Field",
            f"\n{BI}. Archived at {world.archive_url(BI_CAPTURE, BI)}, 28 Jan. 2025.\n4. Field",
        ),
        ("www.cnbc.com/2025/01/30/", "https://www.cnbc.com/2025/01/30/"),
        ("valuat ion.html", "valuation.html"),
        (
            "Accessed 31 Jan. 2025.",
            f"Accessed 31 Jan. 2025. Archived at {world.archive_url(CNBC_CAPTURE, CNBC)}, "
            "31 Jan. 2025.",
        ),
        ("www.ft.com/", "https://www.ft.com/"),
    ]
    text = original
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_fix_corrects_the_source_list_and_nothing_else(runs: Runs) -> None:
    run = runs["fix"]
    assert run.code == 0, run.stderr
    original = ARTICLE.read_bytes()
    fixed = run.output.read_bytes() if run.output else b""
    assert fixed.decode("utf-8") == _expected_fix(original.decode("utf-8"), runs.world)
    body_end = original.index(b"\nSources\n") + len(b"\nSources\n")
    assert fixed[:body_end] == original[:body_end]
    assert not original.endswith(b"\n") and not fixed.endswith(b"\n")


def test_fix_prints_a_diff_that_patch_applies(runs: Runs) -> None:
    run = runs["fix"]
    assert run.stderr == ""
    diff = run.stdout
    assert diff.startswith(f"--- a/{ARTICLE_ARGUMENT}\n+++ b/{ARTICLE_ARGUMENT}\n@@ ")
    assert diff.endswith("\\ No newline at end of file\n")
    assert f"+{BI}. Archived at" in diff
    if shutil.which("patch") is None:
        pytest.skip("no patch(1) to apply the diff with")
    copy = runs.folder / "patched.txt"
    copy.write_bytes(ARTICLE.read_bytes())
    patch = runs.folder / "fix.diff"
    patch.write_text(diff, encoding="utf-8")
    done = subprocess.run(
        ["patch", "--silent", str(copy), str(patch)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs["fix"].output is not None
    assert copy.read_bytes() == runs["fix"].output.read_bytes()


def test_fix_twice_changes_nothing_the_second_time(runs: Runs) -> None:
    again = runs["fix-again"]
    assert again.code == 0, again.stderr
    assert again.stdout == "" and again.stderr == ""  # an empty diff
    first, second = runs["fix"].output, again.output
    assert first is not None and second is not None
    assert second.read_bytes() == first.read_bytes()
