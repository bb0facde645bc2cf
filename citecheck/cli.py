"""The command line: a thin layer over :mod:`citecheck.pipeline` and :mod:`citecheck.report`.

``citecheck FILE...`` checks; ``citecheck parse FILE`` shows the parsed source list;
``citecheck fix FILE`` writes the article with a corrected source list.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import click

from citecheck import __version__
from citecheck.errors import CitecheckError, ConfigError
from citecheck.model import Report, Severity, SourceReport
from citecheck.options import CheckOptions
from citecheck.report.registry import FORMATS, REGISTERED

_EPILOG = """\b
Examples:
  citecheck article.txt                    check every source, print a report
  citecheck article.md --format json -o report.json
  citecheck article.txt --offline          parse and repair only, no network
  citecheck parse article.txt              show the parsed source list
  citecheck fix article.txt -o fixed.txt   write a corrected source list
  cat article.txt | citecheck -            read standard input
  citecheck audit articles/ -o audit.jsonl  audit a catalogue (resumable)

\b
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or input error.
"""



_FORMAT_HELP = "; ".join(f"{f.name}: {f.summary}" for f in REGISTERED)


class _DefaultToCheck(click.Group):
    """Treats ``citecheck FILE`` as ``citecheck check FILE``; a usage mistake is one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check", "--help"]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()
            sys.exit(error.exit_code)
        except click.ClickException as error:
            # Like every other input error: "citecheck: error: ..." and exit code 2, not
            # click's three-line usage block.
            click.echo(f"citecheck: error: {_one_line(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("citecheck: interrupted", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(
    cls=_DefaultToCheck, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="citecheck")
def main() -> None:
    """Verify the sources an article cites: parse and repair its source list, check every link,
    find archived copies, and confirm each page still says what was cited."""


def _network_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--offline", is_flag=True, default=None, help="Parse and repair only; no network."
        ),
        click.option(
            "--timeout", type=float, help="Seconds to connect and between bytes read [10]."
        ),
        click.option("--concurrency", type=click.IntRange(1, 512), help="Requests in flight [32]."),
        click.option(
            "--per-host", type=click.IntRange(1, 64), help="Requests in flight per host [4]."
        ),
        click.option(
            "--retries", type=click.IntRange(0, 10), help="Retries after 429/503/timeouts [2]."
        ),
        click.option("--user-agent", help="User-Agent header [citecheck/<version> (+url)]."),
        click.option(
            "--allow-private",
            is_flag=True,
            default=None,
            help="Allow private, loopback and link-local addresses.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Where the HTTP cache lives [the user cache directory].",
        ),
        click.option("--no-cache", is_flag=True, default=None, help="Do not use the HTTP cache."),
        click.option(
            "--cache-ttl",
            type=click.IntRange(0),
            help="Seconds a cached response stays fresh [86400].",
        ),
        click.option(
            "--remap",
            multiple=True,
            metavar="'REGEX REPLACEMENT'",
            help="Rewrite URLs before checking (repeatable).",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="REGEX",
            help="Do not check matching URLs (repeatable).",
        ),
        click.option(
            "--no-archive", is_flag=True, default=None, help="Never look up archived copies."
        ),
        click.option(
            "--archive",
            "archive_mode",
            type=click.Choice(["auto", "always", "never"]),
            help="When to look up archived copies [auto: only when needed].",
        ),
        click.option(
            "--wayback-url",
            metavar="BASE",
            help="A Wayback-compatible service [https://web.archive.org].",
        ),
        click.option(
            "--archive-rate", type=click.FloatRange(0.1, 600), help="Wayback calls per minute [20]."
        ),
        click.option(
            "--archive-services",
            metavar="LIST",
            help="Archives to ask, in order, until one has a capture [wayback,memento].",
        ),
        click.option(
            "--memento-url",
            metavar="BASE",
            help="TimeMap base of the memento archive [https://archive.ph/timemap].",
        ),
        click.option(
            "--memento-rate",
            type=click.FloatRange(0.1, 600),
            help="Memento archive calls per minute [10].",
        ),
        click.option(
            "--save-missing",
            is_flag=True,
            default=None,
            help="Ask Save Page Now to capture live sources that have no capture.",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["info", "warning", "error"]),
            help="Exit 1 when a finding reaches this severity [error].",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="A citecheck.toml (default: found by walking up from the input).",
        ),
        click.option("-q", "--quiet", is_flag=True, default=None, help="No progress bar."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help=f"Report format [{FORMATS[0]}]: {_FORMAT_HELP}.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."
)
@_network_options
def check(
    files: tuple[str, ...], output_format: str | None, output: Path | None, **raw: Any
) -> None:
    """Check every source of FILES (text, Markdown, HTML, DOCX or PDF; - for stdin)."""
    with _clean_errors():
        from citecheck.pipeline import check_paths

        inputs = _expand_inputs(files, output)
        _refuse_overwriting_an_input(output, inputs)
        options, configured_format = _options(inputs[0], raw)
        progress = _Progress(enabled=not options.quiet and not options.offline)
        with progress:
            reports = check_paths(inputs, options, on_source=progress.advance)
        _emit(reports, output_format or configured_format or "text", output, options.fail_on)
        sys.exit(_exit_code(reports, options.fail_on))


