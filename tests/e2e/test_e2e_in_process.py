"""The command line in-process (click's runner) against the loopback sites of the acceptance
test: cheaper than a process each, for the cases around it. ``fix`` writes the archive note in
the entry's own style; a bad input stops a run before any request; a re-run is answered from
the cache.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

from click.testing import CliRunner
from documents.builders import seed_docx
from fake_wayback import Capture

from citecheck.cli import main
from citecheck.documents import read_path

from .conftest import ARTICLE, BI, BI_CAPTURE, CNBC, CNBC_CAPTURE, FT, World
from .sites import Route, Sites, article

APA_DEAD = "https://www.perf-notes.example/caching-best-practices"
APA_ALIVE = "https://www.rfc-notes.example/rfc7234"
APA_CAPTURE = "20220607081500"
APA = f"""# Why caching matters

Caching cuts latency [1] and cost [2].

## References

1. Nottingham, M. (2022, June 6). Caching best practices. *Web Performance Notes*. {APA_DEAD}
2. Fielding, R. T. (2014, June 1). HTTP caching. *RFC Notes*. {APA_ALIVE}
"""

PLAIN_DEAD = "https://www.plain-notes.example/a/notes-on-links"
PLAIN_CAPTURE = "20230301000000"
PLAIN = f"""Links rot [1].

References
1. Writer, A. Notes on links. Plain Notes, 2023. {PLAIN_DEAD}
"""


def _fix(world: World, path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["fix", str(path), "--in-place", *world.options()], catch_exceptions=False
    )
    return result.exit_code, result.stdout, path.read_text(encoding="utf-8")


def test_an_apa_entry_gets_an_apa_archive_note(world: World, tmp_path: Path) -> None:
    world.sites.add(APA_DEAD, Route(404))
    world.wayback.add(
        APA_DEAD,
        Capture(APA_CAPTURE, body=article("Caching best practices", "2022-06-06", "WPN")),
    )
    world.sites.add(APA_ALIVE, Route(200, article("HTTP caching", "2014-06-01", "RFC Notes")))
    path = tmp_path / "apa.md"
    path.write_text(APA, encoding="utf-8")
    code, _, fixed = _fix(world, path)
    assert code == 0
    note = f"Archived June 7, 2022, at {world.archive_url(APA_CAPTURE, APA_DEAD)}."
    assert fixed == APA.replace(APA_DEAD, f"{APA_DEAD}. {note}")
    # A second run leaves it as it is.
    assert _fix(world, path)[1:] == ("", fixed)


def test_another_style_gets_a_plain_archive_note(world: World, tmp_path: Path) -> None:
    world.sites.add(PLAIN_DEAD, Route(410))
    world.wayback.add(
        PLAIN_DEAD,
        Capture(PLAIN_CAPTURE, body=article("Notes on links", "2023-01-01", "Plain Notes")),
    )
    path = tmp_path / "plain.txt"
    path.write_text(PLAIN, encoding="utf-8")
    code, _, fixed = _fix(world, path)
    assert code == 0
    note = f"Archived at {world.archive_url(PLAIN_CAPTURE, PLAIN_DEAD)} (2023-03-01)."
    assert fixed == PLAIN.replace(PLAIN_DEAD, f"{PLAIN_DEAD}. {note}")


def test_a_bad_input_among_good_ones_stops_the_run_before_any_request(
    world: World, tmp_path: Path
) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    before = len(world.sites.requests), len(world.wayback.requests)
    result = CliRunner().invoke(main, [str(ARTICLE), str(binary), *world.options()])
    assert result.exit_code == 2
    assert result.stderr.startswith("citecheck: error: ") and "binary" in result.stderr
    assert (len(world.sites.requests), len(world.wayback.requests)) == before


def test_a_rerun_is_answered_from_the_cache(world: World, tmp_path: Path) -> None:
    options = [o for o in world.options() if o != "--no-cache"]
    options += ["--cache-dir", str(tmp_path / "cache"), "--format", "json"]
    runs = []
    for _ in range(2):
        sites, archive = len(world.sites.requests), len(world.wayback.requests)
        result = CliRunner().invoke(main, [str(ARTICLE), *options], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        verdicts = [(s["link"]["status"], s["archive"]["status"], s["verdict"])
                    for s in json.loads(result.stdout)["sources"]]  # fmt: skip
        asked = [path for _, path, _ in world.sites.requests[sites:]]
        runs.append((verdicts, asked, unquote(" ".join(world.wayback.requests[archive:]))))
    (first, _, first_archive), (second, asked, second_archive) = runs
    assert second == first
    # Only the bot wall is asked again: a refusal is never kept as an answer.
    assert asked == ["/" + Sites.key(FT)]
    # The archive lookups that found a capture are kept (playback is never stored).
    for url in (BI, CNBC):
        assert f"url={url}&" in first_archive
        assert f"url={url}&" not in second_archive


HYPHEN_WRITTEN = "www.hyphen.example/stories/links-in-\nprint-report"
HYPHEN_LIVE = "https://www.hyphen.example/stories/links-inprint-report"
HYPHENATED = f"""Claim [1].

