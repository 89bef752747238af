"""Cross-references `[@fig-…]`, `[@tbl-…]`, `[@box-…]`, `[@sec-…]`, `[@rec-…]`, checked.

A citation whose id starts with one of those prefixes points at a figure,
table, box, section or recommendation of the brief, not at a reference
(spec 1.1, "Cross-references"). An id that nothing has is an error at the
citation's line; so is a cross-reference, in an edition, to something that
edition leaves out (a section it does not carry, an item tagged for other
audiences), naming the edition. Reference ids may not use these prefixes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load import markup
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import XREF_PREFIXES, Brief, SectionName
from policybrief.model.inline import cited_ids
from policybrief.model.walk import exhibits, markdown_fields, recommendation_ids

_KIND = {
    "fig-": "figure",
    "tbl-": "table",
    "box-": "box",
    "sec-": "section",
    "rec-": "recommendation",
}
# Sections an edition's `sections` names, by the top-level field that holds them.
_SECTION_OF = {name.value: name for name in SectionName}


def is_xref(ref: str) -> bool:
    return ref.startswith(XREF_PREFIXES)


def targets(brief: Brief) -> dict[str, FieldPath]:
    """Every id a cross-reference may name, with the path of what has it (first one wins)."""
    out: dict[str, FieldPath] = {}
    for path, item in _targets(brief):
        out.setdefault(item, path)
    return out


def _targets(brief: Brief) -> Iterator[tuple[FieldPath, str]]:
    for name in ("background", "outlook", "call_to_action"):
        section = getattr(brief, name)
        if section is not None and section.id:
            yield (name,), section.id
    for i, section in enumerate(brief.analysis or []):
        if section.id:
            yield ("analysis", i), section.id
    for path, exhibit in exhibits(brief):
        if exhibit.id:
            yield path, exhibit.id
    yield from recommendation_ids(brief)


def duplicate_ids(brief: Brief, doc: SourceDoc, base: FieldPath) -> list[Diagnostic]:
    seen: set[str] = set()
    out: list[Diagnostic] = []
    for path, item in _targets(brief):
        if item in seen:
            out.append(doc.diagnostic((*base, *path, "id"), f"duplicate id '{item}'"))
        seen.add(item)
    return out


def unknown(ref: str, known: dict[str, FieldPath]) -> str | None:
    """Why `[@ref]` names nothing, or None when it names something."""
    if ref in known:
        return None
    kind = _KIND[ref[:4]]
    same = [k for k in known if k.startswith(ref[:4])]
    hint = difflib.get_close_matches(ref, same, n=1)
    more = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"cross-reference to unknown {kind} '{ref}'{more}"


def prefixed_reference_ids(brief: Brief, doc: SourceDoc, base: FieldPath) -> list[Diagnostic]:
    return [
        doc.diagnostic(
            (*base, "references", i, "id"),
            f"reference id '{ref.id}' starts with '{ref.id[:4]}', which cross-references"
            f" to a {_KIND[ref.id[:4]]} use; choose another id",
        )
        for i, ref in enumerate(brief.references or [])
        if is_xref(ref.id)
    ]


def left_out(
    edition: str, merged: Brief, sections: list[SectionName] | None, written_at: Any
) -> Iterator[tuple[FieldPath, str, str]]:
    """(where the citation is written, id, message) for each cross-reference, in an
    edition, to what that edition leaves out. `written_at(path)`: the path as
    written (under the edition's overrides for an overridden field)."""
    carried = set(sections) if sections else set(SectionName)
    known = targets(merged)
    for path, text in markdown_fields(merged):
        if not _present(merged, path, edition, carried):
            continue  # the citing text itself is not in this edition
        for ref in cited_ids(markup.parse(text)):
            if not is_xref(ref) or ref not in known:
                continue
            if not _present(merged, known[ref], edition, carried):
                kind = _KIND[ref[:4]]
                message = f"cross-reference to {kind} '{ref}', which edition '{edition}' leaves out"
                yield written_at(path), ref, message


def _present(brief: Brief, path: FieldPath, edition: str, carried: set[SectionName]) -> bool:
    """Whether the field at `path` is in the edition: its section carried, and no item
    on the way to it tagged for other audiences."""
    section = _SECTION_OF.get(str(path[0]))
    if section is not None and section not in carried:
        return False
    node: Any = brief
    for part in path:
        audiences = getattr(node, "audiences", None)
        if audiences and edition not in audiences:
            return False
        node = _child(node, part)
        if node is None:
            return True
    audiences = getattr(node, "audiences", None)
    return not audiences or edition in audiences


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and part < len(node) else None
    if isinstance(node, dict):
        return node.get(part)
    return getattr(node, part, None)