@main.command(epilog=_EPILOG)
@click.argument("file")
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=FORMATS[0],
    show_default=True,
    help="Output format (any report format, without the check columns).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
def parse(file: str, output_format: str, output: Path | None) -> None:
    """Show the parsed and repaired source list of FILE (- for stdin), without network."""
    with _clean_errors():
        from citecheck.documents import read_path
        from citecheck.parse import parse_document
        from citecheck.pipeline import offline_report
        from citecheck.report import render

        report = offline_report(parse_document(read_path(file)))
        text = render(
            [report],
            output_format,
            color=_color(output),
            width=_width(output),
            include_checks=False,
        )
        _write(text, output)


@main.command(epilog=_EPILOG)
@click.argument("file")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the corrected article here.",
)
@click.option("--in-place", is_flag=True, help="Overwrite FILE with the corrected article.")
@_network_options
def fix(file: str, output: Path | None, in_place: bool, **raw: Any) -> None:
    """Write FILE with a corrected source list: repaired URLs and labels, and archive links
    for dead or drifted sources. The body is never changed. With neither -o nor --in-place the
    corrected article goes to standard output and the diff to standard error."""
    with _clean_errors():
        from citecheck.fix import fix_file

        if in_place and (output is not None or file == "-"):
            raise click.UsageError("--in-place writes FILE itself: give no -o, and a file, not -")
        options, _format = _options(file, raw)
        result = fix_file(file, options)
        destination = Path(file) if in_place else output
        if destination is None:
            sys.stdout.buffer.write(result.content)
            sys.stdout.flush()
        else:
            _write_bytes(destination, result.content)
        if not options.quiet and result.diff:
            click.echo(result.diff, nl=False, err=destination is None)


@main.command(epilog=_EPILOG)
@click.argument("catalogue")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("citecheck-audit.jsonl"),
    show_default=True,
    help="The results file (JSON Lines, one line per source); rerun to resume it.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the summary here instead of standard output.",
)
@click.option(
    "-f",
    "--format",
    "summary_format",
    type=click.Choice(("text", "markdown", "html")),
    help="Summary format [text, or as the --summary file's suffix says].",
)
@click.option("--restart", is_flag=True, help="Discard earlier results in --output; start over.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on this Dask scheduler (tcp://host:8786); needs citecheck[dask].",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    help="Start a local Dask cluster of this many worker processes; needs citecheck[dask].",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 256),
    help="Worker processes on this machine, no Dask [one per CPU]; 1 checks in threads.",
)
@_network_options
def audit(
    catalogue: str,
    output: Path,
    summary_path: Path | None,
    summary_format: str | None,
    restart: bool,
    scheduler: str | None,
    workers: int | None,
    processes: int | None,
    **raw: Any,
) -> None:
    """Audit every article of CATALOGUE (a directory, or a manifest: one path a line, or JSON
    Lines with a "path") and stream one JSON line per source to --output. Interrupted, it
    resumes where it stopped when run again; one host's links always go to one worker."""
    with _clean_errors():
        from citecheck.audit import DaskEngine, audit, default_engine, render_summary
        from citecheck.audit.progress import AuditProgress
        from citecheck.audit.summary import summary_format_for

        if sum(bool(choice) for choice in (scheduler, workers, processes)) > 1:
            raise click.UsageError("give one of --scheduler, --workers and --processes")
        # A directory's own citecheck.toml counts, as for the files inside it.
        start = os.path.join(catalogue, "_") if Path(catalogue).is_dir() else catalogue
        options, _format = _options(start, raw)
        engine = (
            DaskEngine(scheduler, workers=workers)
            if scheduler or workers
            else default_engine(processes)
        )
        skip = (summary_path,) if summary_path else ()
        progress = AuditProgress() if not options.quiet else None
        try:
            stats = audit(
                catalogue,
                output,
                options,
                engine=engine,
                restart=restart,
                observer=progress,
                skip=skip,
            )
        except KeyboardInterrupt:
            click.echo(
                f"citecheck: interrupted; results so far are in {output}; run the same command "
                "again to resume",
                err=True,
            )
            sys.stderr.flush()
            os._exit(130)  # worker threads may be mid-request; everything done is committed
        finally:
            if progress is not None:
                progress.__exit__(None, None, None)
        assert stats.summary is not None
        text = render_summary(stats.summary, summary_format_for(summary_path, summary_format))
        _write(text, summary_path)
        if not options.quiet:
            click.echo(
                f"citecheck: {stats.checked} sources checked in {stats.seconds:.1f} s "
                f"({stats.resumed} done earlier); results in {output}",
                err=True,
            )
        worst = stats.summary.worst
        sys.exit(1 if worst is not None and worst.rank >= options.fail_on.rank else 0)


