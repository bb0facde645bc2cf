"""Configuration files: ``citecheck.toml`` or ``[tool.citecheck]`` in ``pyproject.toml``.

The file is found by walking up from the input's folder to the filesystem root; the first
folder with a ``citecheck.toml``, or a ``pyproject.toml`` holding a ``[tool.citecheck]`` table,
wins (``citecheck.toml`` first within a folder). ``--config FILE`` names one explicitly.

Keys are the :class:`~citecheck.options.CheckOptions` field names, in kebab-case or snake_case
(``per-host`` or ``per_host``). Precedence, lowest first: defaults, the configuration file,
command-line flags (:func:`merge_options` applies only the flags that were given).
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citecheck.errors import ConfigError
from citecheck.model import Severity
from citecheck.options import ArchiveMode, CheckOptions, HostSettings

CONFIG_NAME = "citecheck.toml"
"""The dedicated configuration file's name."""

PYPROJECT_NAME = "pyproject.toml"
"""The Python project file; citecheck reads its ``[tool.citecheck]`` table."""

FORMAT_KEY = "format"
"""The output format key (``text``, ``json`` ...), not a check option: see :func:`config_format`."""

_HOST_KEYS = ("concurrency", "headers", "user_agent", "paywalled")
_ALIASES = {"remap": "remaps", "no_cache": "use_cache"}
"""Keys that name a field differently (``no-cache`` is the inverse of ``use-cache``)."""


def load_config(
    path: Path | None, *, start: Path | None = None
) -> tuple[dict[str, Any], Path | None]:
    """Read the configuration: ``path`` when given, else the first one found above ``start``.

    Returns the table of settings (``{}`` when no file was found) and the file it came from.
    The table is validated here, so a mistake is reported with the file's name; relative
    ``cache-dir`` values are made absolute against the file's folder.
    """
    if path is not None:
        data = _read_explicit(Path(path))
        found: Path | None = Path(path)
    else:
        located = find_config(start if start is not None else Path.cwd())
        if located is None:
            return {}, None
        found, data = located
    assert found is not None
    data = _resolve_paths(data, found)
    options_from_config(data, origin=found)
    return data, found


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first configuration file in ``start`` (a folder, or a file's folder) or above it."""
    folder = start.expanduser().absolute()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        dedicated = candidate / CONFIG_NAME
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = candidate / PYPROJECT_NAME
        if pyproject.is_file():
            table = _tool_table(_read_toml(pyproject), pyproject)
            if table is not None:
                return pyproject, table
    return None


def _read_explicit(path: Path) -> dict[str, Any]:
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a configuration file")
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    data = _read_toml(path)
    if path.name == PYPROJECT_NAME:
        table = _tool_table(data, path)
        if table is None:
            raise ConfigError(f"{path}: has no [tool.citecheck] table")
        return table
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None


def _tool_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, dict) or "citecheck" not in tool:
        return None
    table = tool["citecheck"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.citecheck] must be a table")
    return table


def _resolve_paths(data: dict[str, Any], origin: Path) -> dict[str, Any]:
    resolved = dict(data)
    for key in ("cache-dir", "cache_dir"):
        value = resolved.get(key)
        if isinstance(value, str) and value:
            directory = Path(value).expanduser()
            if not directory.is_absolute():
                directory = origin.absolute().parent / directory
            resolved[key] = str(directory)
    return resolved


# --- validation -------------------------------------------------------------------------------


class _Context:
    """Where a value came from, for error messages: ``citecheck.toml: key 'timeout'``."""

    def __init__(self, origin: str, key: str) -> None:
        self.origin = origin
        self.key = key

    def fail(self, problem: str) -> ConfigError:
        return ConfigError(f"{self.origin}: {self.key}: {problem}")

    def child(self, key: str) -> _Context:
        return _Context(self.origin, f"{self.key}.{key}" if self.key else key)


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _boolean(value: object, where: _Context) -> bool:
    if not isinstance(value, bool):
        raise where.fail(f"must be true or false, not {_type_name(value)} ({value!r})")
    return value