References
1. Doe, Jane. “Links in Print.” Hyphen News, 3 Mar. 2024, {HYPHEN_WRITTEN}.
"""


def test_fix_writes_the_reading_of_a_broken_url_that_resolves(world: World, tmp_path: Path) -> None:
    # The parser's first guess keeps the line-end hyphen; only the other reading exists.
    world.sites.add(HYPHEN_LIVE, Route(200, article("Links in Print", "2024-03-03", "HN")))
    path = tmp_path / "hyphen.txt"
    path.write_text(HYPHENATED, encoding="utf-8")
    check = CliRunner().invoke(main, [str(path), "--format", "json", *world.options()])
    source = json.loads(check.stdout)["sources"][0]
    assert source["url"] == HYPHEN_LIVE
    assert source["link"]["status"] == "alive" and source["verdict"] == "ok"
    assert any(f["code"] == "url-candidate-chosen" for f in source["findings"])
    code, _, fixed = _fix(world, path)
    assert code == 0
    assert fixed == HYPHENATED.replace(HYPHEN_WRITTEN, HYPHEN_LIVE)


WALLED = "https://www.walled.example/2024/05/chips-story"
PAYWALLED = "https://www.paywalled.example/2024/05/capacity-story"
WALLED_ARTICLE = f"""Two claims [1] [2].

References
1. Doe, Jane. “Chips Story.” Walled, 2 May 2024, {WALLED}.
2. Roe, Rick. “Capacity Story.” Paywalled, 3 May 2024, {PAYWALLED}.
"""


def test_blocked_and_paywalled_sources_are_matched_on_their_captures(
    world: World, tmp_path: Path
) -> None:
    world.sites.add(WALLED, Route(429, b"slow down", (("Retry-After", "3600"),)))
    world.wayback.add(
        WALLED, Capture("20240502120000", body=article("Chips Story", "2024-05-02", "W"))
    )
    world.sites.add(PAYWALLED, Route(404, b"<title>Subscribe</title>"))
    world.wayback.add(
        PAYWALLED, Capture("20240503120000", body=article("Capacity Story", "2024-05-03", "P"))
    )
    path = tmp_path / "walled.txt"
    path.write_text(WALLED_ARTICLE, encoding="utf-8")
    # The host setting comes from the citecheck.toml next to the article. Host settings apply
    # to the host actually asked, which --remap made 127.0.0.1 for every site here.
    (tmp_path / "citecheck.toml").write_text(
        '[hosts."127.0.0.1"]\npaywalled = true\n', encoding="utf-8"
    )
    options = [o for o in world.options() if o != "--config" and o != str(world.config)]
    result = CliRunner().invoke(main, [str(path), "--format", "json", *options])
    assert result.exit_code == 0, result.stderr
    walled, paywalled = json.loads(result.stdout)["sources"]
    for source in (walled, paywalled):
        assert source["link"]["status"] == "blocked", source["link"]
        assert source["archive"]["status"] == "found"
        assert source["match"]["copy"] == "archive" and source["match"]["title_agrees"] is True
        assert source["verdict"] == "warning"
    assert paywalled["link"]["http_status"] == 404
    assert (walled["link"]["reason"], paywalled["link"]["reason"]) == ("rate-limited", "paywall")
    assert "paywalled" in paywalled["link"]["detail"]


def test_a_word_document_gets_archive_links_once(world: World, tmp_path: Path) -> None:
    first, second, third = (tmp_path / f"{name}.docx" for name in ("a", "b", "c"))
    first.write_bytes(seed_docx())
    runner = CliRunner()
    fixed = runner.invoke(main, ["fix", str(first), "-o", str(second), *_loud(world)])
    assert fixed.exit_code == 0, fixed.stderr
    text = read_path(second).text
    for capture, url in ((BI_CAPTURE, BI), (CNBC_CAPTURE, CNBC)):
        assert f"Archived at {world.archive_url(capture, url)}" in text
    assert text.count("Archived at") == 2
    # The diff shows the visible text that changed, and only that.
    changed = [line for line in fixed.stdout.splitlines() if line.startswith(("+", "-"))]
    assert [line[:4] for line in changed] == ["--- ", "+++ ", "-3. ", "-4. ", "+3. ", "+4. "]
    again = runner.invoke(main, ["fix", str(second), "-o", str(third), *_loud(world)])
    assert again.exit_code == 0 and again.stdout == ""
    assert third.read_bytes() == second.read_bytes()


def _loud(world: World) -> list[str]:
    return [option for option in world.options() if option != "--quiet"]


MLA_DEAD = {
    "20240507090000": ("https://www.mla-may.example/a", "7 May 2024"),
    "20240607090000": ("https://www.mla-june.example/b", "7 June 2024"),
    "20240907090000": ("https://www.mla-sept.example/c", "7 Sept. 2024"),
}


def test_mla_archive_notes_abbreviate_months_as_mla_does(world: World, tmp_path: Path) -> None:
    entries = []
    for number, (timestamp, (url, _)) in enumerate(MLA_DEAD.items(), start=1):
        title = f"Story Number {number}"
        world.sites.add(url, Route(404))
        world.wayback.add(url, Capture(timestamp, body=article(title, "2024-05-01", "Site")))
        entries.append(f"{number}. Doe, Jane. “{title}.” Site, 1 May 2024, {url}.")
    path = tmp_path / "mla.txt"
    text = "Claims [1] [2] [3].\n\nWorks Cited\n" + "\n".join(entries) + "\n"
    path.write_text(text, encoding="utf-8")
    code, _, fixed = _fix(world, path)
    assert code == 0
    for timestamp, (url, day) in MLA_DEAD.items():
        assert f"{url}. Archived at {world.archive_url(timestamp, url)}, {day}.\n" in fixed
