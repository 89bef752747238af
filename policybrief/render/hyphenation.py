"""Hyphenation for reportlab paragraphs: pyphen's dictionaries, parsed once per
machine rather than once per process.

pyphen parses a hunspell pattern file on first use: 50 ms for English, half a
second for German, paid by every cold build. The parsed patterns are kept in
the user's cache folder in marshal format, with the same trust as the
interpreter's own `__pycache__` (files this user's processes wrote), under a
name that changes with the dictionary file, pyphen and the Python version.
Anything wrong with the cache means one more parse, never a failed build.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MAX_HYPHENATED = 64  # letters; longer than any dictionary word, compounds included


@dataclass(frozen=True)
class Hyphenator:
    """pyphen's hyphenation pairs, but none for a "word" longer than any real word.

    reportlab measures the width at every hyphenation point of a word, in time
    quadratic in its length: one 2,000-letter word in a brief cost seconds.
    Longer words are broken where the line ends instead (`splitLongWords`).
    """

    lang: str

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        return _pyphen(self.lang)(word) if len(word) <= MAX_HYPHENATED else iter(())


def hyphenator(lang: str) -> Hyphenator | None:
    import pyphen

    return Hyphenator(lang) if lang and pyphen.language_fallback(lang) else None


@cache
def positions(lang: str, word: str) -> tuple[int, ...]:
    """Where `word` may break (letters before each break), by `lang`'s patterns:
    at least 2 letters before a break and 3 after, as in TeX's English."""
    if len(word) > MAX_HYPHENATED:
        return ()
    _pyphen(lang)  # the dictionary from the cache
    import pyphen

    return tuple(pyphen.Pyphen(lang=lang, left=2, right=3).positions(word))


@cache
def _pyphen(lang: str) -> Callable[[str], Iterator[tuple[str, str]]]:
    import pyphen

    path = Path(pyphen.LANGUAGES[pyphen.language_fallback(lang)])
    if path not in pyphen.hdcache:
        # RuntimeError: no home folder to hold the cache (no HOME, no passwd entry).
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            cached = _cached_dictionary(path, pyphen)
            if cached is not None:
                pyphen.hdcache[path] = cached
    iterate: Callable[[str], Iterator[tuple[str, str]]] = pyphen.Pyphen(lang=lang).iterate
    return iterate


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "make_brief" / "hyphenation"


def _cached_dictionary(path: Path, pyphen: Any) -> Any:
    """pyphen's HyphDict for `path`, from the cache, or parsed and then cached."""
    stat = path.stat()
    key = (
        f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{pyphen.VERSION}|{importlib.util.MAGIC_NUMBER!r}"
    )
    file = cache_dir() / f"{path.stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"
    patterns = _read(file)
    if patterns is not None:
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns, hd.cache, hd.maxlen = patterns, {}, max(map(len, patterns))
        return hd
    hd = pyphen.HyphDict(path)
    if _plain(hd.patterns):  # alternative spellings (DataInt) do not survive marshal
        _write(file, marshal.dumps(hd.patterns))
    return hd


def _read(file: Path) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    try:
        data = marshal.loads(file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and data and _plain(data) else None


def _plain(patterns: dict[Any, Any]) -> bool:
    return all(
        type(key) is str
        and type(value) is tuple
        and len(value) == 2
        and type(value[0]) is int
        and type(value[1]) is tuple
        and all(type(v) is int for v in value[1])
        for key, value in patterns.items()
    )


def _write(file: Path, data: bytes) -> None:
    """Atomically, and silently not at all where the cache folder cannot be written."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
