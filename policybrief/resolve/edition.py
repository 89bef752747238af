"""Brief + edition -> ResolvedBrief: pure, no I/O.

Chooses and orders sections, drops content tagged for other audiences,
applies the language's labels and numbers citations in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policybrief.model.brief import Brief, Edition, SectionName
from policybrief.model.files import BriefFiles
from policybrief.model.labels import Language, relabelled
from policybrief.model.paths import Origin
from policybrief.model.resolved import Author, RAnnex, References, ResolvedBrief, Section
from policybrief.resolve import backmatter
from policybrief.resolve.citations import Citer, author_year_labels
from policybrief.resolve.exhibits import number_and_link
from policybrief.resolve.notes import endnotes, number_notes
from policybrief.resolve.numbering import number_citations, references
from policybrief.resolve.sections import SectionMaker, audience_filter
from policybrief.resolve.typeset import Setter

FULL = "full"
DEFAULT_ORDER: tuple[SectionName, ...] = tuple(SectionName)


@dataclass(frozen=True)
class Target:
    """What one build resolves: the full build (`edition` None) or an edition.

    `brief` is the edition's merged brief, `spec` its entry under `editions`,
    `overridden` the top-level fields its overrides replace (their origin is
    the override), `uncited` the ids that the whole brief (every edition
    included) never cites."""

    brief: Brief
    edition: str | None = None
    spec: Edition | None = None
    overridden: frozenset[str] = frozenset()
    uncited: frozenset[str] = frozenset()
    files: BriefFiles = field(default_factory=BriefFiles)  # exhibits' images and CSV data


def resolve(
    target: Target,
    *,
    source: str,
    lang: Language,
    takeaways_first: bool = False,
    numbered_headings: bool = False,
    citations: str = "brackets",
    notes: str = "footnotes",
) -> ResolvedBrief:
    """`takeaways_first` is the layout's `takeaways.position: before_summary`: it
    moves the box ahead of the summary when the edition sets no order of its
    own (an edition's `sections` always decide). Citations are numbered in the
    order the sections are drawn, so both follow this one order.
    """
    brief, spec, edition = target.brief, target.spec, target.edition
    lang = relabelled(lang, brief.labels)  # the layout's are in `lang` already
    order = section_order(spec, takeaways_first)
    setter = Setter(lang.typography)
    maker = SectionMaker(
        brief,
        lang.labels,
        audience_filter(edition),
        _origins(target),
        target.files,
        language_of(target),
        setter,
    )
    made = [(name, maker.make(name)) for name in order]
    # Exhibits numbered and cross-references made text before citations are numbered:
    # `numbered_headings` is the layout's `headings.numbering` ("section 4").
    linked = iter(
        number_and_link([s for _, s in made if s is not None], lang.labels, numbered_headings)
    )
    made = [(name, None if s is None else next(linked)) for name, s in made]
    drawn = [s for _, s in made if s is not None]
    # Superscript citation numbers beside superscript note marks cannot be told apart
    # ("United States¹": source 1 or note 1?): an edition with notes cites in brackets.
    if citations == "superscript" and number_notes(tuple(drawn))[1]:
        citations = "brackets"
    # Without a reference list a citation number would point nowhere: no markers.
    numbers = number_citations(drawn) if SectionName.REFERENCES in order else {}
    at = _origins(target)("references")
    uncited = None if edition is None else target.uncited
    listed = SectionName.REFERENCES in order
    entries = references(brief, numbers, uncited, lang, at, citations) if listed else ()
    sections: list[Section] = []
    for name, section in made:
        if name is SectionName.REFERENCES and entries:
            sections.append(References(at, lang.labels.references, entries))
        elif section is not None:
            sections.append(section)
    # `citations` is the layout's `citations.style`: each [@id] becomes what it prints.
    every = author_year_labels(brief.references or [], lang.labels)
    cited = Citer(citations, entries, every).resolve(tuple(sections))
    # `notes` is the layout's: footnotes at the foot of their pages, or endnotes.
    at_end = notes == "endnotes"
    cited, footnotes = number_notes(cited, drop=at_end and SectionName.NOTES not in order)
    if at_end:
        at_notes = _origins(target)("notes")
        cited, footnotes = endnotes(cited, footnotes, order, lang.labels.notes, at_notes), ()
    return ResolvedBrief(
        source=source,
        edition=edition,
        edition_label=spec.label if spec else None,
        language=language_of(target),
        title=setter.line(brief.title),
        subtitle=setter.maybe(brief.subtitle),
        standfirst=setter.maybe(brief.standfirst),
        series=brief.series,
        date=brief.date,
        date_text=lang.format_date(brief.date),
        authors=tuple(
            Author(a.name, ", ".join(filter(None, (a.name, a.role, a.affiliation))), a.email)
            for a in brief.authors or []
        ),
        organization=brief.organization.name if brief.organization else None,
        logo=brief.organization.logo if brief.organization else None,
        classification=brief.classification,
        draft=brief.status == "draft",
        keywords=tuple(brief.keywords or ()),
        sections=cited,
        annexes=_annexes(target, order),
        cite_numbers=numbers,
        labels=lang.labels,
        notes=footnotes,
        rights=backmatter.rights(brief),
    )


def language_of(target: Target) -> str:
    """The edition's language tag, else the brief's."""
    spec = target.spec
    return (spec.language if spec and spec.language else None) or target.brief.language


def section_order(spec: Edition | None, takeaways_first: bool) -> tuple[SectionName, ...]:
    if spec and spec.sections:
        return tuple(spec.sections)
    if takeaways_first:
        return _takeaways_before_summary(DEFAULT_ORDER)
    return DEFAULT_ORDER


def _origins(target: Target) -> _OriginOf:
    return _OriginOf(target.edition, target.overridden)


@dataclass(frozen=True)
class _OriginOf:
    """A top-level field's origin: under the edition's overrides when it replaced it."""

    edition: str | None
    overridden: frozenset[str]

    def __call__(self, name: str) -> Origin:
        if self.edition is not None and name in self.overridden:
            return Origin(("editions", self.edition, "overrides", name), self.edition)
        return Origin((name,), self.edition)


def _annexes(target: Target, order: tuple[SectionName, ...]) -> tuple[RAnnex, ...]:
    if SectionName.ANNEXES not in order:
        return ()
    at = _origins(target)("annexes")
    return tuple(
        RAnnex(at.child(i), a.title, a.file) for i, a in enumerate(target.brief.annexes or [])
    )


def _takeaways_before_summary(order: tuple[SectionName, ...]) -> tuple[SectionName, ...]:
    if SectionName.KEY_TAKEAWAYS not in order or SectionName.SUMMARY not in order:
        return order
    rest = [name for name in order if name is not SectionName.KEY_TAKEAWAYS]
    at = rest.index(SectionName.SUMMARY)
    return (*rest[:at], SectionName.KEY_TAKEAWAYS, *rest[at:])
