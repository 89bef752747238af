"""Page budgets: a layout's `max_pages`, met by tightening within its `fit` limits.

With `fit.mode: shrink` the brief is re-rendered tighter, in the order the
issue asks: leading first, then the space between paragraphs and sections,
then the type size, never past the layout's floors (`leading_floor`,
`spacing_floor`, and `floor` for the type size). Renders are few: the first
one measures how far the story runs (2.3 pages, not just 3), a simple model
of how text height follows the tightening (lines grow with the type size,
each line with size x leading; spacing is the rest) picks the tightening that
should just fit, and a miss corrects the estimate by the measured ratio.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from policybrief.model.layout import Layout
from policybrief.render.document import Rendered, Room
from policybrief.render.styles import NO_TIGHTENING, Tight

TEXT_SHARE = 0.85  # of a page's height, roughly: text lines; the rest is spacing
SLACK = 0.03  # aim this far below the budget: a measured fit is not a guaranteed one
ATTEMPTS = 3  # renders after the first one, before trying the floors


@dataclass(frozen=True)
class Fitted:
    rendered: Rendered
    tight: Tight

    @property
    def tightened(self) -> str:
        """What the build line reports, e.g. "leading 92%, spacing 70%"; empty if nothing."""
        return describe(self.tight)


class OverBudget(Exception):
    """The brief does not fit its budget, even as tight as the layout allows."""

    def __init__(self, rendered: Rendered, budget: int, tight: Tight, first: Rendered) -> None:
        super().__init__(f"{rendered.pages - budget} pages over a budget of {budget}")
        self.rendered = rendered
        self.budget = budget
        self.tight = tight
        self.first = first  # the untightened render: what each section takes as written

    @property
    def over(self) -> int:
        return self.rendered.pages - self.budget


def describe(tight: Tight) -> str:
    parts = [
        (name, value)
        for name, value in (
            ("leading", tight.leading),
            ("spacing", tight.spacing),
            ("type", tight.size),
        )
        if round(value, 2) < 1.0
    ]
    return ", ".join(f"{name} {value:.0%}" for name, value in parts)


def predicted(tight: Tight) -> float:
    """The story's height under `tight`, relative to the untightened story."""
    return TEXT_SHARE * tight.size**2 * tight.leading + (1 - TEXT_SHARE) * tight.spacing


def tightening(share: float, layout: Layout) -> Tight:
    """The gentlest tightening predicted to bring the story to `share` of its height.

    Leading goes first, then spacing, then the type size, each to its floor.
    """
    fit = layout.fit
    lead, space, size = fit.leading_floor, fit.spacing_floor, fit.floor
    rest = 1 - TEXT_SHARE
    if share >= TEXT_SHARE * lead + rest:
        return Tight(leading=(share - rest) / TEXT_SHARE)
    if share >= TEXT_SHARE * lead + rest * space:
        return Tight(leading=lead, spacing=(share - TEXT_SHARE * lead) / rest)
    wanted = math.sqrt(max(share - rest * space, 0.0) / (TEXT_SHARE * lead))
    return Tight(size=max(wanted, size), leading=lead, spacing=space)


def render_within(layout: Layout, render: Callable[[Tight], Rendered]) -> Fitted:
    """Render within `layout.max_pages`, tightening if the layout allows; else OverBudget."""
    first = render(NO_TIGHTENING)
    budget = layout.max_pages
    if budget is None or first.pages <= budget:
        return Fitted(first, NO_TIGHTENING)
    if layout.fit.mode != "shrink":
        raise OverBudget(first, budget, NO_TIGHTENING, first)
    floor = tightening(0.0, layout)
    target = budget - SLACK
    share = target / first.extent
    for _ in range(ATTEMPTS):
        if share <= predicted(floor):
            break
        tight = tightening(share, layout)
        attempt = render(tight)
        if attempt.pages <= budget:
            return Fitted(attempt, tight)
        # Correct the model by what it got wrong: the height it predicted vs measured.
        share *= target / attempt.extent
    tightest = render(floor)
    if tightest.pages <= budget:
        return Fitted(tightest, floor)
    raise OverBudget(tightest, budget, floor, first)


def biggest(rendered: Rendered, count: int = 3) -> list[Room]:
    """The sections that take the most room, largest first."""
    return sorted(rendered.sections, key=lambda room: -room.pages)[:count]
