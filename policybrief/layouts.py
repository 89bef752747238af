"""Layouts by name or path, with `extends:` inheritance, validated and cached.

A layout file holds only what differs from the layout it extends; the chain
is merged key by key and then validated as one `Layout`, and each problem is
reported in the file (and at the line) that wrote the offending value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import BriefError, Diagnostic, dotted
from .model.layout import Layout
from .validate import validate_model
from .yamlsource import SourceDoc, load_file

LAYOUTS_DIR = Path(__file__).resolve().parent.parent / "layouts"
MAX_CHAIN = 8


@dataclass(frozen=True)
class LoadedLayout:
    name: str
    path: Path
    layout: Layout
    files: tuple[Path, ...]  # the whole extends chain, for watch mode and font lookup


_cache: dict[tuple[Path, tuple[float, ...]], LoadedLayout] = {}


def layouts_dir() -> Path:
    return LAYOUTS_DIR


def find(name_or_path: str, relative_to: Path | None = None) -> Path | None:
    """A layout name from `layouts/`, or a path to a layout file."""
    looks_like_path = name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path
    if looks_like_path:
        base = relative_to or Path.cwd()
        candidate = (base / name_or_path).resolve()
        return candidate if candidate.is_file() else None
    candidate = LAYOUTS_DIR / f"{name_or_path}.yaml"
    return candidate if candidate.is_file() else None


def available() -> list[tuple[str, str]]:
    """(name, description) of every shipped layout."""
    out = []
    for path in sorted(LAYOUTS_DIR.glob("*.yaml")):
        try:
            out.append((path.stem, load(path).layout.description))
        except BriefError as exc:
            out.append((path.stem, f"(invalid: {exc.diagnostics[0].message})"))
    return out


def load(path: Path) -> LoadedLayout:
    chain = _chain(path.resolve())
    key = (path.resolve(), tuple(p.stat().st_mtime for p in chain))
    cached = _cache.get(key)
    if cached is None:
        cached = _cache[key] = _build(chain)
    return cached


def _chain(path: Path) -> list[Path]:
    chain = [path]
    while len(chain) <= MAX_CHAIN:
        doc = load_file(chain[-1])
        parent = doc.data.get("extends") if isinstance(doc.data, dict) else None
        if not isinstance(parent, str):
            return chain
        found = find(parent, chain[-1].parent)
        if found is None or found in chain:
            problem = "extends itself" if found in chain else f"extends unknown layout '{parent}'"
            raise BriefError([doc.diagnostic(("extends",), problem)])
        chain.append(found)
    raise BriefError([Diagnostic(str(path), 1, 1, "extends", "extends chain is too long")])


def _build(chain: list[Path]) -> LoadedLayout:
    docs = [load_file(p) for p in chain]  # most-derived first
    merged: dict[str, Any] = {}
    for doc in reversed(docs):
        merged = _merge(merged, doc.data)
    merged.pop("extends", None)
    layout, problems = validate_model(Layout, docs[0], merged)
    if layout is None:
        raise BriefError([_relocate(p, docs) for p in problems])
    return LoadedLayout(chain[0].stem, chain[0], layout, tuple(chain))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _relocate(problem: Diagnostic, docs: list[SourceDoc]) -> Diagnostic:
    """Report a problem in the most-derived file that wrote the field at fault."""
    for doc in docs:
        for path in doc.values:
            if path and dotted(path) == problem.path:
                span = doc.values[path] if path in doc.values else doc.keys[path]
                if "unknown key" in problem.message:
                    span = doc.keys.get(path, span)
                return Diagnostic(
                    doc.file,
                    span.line,
                    span.column,
                    problem.path,
                    problem.message,
                    problem.severity,
                )
    return problem
