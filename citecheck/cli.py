"""The command line: a thin layer over :mod:`citecheck.pipeline` and :mod:`citecheck.report`.

``citecheck FILE...`` checks; ``citecheck parse FILE`` shows the parsed source list;
``citecheck fix FILE`` writes the article with a corrected source list.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from citecheck import __version__
from citecheck.errors import CitecheckError
from citecheck.model import Report, Severity, SourceReport

_EPILOG = """\b
Examples:
  citecheck article.txt                    check every source, print a report
  citecheck article.md --format json -o report.json
  citecheck article.txt --offline          parse and repair only, no network
  citecheck parse article.txt              show the parsed source list
  citecheck fix article.txt -o fixed.txt   write a corrected source list
  cat article.txt | citecheck -            read standard input

\b
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or input error.
"""

_FORMATS = ("text", "json", "markdown", "html", "junit")


class _DefaultToCheck(click.Group):
    """Treats ``citecheck FILE`` as ``citecheck check FILE``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check", "--help"]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToCheck, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citecheck")
def main() -> None:
    """Verify the sources an article cites: parse and repair its source list, check every link,
    find archived copies, and confirm each page still says what was cited."""


def _network_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--offline", is_flag=True, default=None, help="Parse and repair only; no network."),
        click.option("--timeout", type=float, help="Seconds to connect and between bytes read [10]."),
        click.option("--concurrency", type=click.IntRange(1, 512), help="Requests in flight [32]."),
        click.option("--per-host", type=click.IntRange(1, 64), help="Requests in flight per host [4]."),
        click.option("--retries", type=click.IntRange(0, 10), help="Retries after 429/503/timeouts [2]."),
        click.option("--user-agent", help="User-Agent header [citecheck/<version> (+url)]."),
        click.option("--allow-private", is_flag=True, default=None,
                     help="Allow private, loopback and link-local addresses."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Where the HTTP cache lives [the user cache directory]."),
        click.option("--no-cache", is_flag=True, default=None, help="Do not use the HTTP cache."),
        click.option("--cache-ttl", type=click.IntRange(0), help="Seconds a cached response stays fresh [86400]."),
        click.option("--remap", multiple=True, metavar="'REGEX REPLACEMENT'",
                     help="Rewrite URLs before checking (repeatable)."),
        click.option("--ignore", multiple=True, metavar="REGEX", help="Do not check matching URLs (repeatable)."),
        click.option("--no-archive", is_flag=True, default=None, help="Never look up archived copies."),
        click.option("--archive", "archive_mode", type=click.Choice(["auto", "always", "never"]),
                     help="When to look up archived copies [auto: only when needed]."),
        click.option("--wayback-url", metavar="BASE", help="A Wayback-compatible service [https://web.archive.org]."),
        click.option("--archive-rate", type=click.FloatRange(0.1, 600), help="Archive calls per minute [20]."),
        click.option("--save-missing", is_flag=True, default=None,
                     help="Ask Save Page Now to capture live sources that have no capture."),
        click.option("--fail-on", type=click.Choice(["info", "warning", "error"]),
                     help="Exit 1 when a finding reaches this severity [error]."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="A citecheck.toml (default: found by walking up from the input)."),
        click.option("-q", "--quiet", is_flag=True, default=None, help="No progress bar."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True)
@click.option("-f", "--format", "output_format", type=click.Choice(_FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@_network_options
def check(files: tuple[str, ...], output_format: str, output: Path | None, **raw: Any) -> None:
    """Check every source of FILES (text, Markdown, HTML, DOCX or PDF; - for stdin)."""
    with _clean_errors():
        from citecheck.pipeline import check_paths

        inputs = _expand_inputs(files)
        options = _options(inputs[0], raw)
        progress = _Progress(enabled=not options.quiet and not options.offline)
        with progress:
            reports = check_paths(inputs, options, on_source=progress.advance)
        _emit(reports, output_format, output)
        sys.exit(_exit_code(reports, options.fail_on))


@main.command(epilog=_EPILOG)
@click.argument("file")
@click.option("-f", "--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
def parse(file: str, output_format: str, output: Path | None) -> None:
    """Show the parsed and repaired source list of FILE (- for stdin), without network."""
    with _clean_errors():
        from citecheck.documents import read_path
        from citecheck.parse import parse_document
        from citecheck.pipeline import offline_report
        from citecheck.report import render

        report = offline_report(parse_document(read_path(file)))
        _write(render([report], output_format, color=_color(output), include_checks=False), output)


def _expand_inputs(files: Sequence[str]) -> list[str]:
    """Files as given; a directory stands for the articles inside it."""
    from citecheck.documents import ARTICLE_SUFFIXES

    inputs: list[str] = []
    for name in files:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise CitecheckError(f"{name}: the directory holds no article files")
            inputs.extend(found)
        else:
            inputs.append(name)
    return inputs


def _options(first_input: str, raw: dict[str, Any]) -> Any:
    from citecheck.config import load_config, merge_options, options_from_config

    start = Path(first_input).resolve().parent if first_input != "-" else Path.cwd()
    data, _found = load_config(raw.pop("config_path"), start=start)
    overrides = _overrides(raw)
    return merge_options(options_from_config(data), overrides)


def _overrides(raw: dict[str, Any]) -> dict[str, Any]:
    """CLI values given explicitly, under CheckOptions' field names."""
    given = {key: value for key, value in raw.items() if value not in (None, ())}
    if given.pop("no_cache", None):
        given["use_cache"] = False
    if given.pop("no_archive", None):
        given["archive"] = "never"
    if "archive_mode" in given:
        given["archive"] = given.pop("archive_mode")
    if "remap" in given:
        given["remaps"] = tuple(_remap(value) for value in given.pop("remap"))
    if "fail_on" in given:
        given["fail_on"] = Severity(given["fail_on"])
    return given


def _remap(value: str) -> tuple[str, str]:
    parts = value.split(None, 1)
    if len(parts) != 2:
        raise click.BadParameter(f"--remap needs 'REGEX REPLACEMENT', got {value!r}")
    return parts[0], parts[1]


def _exit_code(reports: Sequence[Report], fail_on: Severity) -> int:
    def reaches(severity: Severity) -> bool:
        return severity.rank >= fail_on.rank

    for report in reports:
        findings = [*report.findings, *(f for s in report.sources for f in s.findings)]
        if any(reaches(f.severity) for f in findings):
            return 1
        if any(reaches(Severity(s.verdict.value)) for s in report.sources if s.verdict.value != "ok"):
            return 1
    return 0


def _emit(reports: Sequence[Report], output_format: str, output: Path | None) -> None:
    from citecheck.report import render

    _write(render(reports, output_format, color=_color(output)), output)


def _color(output: Path | None) -> bool:
    import os

    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CitecheckError(f"{output}: cannot write the report ({error.strerror})") from error


class _clean_errors:  # noqa: N801 - used as a statement-like context manager
    """Turns citecheck's own errors into one line on stderr and exit code 2."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> bool:
        if isinstance(error, CitecheckError):
            click.echo(f"citecheck: error: {error}", err=True)
            sys.exit(2)
        if isinstance(error, KeyboardInterrupt):
            click.echo("citecheck: interrupted", err=True)
            sys.exit(130)
        return False


class _Progress:
    """A progress bar on stderr, only for a terminal."""

    def __init__(self, *, enabled: bool) -> None:
        self._enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self._enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("checking sources", total=None)
        return self

    def __exit__(self, *_: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, _report: SourceReport) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)
