"""Metadata extraction on pages of the tests' own making."""

from __future__ import annotations

import codecs

import pytest

from citecheck.match import extract_metadata
from citecheck.model import PageDate

from .helpers import meta, page, read_page

LEDGER_URL = "https://ledger.example/2025/01/28/council-budget"


def test_every_title_candidate_keeps_its_origin() -> None:
    metadata = extract_metadata(read_page("evening_story.html"), url=LEDGER_URL)
    origins = {origin for origin, _ in metadata.titles}
    assert {
        "meta[og:title]",
        "json-ld NewsArticle.headline",
        "h1",
        "title",
        "title piece",
    } <= origins
    assert ("title piece", "The Springfield Ledger") in metadata.titles
    assert all("Related" not in title for _, title in metadata.titles)  # hasPart is another work


def test_several_dates_keep_roles_and_offsets_as_written() -> None:
    metadata = extract_metadata(read_page("evening_story.html"), url=LEDGER_URL)
    assert PageDate("2025-01-29T04:30:00Z", "published", "meta[article:published_time]") in (
        metadata.dates
    )
    assert (
        PageDate("2025-01-28T23:30:00-05:00", "published", "json-ld NewsArticle.datePublished")
        in metadata.dates
    )
    assert PageDate("2025-01-30T16:05:00Z", "modified", "meta[article:modified_time]") in (
        metadata.dates
    )
    assert PageDate("2025-01-28", "url", "url path") in metadata.dates
    assert PageDate("2025-01-28", "dateline", "text near the headline") in metadata.dates
    values = {d.value for d in metadata.dates}
    assert "2024-12-02" not in values  # a sidebar's <time> and a related item's date
    assert "2019-12-01" not in values  # a date in the navigation


def test_authors_and_site_names() -> None:
    metadata = extract_metadata(read_page("evening_story.html"), url=LEDGER_URL)
    assert metadata.authors[:2] == ("Scott Lehtonen", "Maria Núñez")
    assert metadata.site_names[0] == "The Springfield Ledger"
    assert "ledger.example" in metadata.site_names


def test_jsonld_lists_nesting_and_broken_json() -> None:
    html = page(
        '<script type="application/ld+json">[{"@type": "BlogPosting", "headline": "First item",'
        ' "author": "Ann Writer", "datePublished": "2024-05-06"},'
        ' {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "name": "Other story",'
        ' "datePublished": "2020-01-01"}]}]</script>'
        '<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": "Broken one",'
        ' "author": {"name": "Bo Reporter"}, "dateModified": "2024-05-07T10:00:00+02:00",}'
        "</script>"
        '<script type="application/ld+json">{"@type": "Article", "headline": "Salvaged title",'
        ' "datePublished": "2023-03-03" "oops": }</script>'
    )
    metadata = extract_metadata(html)
    titles = [title for _, title in metadata.titles]
    assert titles[:3] == ["First item", "Broken one", "Salvaged title"]
    assert "Other story" not in titles
    assert {"Ann Writer", "Bo Reporter"} <= set(metadata.authors)
    values = {(d.value, d.role) for d in metadata.dates}
    assert ("2024-05-06", "published") in values
    assert ("2024-05-07T10:00:00+02:00", "modified") in values
    assert ("2023-03-03", "published") in values
    assert ("2020-01-01", "published") not in values


def test_title_is_split_into_pieces_on_either_side() -> None:
    html = page("<title>News | Berlin — A quiet winter in the city</title>")
    titles = [title for _, title in extract_metadata(html).titles]
    assert "A quiet winter in the city" in titles
    assert "News | Berlin" in titles
    assert "Berlin — A quiet winter in the city" in titles


def test_bylines_and_author_meta_forms() -> None:
    html = page(
        meta("author", "Jane Roe; John Doe", "name") + meta("article:author", "https://fb.com/x"),
        '<a rel="author" href="/a/kim">Kim Lee</a><div class="post-byline">By Ola Nordmann</div>',
    )
    assert extract_metadata(html).authors == ("Jane Roe", "John Doe", "Kim Lee", "Ola Nordmann")


def test_date_formats_are_normalised_keeping_offsets() -> None:
    html = page(
        meta("pubdate", "Tue, 28 Jan 2025 22:15:00 +0100", "name")
        + meta("dc.date.modified", "20250130", "name")
        + meta("dateCreated", "1738000000", "itemprop"),
        '<time datetime="2025-01-28T21:15+00:00">yesterday</time>',
    )
    values = {(d.value, d.role) for d in extract_metadata(html).dates}
    assert ("2025-01-28T22:15:00+01:00", "published") in values
    assert ("2025-01-30", "modified") in values
    assert ("2025-01-27T17:46:40+00:00", "created") in values
    assert ("2025-01-28T21:15:00+00:00", "time") in values


