"""Which layout a target builds with: the one rule, for build, watch and `--check`.

`--layout` wins, then the edition's `layout`, then the layout its overrides
give (`overrides: {layout: …}`), then the brief's `layout`, then `standard`.
A name is looked up beside the brief (see `load.layouts.layout_dirs`); a path
that a brief writes must stay inside the brief's folder (a brief may be
untrusted; the command line is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policybrief.diagnostics import BriefError, Diagnostic, FieldPath
from policybrief.load import files, layouts
from policybrief.load.checks import ValidBrief
from policybrief.load.yamlsource import SourceDoc
from policybrief.resolve import FULL

DEFAULT_LAYOUT = "standard"


@dataclass(frozen=True)
class LayoutChoice:
    name: str
    where: FieldPath | None  # the field that names it; None: the command line or the default

    @property
    def from_brief(self) -> bool:
        return self.where is not None


def choose(valid: ValidBrief | None, edition: str, cli_layout: str | None) -> LayoutChoice:
    if cli_layout:
        return LayoutChoice(cli_layout, None)
    if valid is None:
        return LayoutChoice(DEFAULT_LAYOUT, None)
    brief = valid.brief
    spec = (brief.editions or {}).get(edition) if edition != FULL else None
    if spec and spec.layout:
        return LayoutChoice(spec.layout, ("editions", edition, "layout"))
    merged = valid.editions.get(edition, brief) if edition != FULL else brief
    if merged.layout:
        where = valid.written_at(None if edition == FULL else edition, "layout")
        return LayoutChoice(merged.layout, where)
    return LayoutChoice(DEFAULT_LAYOUT, None)


def find(choice: LayoutChoice, brief_path: Path) -> Path | None:
    """The layout file a choice names for the brief at `brief_path` (None: unknown)."""
    relative_to = brief_path.parent if choice.from_brief else Path.cwd()
    return layouts.find(choice.name, relative_to, brief_path.parent)


def load(choice: LayoutChoice, brief_path: Path, doc: SourceDoc) -> layouts.LoadedLayout:
    """The chosen layout, loaded; a problem at the field that names it."""
    name, where = choice.name, choice.where
    if where is not None and not _bare_name(name) and not files.inside(brief_path.parent, name):
        message = (
            f"layout '{name}' is outside the brief's folder"
            " (name a shipped layout or a layout file beside the brief)"
        )
        raise BriefError([doc.diagnostic(where, message)])
    found = find(choice, brief_path)
    if found is None:
        message = layouts.unknown(name, brief_path.parent)
        if where is None:
            raise BriefError([Diagnostic("--layout", 1, 1, "", message, usage=True)])
        raise BriefError([doc.diagnostic(where, message)])
    return layouts.load(found)


def _bare_name(name: str) -> bool:
    """A bare name (`standard`) is looked up among the layouts; anything else is a path."""
    return "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml"))
