"""Per-language labels and date formats, as data (`load.labels` reads the files)."""

from __future__ import annotations

import datetime as dt
import string
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, ValidationInfo, create_model, field_validator

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
    # Recommendations, notes, about the authors and publication details (spec 1.1)
    recommendations: Line
    recommendation: Line  # "Recommendation {n}"
    notes: Line
    about: Line
    publication: Line
    contact: Line
    licence: Line
    suggested_citation: Line
    acknowledgements: Line
    funding: Line
    disclaimer: Line
    photo: Line  # an author's photo's alt text: "Photo of {name}"


class Typography(Strict):
    """How a language sets quotation marks and spaces (markdown-it's typographer).

    `quotes`: the opening and closing double quotes, then single ones ("“”‘’" in
    English, "„“‚‘" in German), each of the four a string, so French can carry its
    no-break spaces inside guillemets. `space_before`: characters a no-break space
    ties to the word before them (French "; : ! ? »"); `space_after`: those tied to
    the word after them ("«"). A number is always tied to the unit or `%` after it.
    """

    quotes: Annotated[tuple[str, str, str, str], Field()] = ("“", "”", "‘", "’")
    space_before: str = ""
    space_after: str = ""


ENGLISH_TYPOGRAPHY = Typography()


class Language(Strict):
    name: Line
    hyphenation: Line
    date: Line
    months: Annotated[list[Line], Field(min_length=12, max_length=12)]
    labels: LabelSet
    typography: Typography = ENGLISH_TYPOGRAPHY

    def format_date(self, value: dt.date) -> str:
        """The date as the language writes it, never broken across lines (no-break
        spaces: "20\u00a0August\u00a02025")."""
        month = self.months[value.month - 1]
        text = self.date.format(day=value.day, month=month, year=value.year)
        return text.replace(" ", "\u00a0")


# The placeholders a label's template may use (spec 1.1 "Headings and labels"); a
# label not named here prints as written and takes none. tests/load check that every
# shipped language file uses exactly these.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "option": frozenset({"n"}),
    "page": frozenset({"page", "pages"}),
    "accessed": frozenset({"date"}),
    "ref_report": frozenset({"number"}),
    "ref_quoted": frozenset({"title"}),
    "xref_quoted": frozenset({"heading"}),
    "recommendation": frozenset({"n"}),
    "photo": frozenset({"name"}),
}


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` fields of a template (ValueError for a lone brace)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def check_template(key: str, template: str) -> str:
    try:
        used = placeholders(template)
    except ValueError:
        raise ValueError(
            f"'{template}' has a lone '{{' or '}}': placeholders are written {{name}}"
        ) from None
    allowed = PLACEHOLDERS.get(key, frozenset())
    if unknown := sorted(used - allowed):
        takes = ", ".join(f"{{{p}}}" for p in sorted(allowed)) if allowed else "none"
        raise ValueError(
            f"the label '{key}' has no placeholder {', '.join(f'{{{u}}}' for u in unknown)}"
            f" (it takes {takes})"
        )
    return template


class _Relabel(Strict):
    @field_validator("*")
    @classmethod
    def _template(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else check_template(str(info.field_name), value)


if TYPE_CHECKING:

    class LabelOverrides(_Relabel):
        """Any of the language's labels, replaced for one brief, edition or layout."""

else:
    LabelOverrides = create_model(
        "LabelOverrides",
        __base__=_Relabel,
        __doc__="Any of the language's labels, replaced for one brief, edition or layout.",
        **{
            name: (Line | None, Field(None, description=f"Replaces the label '{name}'."))
            for name in LabelSet.model_fields
        },
    )


def relabelled(lang: Language, *overrides: LabelOverrides | None) -> Language:
    """`lang` with the labels a layout, then a brief (or its edition), replace."""
    update: dict[str, str] = {}
    for given in overrides:
        if given is not None:
            update |= given.model_dump(exclude_none=True)
    if not update:
        return lang
    return lang.model_copy(update={"labels": lang.labels.model_copy(update=update)})