def _integer(minimum: int) -> Callable[[object, _Context], int]:
    def convert(value: object, where: _Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise where.fail(f"must be an integer, not {_type_name(value)} ({value!r})")
        if value < minimum:
            raise where.fail(f"must be at least {minimum}, not {value}")
        return value

    return convert


def _number(*, positive: bool) -> Callable[[object, _Context], float]:
    def convert(value: object, where: _Context) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise where.fail(f"must be a number, not {_type_name(value)} ({value!r})")
        number = float(value)
        if not math.isfinite(number) or number < 0 or (positive and number == 0):
            bound = "greater than 0" if positive else "at least 0"
            raise where.fail(f"must be a finite number {bound}, not {value}")
        return number

    return convert


def _string(value: object, where: _Context) -> str:
    if not isinstance(value, str):
        raise where.fail(f"must be a string, not {_type_name(value)} ({value!r})")
    return value


def _optional_string(value: object, where: _Context) -> str | None:
    if value is None:
        return None
    text = _string(value, where).strip()
    if not text:
        raise where.fail("must not be empty")
    return text


def _path(value: object, where: _Context) -> Path | None:
    if value is None:
        return None
    if isinstance(value, Path):
        return value
    text = _string(value, where)
    if not text.strip():
        raise where.fail("must not be empty")
    return Path(text).expanduser()


def _choice(enum: type[Severity] | type[ArchiveMode]) -> Callable[[object, _Context], Any]:
    def convert(value: object, where: _Context) -> Any:
        allowed = [member.value for member in enum]
        if isinstance(value, str) and value.strip().lower() in allowed:
            return enum(value.strip().lower())
        raise where.fail(f"must be one of {', '.join(allowed)}, not {value!r}")

    return convert


def _archive(value: object, where: _Context) -> ArchiveMode:
    if isinstance(value, bool):
        # archive = false reads naturally as "never"; true as the default behaviour.
        return ArchiveMode.AUTO if value else ArchiveMode.NEVER
    mode: ArchiveMode = _choice(ArchiveMode)(value, where)
    return mode


def _web_url(value: object, where: _Context) -> str:
    text = _string(value, where).strip()
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise where.fail(f"must be an http(s) URL, not {value!r}")
    return text.rstrip("/")


def _regex(text: str, where: _Context) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as error:
        raise where.fail(f"invalid regular expression {text!r}: {error}") from None


def _list(value: object, where: _Context) -> list[object]:
    if isinstance(value, tuple):
        return list(value)
    if not isinstance(value, list):
        raise where.fail(f"must be an array, not {_type_name(value)} ({value!r})")
    return value


def _remaps(value: object, where: _Context) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for index, item in enumerate(_list(value, where)):
        item_where = _Context(where.origin, f"{where.key}[{index}]")
        pattern, replacement = _remap_pair(item, item_where)
        compiled = _regex(pattern, item_where)
        try:
            # Compiles the replacement template, catching bad group references now.
            compiled.sub(replacement, "")
        except (re.error, IndexError) as error:
            raise item_where.fail(f"invalid replacement {replacement!r}: {error}") from None
        pairs.append((pattern, replacement))
    return tuple(pairs)


def _remap_pair(item: object, where: _Context) -> tuple[str, str]:
    if isinstance(item, str):
        parts = item.strip().split(maxsplit=1)
        if len(parts) != 2:
            raise where.fail(
                f"must be 'REGEX REPLACEMENT' (split on the first space), not {item!r}"
            )
        return parts[0], parts[1]
    if (
        isinstance(item, list | tuple)
        and len(item) == 2
        and all(isinstance(part, str) for part in item)
    ):
        return item[0], item[1]
    raise where.fail(
        f"must be a string 'REGEX REPLACEMENT' or a [regex, replacement] pair, not {item!r}"
    )


def _ignore(value: object, where: _Context) -> tuple[str, ...]:
    patterns: list[str] = []
    for index, item in enumerate(_list(value, where)):
        item_where = _Context(where.origin, f"{where.key}[{index}]")
        pattern = _string(item, item_where)
        _regex(pattern, item_where)
        patterns.append(pattern)
    return tuple(patterns)


def _archive_services(value: object, where: _Context) -> tuple[str, ...]:
    """An ordered list of archive names: an array, or one comma-separated string."""
    from citecheck.archives.services import checked_services  # late: the archives are heavier

    if isinstance(value, str):
        items: list[object] = [part for part in value.split(",") if part.strip()]
    else:
        items = _list(value, where)
    names = []
    for index, item in enumerate(items):
        names.append(_string(item, _Context(where.origin, f"{where.key}[{index}]")).strip())
    try:
        return checked_services(tuple(names))
    except ConfigError as error:
        raise where.fail(str(error)) from None


def _headers(value: object, where: _Context) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise where.fail(f"must be a table of header names to strings, not {_type_name(value)}")
    headers: dict[str, str] = {}
    for name, header_value in value.items():
        header_where = where.child(str(name))
        if not isinstance(name, str) or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
            raise header_where.fail("is not a valid HTTP header name")
        text = _string(header_value, header_where)
        if "\r" in text or "\n" in text:
            raise header_where.fail("must not contain line breaks")
        headers[name] = text
    return headers


def _host_name(name: object, where: _Context) -> str:
    if not isinstance(name, str) or not name.strip():
        raise where.fail("host names must be non-empty strings")
    host = name.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if re.search(r"[/@\s]", host) or (":" in host and not _is_ipv6(host)):
        raise where.fail(
            f'{name!r} must be a bare host name like "www.ft.com" (no scheme, port or path)'
        )
    return host


def _is_ipv6(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv6Address)
    except ValueError:
        return False


def _hosts(value: object, where: _Context) -> dict[str, HostSettings]:
    if isinstance(value, Mapping) and all(isinstance(v, HostSettings) for v in value.values()):
        return {_host_name(k, where): v for k, v in value.items()}
    if not isinstance(value, Mapping):
        raise where.fail(f"must be a table of host tables, not {_type_name(value)}")
    hosts: dict[str, HostSettings] = {}
    for name, table in value.items():
        host_where = where.child(f'"{name}"')
        host = _host_name(name, host_where)
        if not isinstance(table, Mapping):
            raise host_where.fail(f"must be a table, not {_type_name(table)}")
        if host in hosts:
            raise host_where.fail("is given twice")
        hosts[host] = _host_settings(table, host_where)
    return hosts


def _host_settings(table: Mapping[str, object], where: _Context) -> HostSettings:
    settings: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _canonical(raw_key)
        key_where = where.child(raw_key)
        if key not in _HOST_KEYS:
            raise key_where.fail(
                f"unknown host setting{_suggest(key, _HOST_KEYS)} "
                f"(known: {', '.join(k.replace('_', '-') for k in _HOST_KEYS)})"
            )
        if key in settings:
            raise key_where.fail("is given twice (kebab-case and snake_case)")
        if key == "concurrency":
            settings[key] = _integer(1)(value, key_where)
        elif key == "headers":
            settings[key] = _headers(value, key_where)
        elif key == "user_agent":
            settings[key] = _optional_string(value, key_where)
        else:
            settings[key] = _boolean(value, key_where)
    return HostSettings(**settings)


_CONVERTERS: dict[str, Callable[[object, _Context], Any]] = {
    "offline": _boolean,
    "timeout": _number(positive=True),
    "concurrency": _integer(1),
    "per_host": _integer(1),
    "retries": _integer(0),
    "max_retry_after": _number(positive=False),
    "max_body": _integer(1),
    "max_redirects": _integer(0),
    "user_agent": _optional_string,
    "allow_private": _boolean,
    "cache_dir": _path,
    "use_cache": _boolean,
    "cache_ttl": _integer(0),
    "remaps": _remaps,
    "hosts": _hosts,
    "ignore": _ignore,
    "archive": _archive,
    "wayback_url": _web_url,
    "archive_rate": _number(positive=True),
    "archive_services": _archive_services,
    "memento_url": _web_url,
    "memento_rate": _number(positive=True),
    "save_missing": _boolean,
    "fail_on": _choice(Severity),
    "quiet": _boolean,
}
"""One converter per :class:`CheckOptions` field: checks a raw value and returns the field's."""


def _canonical(key: str) -> str:
    return key.strip().replace("-", "_").lower()


def _known_keys() -> list[str]:
    return sorted({*(k.replace("_", "-") for k in _CONVERTERS), "remap", "no-cache", FORMAT_KEY})


def _suggest(key: str, known: Any) -> str:
    close = difflib.get_close_matches(
        key.replace("_", "-"), [k.replace("_", "-") for k in known], n=1
    )
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_coverage() -> None:
    # Every option must have a key: a field added to CheckOptions without one fails loudly.
    missing = {f.name for f in fields(CheckOptions)} - set(_CONVERTERS)
    if missing:
        raise RuntimeError(f"config keys missing for CheckOptions fields: {sorted(missing)}")


_check_coverage()


def _field_values(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    written: dict[str, str] = {}
    for raw_key, value in data.items():
        key = _canonical(str(raw_key))
        where = _Context(origin, str(raw_key))
        if key == FORMAT_KEY:
            _format(value, where)
            continue
        name = _ALIASES.get(key, key)
        if name not in _CONVERTERS:
            raise where.fail(f"unknown key{_suggest(key, _known_keys())}")
        if name in written:
            raise where.fail(f"sets the same option as '{written[name]}'")
        written[name] = str(raw_key)
        converted = _CONVERTERS[name](value, where)
        values[name] = (not converted) if key == "no_cache" else converted
    return values


def _format(value: object, where: _Context) -> str:
    from citecheck.report.registry import FORMATS  # imported late: the formats pull in rich

    if not isinstance(value, str) or value not in FORMATS:
        raise where.fail(f"must be one of {', '.join(FORMATS)}, not {value!r}")
    return value


def options_from_config(
    data: Mapping[str, Any],
    base: CheckOptions | None = None,
    *,
    origin: str | Path | None = None,
) -> CheckOptions:
    """``base`` (default :class:`CheckOptions`) with every setting of ``data`` applied.

    ``origin`` names the file in error messages. Raises :class:`ConfigError` for an unknown
    key, a value of the wrong type or range, or an invalid regular expression.
    """
    values = _field_values(data, str(origin) if origin is not None else "configuration")
    return replace(base if base is not None else CheckOptions(), **values)


def config_format(data: Mapping[str, Any], *, origin: str | Path | None = None) -> str | None:
    """The ``format`` the configuration asks for, if any (the CLI's ``--format`` wins)."""
    for raw_key, value in data.items():
        if _canonical(str(raw_key)) == FORMAT_KEY:
            where = _Context(str(origin) if origin is not None else "configuration", str(raw_key))
            return _format(value, where)
    return None


def merge_options(config_options: CheckOptions, overrides: Mapping[str, Any]) -> CheckOptions:
    """``config_options`` with the explicitly given command-line values applied on top.

    ``overrides`` maps :class:`CheckOptions` field names (or config keys) to values; ``None``
    means "not given" and is skipped, so pass every flag and let unset ones be ``None``.
    Values are checked and converted like configuration values (``"warning"`` becomes
    :attr:`Severity.WARNING`, ``["regex replacement"]`` becomes remap pairs). Lists and
    tables replace the configured ones rather than extending them.
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    values = _field_values(given, "command line")
    return replace(config_options, **values)


__all__ = [
    "CONFIG_NAME",
    "PYPROJECT_NAME",
    "config_format",
    "find_config",
    "load_config",
    "merge_options",
    "options_from_config",
]
