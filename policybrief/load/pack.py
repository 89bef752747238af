"""A meeting pack file -> a checked Pack and its tabs, every problem at its line at once.

Brief paths are relative to the pack file and must stay inside the project:
the folder that holds `briefs/` and `packs/` (the pack's folder's parent when
that folder is `packs/`, else the pack's own folder). Whether an edition
exists is known only once the brief is loaded: `edition_problems` checks it
with the editions the run stage found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from policybrief.diagnostics import BriefError, Diagnostic
from policybrief.load import files
from policybrief.load.located import validate_model
from policybrief.load.yamlsource import SourceDoc, load_file
from policybrief.model.pack import AgendaItem, Pack, slug, tab_letter

FULL = "full"  # the full build of a brief (resolve.FULL; load does not import resolve)


@dataclass(frozen=True)
class Tab:
    """One agenda item with a brief: its letter, the brief file, the edition."""

    index: int  # in the agenda
    letter: str
    item: AgendaItem
    brief: Path
    edition: str  # FULL or an edition id


@dataclass(frozen=True)
class LoadedPack:
    path: Path
    doc: SourceDoc
    pack: Pack
    root: Path  # the folder that holds briefs/ and packs/
    tabs: tuple[Tab, ...]


def project_root(pack_path: Path) -> Path:
    folder = pack_path.resolve().parent
    return folder.parent if folder.name == "packs" else folder


def load_pack(path: Path) -> tuple[LoadedPack | None, list[Diagnostic]]:
    """The pack and every problem of it; the pack is None only when it does not validate
    (with other problems, its tabs with a usable brief are there, for the run stage to
    check their briefs too: every problem comes at once)."""
    try:
        doc = load_file(path)
    except BriefError as exc:
        return None, exc.diagnostics
    pack, problems = validate_model(Pack, doc)
    if pack is None:
        return None, [*doc.warnings, *_in_order(problems)]
    root = project_root(path)
    tabs, problems = _tabs(pack, doc, path.parent, root)
    problems += _copy_problems(pack, doc)
    loaded = LoadedPack(path, doc, pack, root, tuple(tabs))
    return loaded, [*doc.warnings, *_in_order(problems)]


def _in_order(problems: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(problems, key=lambda d: (d.line, d.column))


def _tabs(
    pack: Pack, doc: SourceDoc, folder: Path, root: Path
) -> tuple[list[Tab], list[Diagnostic]]:
    tabs: list[Tab] = []
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    with_brief = 0  # items with a brief so far: the default tab letters count them
    for i, item in enumerate(pack.agenda):
        at = ("agenda", i)
        if item.brief is None:
            for key in ("edition", "tab"):
                if getattr(item, key) is not None:
                    message = f"'{key}' needs a brief: an item without one has no tab"
                    problems.append(doc.diagnostic((*at, key), message, prefer_key=True))
            continue
        letter = item.tab or tab_letter(with_brief)
        with_brief += 1
        if letter in seen:
            where = (*at, "tab") if item.tab else (*at, "brief")
            first = seen[letter] + 1
            message = f"tab {letter} is already agenda item {first}'s tab; give each tab its own"
            problems.append(doc.diagnostic(where, message, prefer_key=item.tab is None))
        seen.setdefault(letter, i)
        try:
            brief = _brief_file(folder, root, item.brief)
        except files.AssetError as exc:
            problems.append(doc.diagnostic((*at, "brief"), str(exc)))
            continue
        tabs.append(Tab(i, letter, item, brief, item.edition or FULL))
    return tabs, problems


def _brief_file(folder: Path, root: Path, name: str) -> Path:
    """`name` relative to the pack's folder: inside the project, an existing file."""
    if not files.inside(root, folder / name):
        raise files.AssetError(
            f"'{files.shortened(name)}' is outside the folder that holds briefs/ and packs/"
        )
    path = (folder / name).resolve()
    try:
        exists, regular = path.exists(), path.is_file()
    except OSError as exc:  # a name longer than the file system allows
        raise files.AssetError(
            f"'{files.shortened(name)}' cannot be used: {exc.strerror}"
        ) from None
    if not exists:
        raise files.AssetError(f"brief '{files.shortened(name)}' not found")
    if not regular:
        raise files.AssetError(f"'{files.shortened(name)}' is not a file")
    return path


def _copy_problems(pack: Pack, doc: SourceDoc) -> list[Diagnostic]:
    """Per-attendee copies need attendees whose file names differ."""
    if pack.copies != "per-attendee":
        return []
    if not pack.attendees:
        message = "copies: per-attendee needs attendees: there is no one to make a copy for"
        return [doc.diagnostic(("copies",), message)]
    problems: list[Diagnostic] = []
    names: dict[str, int] = {}
    for i, person in enumerate(pack.attendees):
        key = slug(person.name)
        if key in names:
            message = (
                f"'{person.name}' makes the same copy file name ({key}) as attendee"
                f" {names[key] + 1}; names must differ in their letters or digits"
            )
            problems.append(doc.diagnostic(("attendees", i, "name"), message))
        names.setdefault(key, i)
    return problems


def edition_problems(
    loaded: LoadedPack, editions: Mapping[Path, tuple[str, ...]]
) -> list[Diagnostic]:
    """Tabs that ask for an edition their brief does not have (`editions`: by brief,
    for the briefs that loaded)."""
    problems: list[Diagnostic] = []
    for tab in loaded.tabs:
        known = editions.get(tab.brief)
        if known is None or tab.edition == FULL or tab.edition in known:
            continue
        names = ", ".join([FULL, *known])
        message = f"brief '{tab.item.brief}' has no edition '{tab.edition}' (editions: {names})"
        problems.append(loaded.doc.diagnostic(("agenda", tab.index, "edition"), message))
    return problems