def _write_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` whole or not at all: a failed write never leaves half an article."""
    target = path.resolve()  # through a symbolic link: the link stays, its file changes
    temporary: Path | None = None
    try:
        if path.exists() and not path.is_file():  # /dev/stdout, a named pipe
            path.write_bytes(content)
            return
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
            handle.write(content)
        if target.exists():
            shutil.copymode(target, temporary)
        else:  # as an ordinary new file would be, not the temporary file's owner-only mode
            temporary.chmod(0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise CitecheckError(f"{path}: cannot write ({error.strerror or error})") from error


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"})


def _expand_inputs(files: Sequence[str], output: Path | None = None) -> list[str]:
    """Files as given; a directory stands for the article files inside it (not hidden ones,
    and not the report being written there by an earlier run)."""
    inputs: list[str] = []
    report = output.resolve() if output is not None else None
    for name in files:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix.lower() in _ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.is_file()
                and p.resolve() != report
            )
            if not found:
                raise CitecheckError(f"{name}: the directory holds no article files")
            inputs.extend(found)
        else:
            inputs.append(name)
    return inputs


def _refuse_overwriting_an_input(output: Path | None, inputs: Sequence[str]) -> None:
    """A report written over the article it checks would destroy the article."""
    if output is None:
        return
    target = output.resolve()
    for name in inputs:
        if name != "-" and Path(name).resolve() == target:
            raise CitecheckError(f"{output}: is an input; the report would overwrite it")


def _options(first_input: str, raw: dict[str, Any]) -> tuple[CheckOptions, str | None]:
    """The run's options: the configuration file, then the flags given on the command line."""
    from citecheck.config import config_format, load_config, merge_options, options_from_config

    start = Path(first_input).resolve().parent if first_input != "-" else Path.cwd()
    data, found = load_config(raw.pop("config_path"), start=start)
    options = merge_options(options_from_config(data, origin=found), _overrides(raw))
    return options, config_format(data, origin=found)


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
        raise ConfigError(f"--remap needs 'REGEX REPLACEMENT', got {value!r}")
    try:
        pattern = re.compile(parts[0])
    except re.error as error:
        raise ConfigError(f"--remap '{value}': invalid regular expression: {error}") from None
    try:
        pattern.sub(parts[1], "")  # compiles the replacement, checking its group references
    except (re.error, IndexError) as error:
        raise ConfigError(f"--remap '{value}': invalid replacement: {error}") from None
    return parts[0], parts[1]


def _exit_code(reports: Sequence[Report], fail_on: Severity) -> int:
    from citecheck.report import highest_severity

    worst = highest_severity(reports)
    return 1 if worst is not None and worst.rank >= fail_on.rank else 0


def _emit(
    reports: Sequence[Report], output_format: str, output: Path | None, fail_on: Severity
) -> None:
    from citecheck.report import render

    text = render(
        reports, output_format, color=_color(output), width=_width(output), fail_on=fail_on
    )
    _write(text, output)


def _color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


_PLAIN_WIDTH = 80
"""Columns for a text report that goes to a pipe or a file: it must read in any terminal."""


def _width(output: Path | None) -> int:
    """The terminal's width when printing to one; else ``$COLUMNS``, else 80."""
    if output is None and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 40 else _PLAIN_WIDTH


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CitecheckError(f"{output}: cannot write the report ({error.strerror})") from error


def _one_line(message: str) -> str:
    """An error message on one line, whatever a library put in it."""
    return " ".join(message.split())


class _clean_errors:
    """Turns citecheck's own errors into one line on stderr and exit code 2."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: object
    ) -> Literal[False]:
        if isinstance(error, CitecheckError):
            click.echo(f"citecheck: error: {_one_line(str(error))}", err=True)
            sys.exit(2)
        if isinstance(error, KeyboardInterrupt):
            click.echo("citecheck: interrupted", err=True)
            sys.exit(130)
        return False


class _Progress:
    """A progress bar on stderr, only for a terminal and only once more than a few sources are
    done (a short article finishes before a bar would help)."""

    _AFTER = 3

    def __init__(self, *, enabled: bool) -> None:
        self._enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None
        self._done = 0

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, _report: SourceReport) -> None:
        self._done += 1
        if self._progress is None and self._enabled and self._done > self._AFTER:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("checking sources", total=None)
        if self._progress is not None:
            self._progress.update(self._task, completed=self._done)
