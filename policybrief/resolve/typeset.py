"""Brief text set in the edition's language: Markdown parsed with its quotes, dashes
and no-break spaces (`load.typography`), and plain lines (titles, headings) likewise."""

from __future__ import annotations

from dataclasses import dataclass

from policybrief.load import markup, typography
from policybrief.model.inline import Block, Inline
from policybrief.model.labels import ENGLISH_TYPOGRAPHY, Typography


@dataclass(frozen=True)
class Setter:
    style: Typography = ENGLISH_TYPOGRAPHY

    def blocks(self, text: str | None) -> tuple[Block, ...]:
        return markup.parse(text, self.style) if text else ()

    def inline(self, text: str) -> tuple[Inline, ...]:
        return markup.parse_inline(text, self.style)

    def line(self, text: str) -> str:
        return typography.line(text, self.style)

    def maybe(self, text: str | None) -> str | None:
        return typography.line(text, self.style) if text else text


ENGLISH = Setter()
