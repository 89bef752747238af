"""Per-language labels and date formats, as data (`load.labels` reads the files)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from policybrief.model.base import Line, Strict


class LabelSet(Strict):
    summary: Line
    key_takeaways: Line
    background: Line
    options: Line
    option: Line
    analysis: Line
    pros_cons: Line
    pros: Line
    cons: Line
    outlook: Line
    call_to_action: Line
    references: Line
    annexes: Line
    page: Line
    draft: Line
    accessed: Line
    # A reference list entry and an author–year citation (defaults: English)
    ref_and: Line = "and"
    ref_et_al: Line = "et al."
    ref_in: Line = "In"
    ref_volume: Line = "vol."
    ref_issue: Line = "no."
    ref_pages: Line = "pp."
    ref_report: Line = "Report {number}"
    ref_dataset: Line = "Dataset"
    ref_no_date: Line = "n.d."
    ref_quoted: Line = "“{title}”"  # an article's or chapter's title
    edition: Line
    authors: Line
    blank_page: Line
    # Exhibits: "Figure 1. Title", "Source:", "Table 2 (continued)"
    figure: Line
    table: Line
    box: Line
    source: Line
    note: Line
    continued: Line
    # Cross-references: "Figures 1 and 2", "section 4", or a heading in quotes
    xref_figures: Line
    xref_tables: Line
    xref_boxes: Line
    xref_section: Line
    xref_sections: Line
    xref_recommendation: Line
    xref_recommendations: Line
    xref_and: Line
    xref_quoted: Line


class Language(Strict):
    name: Line
    hyphenation: Line
    date: Line
    months: Annotated[list[Line], Field(min_length=12, max_length=12)]
    labels: LabelSet

    def format_date(self, value: dt.date) -> str:
        month = self.months[value.month - 1]
        return self.date.format(day=value.day, month=month, year=value.year)

    def page_label(self, page: int, pages: int) -> str:
        return self.labels.page.format(page=page, pages=pages)