def test_wayback_capture_time_is_never_a_page_date() -> None:
    html = page(
        "<title>An essay</title>",
        "<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id='wm-ipp-base'>Oct 08, 2017</div>"
        "<!-- END WAYBACK TOOLBAR INSERT --><h1>An essay</h1><p>Written 26 January 2017</p>",
    )
    url = "https://web.archive.org/web/20171008220355/http://essays.example/2017/01/essay.html"
    metadata = extract_metadata(html, url=url)
    values = {d.value for d in metadata.dates}
    assert values == {"2017-01", "2017-01-26"}
    assert "essays.example" in metadata.site_names


def test_charset_from_header_cp1252() -> None:
    body = page("<title>\u201cQuoted\u201d caf\u00e9 \u2013 news</title>").replace(
        '<meta charset="utf-8">', ""
    )
    raw = body.encode("cp1252")
    metadata = extract_metadata(raw, headers={"Content-Type": "text/html; charset=windows-1252"})
    assert ("title", "\u201cQuoted\u201d caf\u00e9 \u2013 news") in metadata.titles
    # Labelled ISO-8859-1 (as servers often do), browsers still read the bytes as cp1252.
    latin = extract_metadata(raw, headers={"content-type": "text/html; charset=ISO-8859-1"})
    assert ("title", "\u201cQuoted\u201d caf\u00e9 \u2013 news") in latin.titles


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")],
)
def test_charset_from_bom_beats_a_wrong_declaration(bom: bytes, encoding: str) -> None:
    html = page("<title>Grüße aus Köln</title>").replace("utf-8", "iso-8859-1")
    raw = bom + html.encode(encoding)
    metadata = extract_metadata(raw, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    assert ("title", "Grüße aus Köln") in metadata.titles


def test_charset_from_meta_and_from_guessing() -> None:
    declared = page("<title>Élan vital à Paris</title>").replace("utf-8", "iso-8859-15")
    assert ("title", "Élan vital à Paris") in extract_metadata(
        declared.encode("iso-8859-15")
    ).titles
    text = "Überraschende Größe: Bürgerinitiative fördert Gemüsegärten in München und Düsseldorf"
    undeclared = page(f"<title>{text}</title><p>{text} " * 3).replace('<meta charset="utf-8">', "")
    assert ("title", text) in extract_metadata(undeclared.encode("cp1252")).titles


@pytest.mark.timeout(60)
def test_ten_megabytes_of_nested_tags_parse_and_return() -> None:
    hostile = b"<html><head><title>Deep</title></head><body>" + b"<div><span>" * 1_000_000
    assert len(hostile) > 10_000_000
    metadata = extract_metadata(hostile)
    assert ("title", "Deep") in metadata.titles


@pytest.mark.timeout(60)
def test_ten_megabytes_of_flat_tags_and_broken_scripts_return() -> None:
    hostile = (
        b'<html><head><script type="application/ld+json">{"headline": "x", '
        + b"[" * 2_000_000
        + b"</script></head><body>"
        + b"<p>12.12.2012 <time datetime='x'>" * 300_000
    )
    assert len(hostile) > 10_000_000
    extract_metadata(hostile)


@pytest.mark.parametrize("junk", [b"", b"\x00\x01\x02", "   ", b"<html></html>", "plain text"])
def test_empty_or_junk_input_gives_empty_metadata(junk: bytes | str) -> None:
    metadata = extract_metadata(junk, url="https://example.org/")
    assert metadata.titles == ()
    assert metadata.site_names == ("example.org",)


@pytest.mark.timeout(60)
def test_ten_megabytes_of_nested_tags_as_text_return() -> None:
    hostile = "<title>Deep</title>" + "<b><i><u>" * 1_200_000
    assert ("title", "Deep") in extract_metadata(hostile).titles


@pytest.mark.timeout(60)
def test_deeply_nested_jsonld_is_skipped() -> None:
    hostile = '<script type="application/ld+json">' + "[" * 200_000 + "]" * 200_000 + "</script>"
    metadata = extract_metadata(hostile + "<title>Still here</title>")
    assert ("title", "Still here") in metadata.titles


@pytest.mark.timeout(60)
def test_unclosed_title_swallowing_the_page_returns() -> None:
    hostile = "<html><head><title>" + "Headline | Site - part: " * 400_000
    metadata = extract_metadata(hostile)
    assert all(len(title) <= 400 for _, title in metadata.titles)


def test_an_embedded_videos_upload_date_is_not_the_articles() -> None:
    html = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Story",'
        ' "datePublished": "2020-09-28T10:00:00+01:00"}</script>'
        '<script type="application/ld+json">{"@type": "VideoObject", "name": "Clip",'
        ' "uploadDate": "2020-10-05T16:55:14Z"}</script>'
    )
    values = {d.value for d in extract_metadata(html).dates}
    assert values == {"2020-09-28T10:00:00+01:00"}
    video_only = page(
        '<script type="application/ld+json">{"@type": "VideoObject", "name": "Clip",'
        ' "uploadDate": "2020-10-05T16:55:14Z"}</script>'
    )
    assert {d.value for d in extract_metadata(video_only).dates} == {"2020-10-05T16:55:14Z"}
