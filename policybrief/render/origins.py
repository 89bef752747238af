"""Which field of the brief a flowable was built from (`Origin`), carried to the page.

reportlab's flowables have no such attribute; it is kept in the instance's
`__dict__` under one name, so that the document can report a problem found
while placing a flowable (a `LayoutError`, a page budget) at that field's line.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from policybrief.model.paths import Origin

_KEY = "origin"


def origin_of(flowable: Flowable) -> Origin | None:
    """The flowable's origin, or that of the first it groups (reportlab's keep groups)."""
    origin = flowable.__dict__.get(_KEY)
    if isinstance(origin, Origin):
        return origin
    for inner in flowable.__dict__.get("_content") or ():
        if (found := origin_of(inner)) is not None:
            return found
    return None


def mark(origin: Origin | None, flowables: list[Flowable]) -> list[Flowable]:
    """Mark flowables with the field they were built from (a more specific mark stays)."""
    if origin is not None:
        for flowable in flowables:
            flowable.__dict__.setdefault(_KEY, origin)
    return flowables
