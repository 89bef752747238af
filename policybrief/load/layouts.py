"""Layouts by name or path, with `extends:` inheritance, validated and cached.

A layout file holds only what differs from the layout it extends; the chain
is merged key by key and then validated as one `Layout`, and each problem is
reported in the file (and at the line) that wrote the offending value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policybrief.diagnostics import BriefError, Diagnostic, FieldPath
from policybrief.load.files import AssetError, inside, is_file
from policybrief.load.fontfiles import checked_font
from policybrief.load.located import validate_model
from policybrief.load.yamlsource import SourceDoc, load_file
from policybrief.model.fonts import Coverage, FontFile
from policybrief.model.layout import FontFiles, Layout, furniture_problems

# Shipped with the package (package data), so that a non-editable install finds them.
LAYOUTS_DIR = Path(__file__).resolve().parents[1] / "layouts"
MAX_CHAIN = 8


@dataclass(frozen=True)
class LoadedLayout:
    name: str
    path: Path
    layout: Layout
    # The whole extends chain, then the fallback fonts: what watch mode watches, what
    # the cache's modification times cover and what a PDF's provenance records.
    files: tuple[Path, ...]
    fallbacks: tuple[FontFile, ...] = ()  # `fonts.fallback`, read and checked
    # What the body and heading fonts draw when the layout names files of its own,
    # (role, coverage); a shipped family's is in fonts/coverage.json.
    drawn: tuple[tuple[str, Coverage], ...] = ()


_cache: dict[Path, LoadedLayout] = {}
_cache_mtimes: dict[Path, tuple[int, ...] | None] = {}  # of each cached layout's chain


def find(
    name_or_path: str, relative_to: Path | None = None, brief_dir: Path | None = None
) -> Path | None:
    """A path to a layout file (relative to `relative_to`, by default the working
    directory), or a layout name looked up where a brief in `brief_dir` (by default
    `relative_to`) finds it: see `layout_dirs`."""
    looks_like_path = name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path
    if looks_like_path:
        base = relative_to or Path.cwd()
        candidate = (base / name_or_path).resolve()
        return candidate if is_file(candidate) else None
    found = _named(name_or_path, layout_dirs(brief_dir or relative_to))
    return found[0] if found else None


def layout_dirs(brief_dir: Path | None = None) -> list[Path]:
    """Where a layout name is looked up for a brief in `brief_dir`, first first:
    `layouts/` beside the brief, `layouts/` beside its `briefs/` folder (a project's
    house layouts, next to `briefs/`), then the layouts shipped with make_brief.

    Never the working directory: a brief builds the same from wherever the command
    runs, and reads nothing its project does not hold."""
    folders: list[Path] = []
    if brief_dir is not None:
        here = brief_dir.resolve()
        folders.append(here / "layouts")
        if here.name == "briefs":
            folders.append(here.parent / "layouts")
    folders.append(LAYOUTS_DIR)
    return list(dict.fromkeys(f.resolve() for f in folders))  # the repository's layouts/ links


def _named(name: str, folders: list[Path]) -> list[Path]:
    """The files a layout name means, first first."""
    return [f / f"{name}.yaml" for f in folders if is_file(f / f"{name}.yaml")]


def names(brief_dir: Path | None = None) -> list[str]:
    """Every layout name a brief in `brief_dir` can use, each once."""
    # Files only: a folder, FIFO or dangling link named *.yaml is no layout.
    return sorted({p.stem for f in layout_dirs(brief_dir) for p in f.glob("*.yaml") if is_file(p)})


def available(brief_dir: Path | None = None) -> list[tuple[str, str]]:
    """(name, description) of every layout a name can choose; the description ends with
    what reaches the trim edge ("3 mm bleed, crop marks", "nothing printed to the trim edge")."""
    out = []
    for name in names(brief_dir):
        path = find(name, brief_dir=brief_dir)
        assert path is not None
        try:
            layout = load(path).layout
            out.append((name, f"{layout.description} ({layout.page.edge()})"))
        except BriefError as exc:
            out.append((name, f"(invalid: {exc.diagnostics[0].message})"))
    return out


def load(path: Path) -> LoadedLayout:
    """The layout at `path` with its `extends` chain merged and validated.

    Cached by the modification times of the whole chain: a build asks for its
    layout several times, and a watcher must see a saved parent layout."""
    resolved = path.resolve()
    cached = _cache.get(resolved)
    if cached is not None and _mtimes(cached.files) == _cache_mtimes.get(resolved):
        return cached
    chain = _chain(resolved)
    loaded = _cache[resolved] = _build(chain)
    _cache_mtimes[resolved] = _mtimes(loaded.files)
    return loaded


def _mtimes(files: tuple[Path, ...]) -> tuple[int, ...] | None:
    try:
        return tuple(p.stat().st_mtime_ns for p in files)
    except OSError:
        return None  # a file of the chain went away: load again and report it


def _chain(path: Path) -> list[Path]:
    chain = [path]
    while len(chain) <= MAX_CHAIN:
        doc = load_file(chain[-1])
        if "extends" not in doc.data:
            return chain
        parent = doc.data["extends"]
        if not isinstance(parent, str) or not parent.strip():
            problem = "expected the name of a layout or a path to a layout file"
            raise BriefError([doc.diagnostic(("extends",), problem)])
        found = _parent(parent.strip(), chain)
        if found and found.parent != LAYOUTS_DIR and not inside(chain[-1].parent, found):
            # A layout beside an untrusted brief must not make us read files elsewhere.
            problem = (
                f"'{parent}' is outside this layout's folder"
                " (extend a shipped layout or a layout file beside this one)"
            )
            raise BriefError([doc.diagnostic(("extends",), problem)])
        if found is None or found in chain:
            problem = "extends itself" if found in chain else f"extends {unknown(parent)}"
            raise BriefError([doc.diagnostic(("extends",), problem)])
        chain.append(found)
    shown = load_file(path).file
    raise BriefError([Diagnostic(shown, 1, 1, "extends", f"more than {MAX_CHAIN} layouts extend")])


def _parent(name_or_path: str, chain: list[Path]) -> Path | None:
    """The layout `extends:` names: a path, or a name beside the layout, then shipped.

    A layout named after the one it extends (a project's own `standard` extending
    the shipped `standard`) means the next of that name, not itself."""
    folder = chain[-1].parent
    if name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path:
        return find(name_or_path, folder)
    found = _named(name_or_path, list(dict.fromkeys([folder, LAYOUTS_DIR])))
    return next((p for p in found if p not in chain), found[0] if found else None)


def unknown(name: str, brief_dir: Path | None = None) -> str:
    return f"unknown layout '{name}' (layouts: {', '.join(names(brief_dir))})"


def _build(chain: list[Path]) -> LoadedLayout:
    docs = [load_file(p) for p in chain]  # most-derived first
    merged: dict[str, Any] = {}
    for doc in reversed(docs):
        merged = _merge(merged, doc.data)
    merged.pop("extends", None)
    layout, problems = validate_model(Layout, docs[0], merged, chain=docs)
    if layout is None:
        raise BriefError(problems)
    layout = _inherited_measure_fits(layout, docs)
    missing = _missing_fonts(layout, chain[0].parent, docs)
    drawn, problems = ((), []) if missing else _own_families(layout, chain[0].parent, docs)
    fallbacks, paths, unusable = _fallback_fonts(layout, docs, chain)
    problems = missing + problems + unusable + _furniture(layout, docs)
    if problems:
        raise BriefError(problems)
    files = (*chain, *paths)
    return LoadedLayout(chain[0].stem, chain[0], layout, files, fallbacks, drawn)


def _inherited_measure_fits(layout: Layout, docs: list[SourceDoc]) -> Layout:
    """A `type.measure` a parent set (standard's 134.9 mm) and wider than this
    layout's frame (an A5 page, wider margins) gives way to the frame: the text fills
    it, as before the parent had a measure. Set in the layout itself, it is an error."""
    measure = layout.type.measure
    if measure is None or ("type", "measure") in docs[0].values:
        return layout
    if measure <= layout.page.frame_width() + 1e-6:
        return layout
    return layout.model_copy(update={"type": layout.type.model_copy(update={"measure": None})})


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _missing_fonts(layout: Layout, folder: Path, docs: list[SourceDoc]) -> list[Diagnostic]:
    """TrueType files a layout names must sit beside it (checked here, located)."""
    out: list[Diagnostic] = []
    for role in ("body", "headings", "mono"):
        choice = getattr(layout.fonts, role)
        if not isinstance(choice, FontFiles):
            continue
        for face in ("regular", "bold", "italic", "bold_italic"):
            name = getattr(choice, face)
            if name is None:
                continue
            path = (folder / name).resolve()
            if folder.resolve() in path.parents and is_file(path):
                continue
            where: FieldPath = ("fonts", role, face)
            doc = next((d for d in docs if where in d.values), docs[0])
            out.append(doc.diagnostic(where, f"font file '{name}' not found beside the layout"))
    return out


def _furniture(layout: Layout, docs: list[SourceDoc]) -> list[Diagnostic]:
    """Margins that would put a running line, the marking or text within 5 mm of the trim,
    at the line of the layout file that set the margin (else the marking's inset)."""
    out: list[Diagnostic] = []
    for where, message in furniture_problems(layout):
        path: FieldPath = where
        doc = next((d for d in docs if path in d.values), None)
        if doc is None:
            path = ("marking", "inset")
            doc = next((d for d in docs if path in d.values), docs[0])
        out.append(doc.diagnostic(path, message))
    return out


def _own_families(
    layout: Layout, folder: Path, docs: list[SourceDoc]
) -> tuple[tuple[tuple[str, Coverage], ...], list[Diagnostic]]:
    """The characters the body and heading fonts draw when they are the layout's own
    files (their regular faces): what `--check` warns by. The renderer reads the files
    itself; checked here by the rules of a fallback font, at the face's line."""
    drawn: list[tuple[str, Coverage]] = []
    problems: list[Diagnostic] = []
    for role in ("body", "headings"):
        choice = getattr(layout.fonts, role)
        if not isinstance(choice, FontFiles):
            continue
        try:
            drawn.append((role, checked_font(folder, choice.regular).coverage))
        except AssetError as exc:
            where: FieldPath = ("fonts", role, "regular")
            doc = next((d for d in docs if where in d.values), docs[0])
            problems.append(doc.diagnostic(where, str(exc)))
    return tuple(drawn), problems


def _fallback_fonts(
    layout: Layout, docs: list[SourceDoc], chain: list[Path]
) -> tuple[tuple[FontFile, ...], list[Path], list[Diagnostic]]:
    """`fonts.fallback`: each file read and checked once (`load.fontfiles`), relative
    to the layout file that names it and inside that file's folder; problems at
    their lines."""
    fonts: list[FontFile] = []
    paths: list[Path] = []
    problems: list[Diagnostic] = []
    for i, name in enumerate(layout.fonts.fallback):
        where: FieldPath = ("fonts", "fallback", i)
        at = next((n for n, d in enumerate(docs) if where in d.values), 0)
        folder = chain[at].parent
        try:
            fonts.append(checked_font(folder, name))
        except AssetError as exc:
            problems.append(docs[at].diagnostic(where, str(exc)))
            continue
        paths.append((folder / name).resolve())
    return tuple(fonts), paths, problems
