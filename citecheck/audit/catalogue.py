"""Reading a catalogue lazily: a directory of articles, or a manifest that lists them.

An article is named by its *key*: its path relative to the catalogue's directory, or the
manifest line as written. Keys are what the journal remembers, so an audit resumed from
another working directory still recognises the articles it already did.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from citecheck.errors import InputError

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"})
"""File names a directory walk treats as articles (as ``citecheck DIR`` does)."""

MANIFEST_JSON_KEYS = ("path", "input", "file")
"""Keys a JSON Lines manifest may name an article's path with (the first present wins)."""


@dataclass(frozen=True)
class Article:
    """One article of a catalogue, not yet read."""

    key: str
    """The article's name in results: relative to the catalogue directory, or as listed."""
    path: Path
    """Where to read it."""


@dataclass(frozen=True)
class Catalogue:
    """A directory walked for articles, or a manifest listing them."""

    root: Path
    """The directory, or the manifest file."""
    skip: frozenset[Path] = frozenset()
    """Files never taken as articles (the audit's own outputs, when written inside it)."""

    @classmethod
    def open(cls, target: str | Path, *, skip: tuple[Path, ...] = ()) -> Catalogue:
        """The catalogue at ``target``; an :class:`InputError` when there is none."""
        root = Path(target)
        if not root.exists():
            raise InputError(f"{target}: no such directory or manifest")
        if not (root.is_dir() or root.is_file()):
            raise InputError(f"{target}: is neither a directory nor a manifest file")
        return cls(root, frozenset(p.resolve() for p in skip))

    @property
    def identity(self) -> str:
        """What the journal records, to refuse resuming an audit of another catalogue."""
        return str(self.root.resolve())

    @property
    def is_manifest(self) -> bool:
        return self.root.is_file()

    def articles(self) -> Iterator[Article]:
        """Every article, lazily, in a stable order (directories sorted, manifests as listed)."""
        if self.is_manifest:
            yield from self._listed()
        else:
            yield from self._walked()

    def count(self) -> int:
        """How many articles :meth:`articles` yields (one more pass over names, no reading)."""
        return sum(1 for _ in self.articles())

    def _walked(self) -> Iterator[Article]:
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                if name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES:
                    continue
                if self.skip and path.resolve() in self.skip:
                    continue
                yield Article(path.relative_to(self.root).as_posix(), path)

    def _listed(self) -> Iterator[Article]:
        base = self.root.parent
        json_lines = self.root.suffix.lower() in (".jsonl", ".ndjson")
        try:
            with self.root.open(encoding="utf-8-sig") as manifest:
                for number, line in enumerate(manifest, start=1):
                    entry = line.strip()
                    if not entry or entry.startswith("#"):
                        continue
                    if json_lines or entry.startswith("{"):
                        entry = _json_entry(entry, self.root, number)
                    path = Path(entry).expanduser()
                    yield Article(entry, path if path.is_absolute() else base / path)
        except UnicodeDecodeError as error:
            raise InputError(f"{self.root}: the manifest is not UTF-8 text ({error})") from None
        except OSError as error:
            raise InputError(f"{self.root}: cannot read the manifest ({error})") from None


def _json_entry(line: str, manifest: Path, number: int) -> str:
    """The path a JSON Lines manifest entry names: a JSON string, or an object's path key."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{manifest}:{number}: not a JSON line ({error.msg})") from None
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        for key in MANIFEST_JSON_KEYS:
            if isinstance(value.get(key), str) and value[key].strip():
                return str(value[key]).strip()
    keys = ", ".join(f'"{k}"' for k in MANIFEST_JSON_KEYS)
    raise InputError(f"{manifest}:{number}: a manifest line needs a path (a string, or {keys})")
