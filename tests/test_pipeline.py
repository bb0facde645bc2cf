"""The pipeline's own decisions, with the network stages made deterministic."""

from __future__ import annotations

import socket
from pathlib import Path

import citecheck
from citecheck.model import ArchiveStatus, LinkStatus
from citecheck.pipeline import Checker
from citecheck.resolve import LinkChecker

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "article.txt"


def _no_dns(host: str, port: object, *args: object, **kwargs: object) -> list[object]:
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def test_offline_machine_gets_unreachable_links_and_no_archive_calls() -> None:
    # The archive service is a closed loopback port: were it asked, the detail would say so.
    options = citecheck.CheckOptions(
        use_cache=False, wayback_url="http://127.0.0.1:9", allow_private=True
    )
    links = LinkChecker(options, resolve_host=_no_dns)
    with Checker(options, links=links) as checker:
        report = checker.check(citecheck.parse(ARTICLE.read_text(encoding="utf-8")))
    assert {s.link.status for s in report.sources if s.link} == {LinkStatus.UNREACHABLE}
    assert all(
        s.archive is not None
        and s.archive.status is ArchiveStatus.ERROR
        and "network looks offline" in s.archive.detail
        for s in report.sources
    )
    assert "network-offline" in {f.code for f in report.findings}
    assert {s.verdict.value for s in report.sources} == {"warning"}


def test_sources_stream_to_the_callback_as_they_finish() -> None:
    seen: list[int | None] = []
    document = citecheck.parse(ARTICLE.read_text(encoding="utf-8"))
    citecheck.check(
        document,
        citecheck.CheckOptions(offline=True),
        on_source=lambda report: seen.append(report.source.number),
    )
    assert sorted(n for n in seen if n is not None) == [1, 2, 3, 4, 5]
