"""One builder per kind of block: resolved sections -> a list of flowables.

Every heading carries its outline entry (title, level, key) so that the
document can bookmark it when it lands on a page, and every top-level
flowable its `origin` (the field it was built from), so that a problem found
while laying it out is reported at that field's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Indenter,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from policybrief.model.brief import UNNUMBERED_SECTIONS
from policybrief.model.inline import Block, Inline, ListBlock, Para, Run
from policybrief.model.labels import Language
from policybrief.model.layout import Layout
from policybrief.model.paths import Origin
from policybrief.model.resolved import (
    About,
    Analysis,
    BodyBlock,
    Notes,
    Options,
    ProsCons,
    Prose,
    PublicationDetails,
    RBio,
    Recommendations,
    References,
    ResolvedBrief,
    RNote,
    RPoint,
    RRecommendation,
    RReference,
    Section,
    Summary,
    Takeaways,
    section_name,
)
from policybrief.render import exhibits, footnotes, inline, refentry
from policybrief.render import styles as roles
from policybrief.render.images import PAPER, picture_flowable
from policybrief.render.origins import mark
from policybrief.render.paragraph import Bookmark, Heading, Paragraph, pieces
from policybrief.render.styles import Styles, colour, markup_colour
from policybrief.render.tables import RowTable
from policybrief.render.tagging import tag

# A version-40 code at level M holds 17,728 bits; as UTF-8 bytes with the mode
# header, 2,200 bytes fit. A longer URL is printed without a code.
QR_MAX_BYTES = 2_200
QR_MIN_MODULE = 0.33 * 72 / 25.4  # points: a QR module is never drawn smaller
PHOTO_WIDTH = 18 * 72 / 25.4  # an author's portrait, beside the bio: 18 mm wide at most



@dataclass
class Builder:
    brief: ResolvedBrief
    layout: Layout
    styles: Styles
    lang: Language
    frame_width: float
    # (paragraph, url) -> the reference with a QR code beside it, when the layout asks
    qr_code: Callable[[Paragraph, str], Flowable] | None = None
    _keys: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.ctx = inline.InlineContext(
            mono=self.styles.mono_font.regular,
            link_colour=markup_colour(self.layout.palette.link, self.layout.color_model),
            links_to_references=bool(self.brief.references),
        )
        if self.qr_code is None and self.layout.references.qr_codes:
            self.qr_code = self.qr_beside

    @property
    def text_inset(self) -> float:
        """Points between the frame's side and running text's (`type.measure`)."""
        measure = self.layout.type.measure
        return 0.0 if measure is None else max(0.0, (self.frame_width - measure) / 2)

    @property
    def frame_height(self) -> float:
        m = self.layout.page.margins
        return self.layout.page.trim_size()[1] - m.top - m.bottom

    # --- generic ---------------------------------------------------------------------

    def blocks(
        self, blocks: Iterable[BodyBlock], style: ParagraphStyle | None = None, lead: str = ""
    ) -> list[Flowable]:
        """Markdown blocks as flowables; `lead` (a bold label) opens the first paragraph."""
        style = style or self.styles.body
        out: list[Flowable] = []
        blocks = tuple(blocks)
        for i, block in enumerate(blocks):
            if isinstance(block, Para):
                out += pieces(self._para(block, style, lead))
                if i + 1 < len(blocks):
                    _keep_with_next(out)  # "... as follows:" never ends a page above them
            elif not isinstance(block, ListBlock):  # figures, tables, boxes, quotations
                if lead:
                    out.append(Paragraph(lead, style))
                out += exhibits.flowables(self, block)
            else:
                if lead:
                    out.append(Paragraph(lead, style))
                out.append(self._list(block, style))
            lead = ""
        if lead:
            out.append(Paragraph(lead, style))
        return out

    def _para(self, para: Para, style: ParagraphStyle, lead: str) -> Paragraph:
        if para.code_block:
            return Paragraph(inline.code_block(_code_text(para.inlines)), self.styles.code)
        return Paragraph(lead + inline.runs(para.inlines, self.ctx), style)

    def _list(self, block: ListBlock, style: ParagraphStyle) -> Flowable:
        item_style = self.styles.bullet if style is self.styles.body else style
        items = [ListItem(self.blocks(item, item_style) or [Spacer(0, 0)]) for item in block.items]
        keywords = roles.list_keywords(self.styles, self.layout)
        if block.ordered:
            return _listing(
                items, bulletType="1", start=str(block.start), bulletFormat="%s.", **keywords
            )
        return _listing(items, bulletType="bullet", start="•", **keywords)

    def heading(
        self,
        text: str,
        level: int,
        number: str = "",
        origin: Origin | None = None,
        anchor: str | None = None,
    ) -> Heading:
        self._keys += 1
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[min(level, 2)]
        shown = f"{number} {text}" if number else text
        if self.layout.headings.uppercase and level == 0:
            shown = shown.upper()
        # A section with an id is a cross-reference's link target (spec 1.1).
        markup = (inline.anchor(anchor) if anchor else "") + inline.text(shown)
        return Heading(markup, style, shown, level, f"h{self._keys}", origin)

    def lead(self, point: RPoint) -> str:
        """A point's bold label as the lead-in of its first paragraph."""
        if not point.label:
            return ""
        label = point.label.rstrip()
        return inline.bold(inline.text(_full_stop(label))) + " "

    def points(self, points: Iterable[RPoint], style: ParagraphStyle | None = None) -> Flowable:
        style = style or self.styles.bullet
        items = [ListItem(self.blocks(p.blocks, style, self.lead(p))) for p in points]
        keywords = roles.list_keywords(self.styles, self.layout)
        return _listing(items, bulletType="bullet", start="•", **keywords)

    # --- sections ----------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        out: list[Flowable] = []
        number = 0
        for section in self.brief.sections:
            unnumbered = section_name(section) in UNNUMBERED_SECTIONS
            numbered = self.layout.headings.numbering and not unnumbered
            if numbered:
                number += 1
            out += mark(section.origin, self.section(section, f"{number}." if numbered else ""))
        return out

    def section(self, section: Section, number: str) -> list[Flowable]:
        match section:
            case Takeaways():
                return self.takeaways(section)
            case References():
                return self.references(section, number)
            case Summary(blocks=blocks):
                return [*self.opening(section, number), *self.blocks(blocks)]
            case Prose(blocks=blocks, points=points):
                out = [*self.opening(section, number), *self.blocks(blocks)]
                return self.with_points(out, points)
            case Options(intro=intro):
                return [*self.opening(section, number), *self.blocks(intro), *self.options(section)]
            case Analysis():
                return [*self.opening(section, number), *self.analysis(section, number)]
            case ProsCons(intro=intro, pros=pros, cons=cons):
                table = self.pros_cons_table(pros, cons, compact=False)
                return [*self.opening(section, number), *self.blocks(intro), *table]
            case About(authors=authors):
                out = self.opening(section, number)
                for bio in authors:
                    out += self.bio(bio)
                return out
            case PublicationDetails():
                return self.publication(section, number)
            case Notes(items=items):
                out = self.opening(section, number)
                for note in items:
                    out += self.note(note)
                return out
            case Recommendations(intro=intro, items=items):
                out = [*self.opening(section, number), *self.blocks(intro)]
                for item in items:
                    out += mark(item.origin, self.recommendation(item))
                return out

    def bio(self, bio: RBio) -> list[Flowable]:
        """The name in bold (unless the bio opens with it), the photo to its left."""
        lead = "" if bio.named else inline.bold(inline.text(bio.name)) + " "
        text = self.blocks(bio.blocks, self.styles.body, lead)
        if bio.photo is None:
            return text
        cmyk = self.layout.color_model == "cmyk"
        photo = picture_flowable(bio.photo, cmyk, PAPER)
        tag(photo, "Figure", alt=bio.photo_alt)
        ratio = photo.height / photo.width
        photo.width = min(PHOTO_WIDTH, self.frame_width * 0.25)
        photo.height = min(photo.width * ratio, photo.width * 1.5)
        photo.width = photo.height / ratio
        gap = self.styles.size
        table = RowTable(
            [[photo, text]],
            colWidths=[photo.width + gap, self.frame_width - photo.width - gap],
        )
        table.setStyle(TableStyle(roles.photo_beside_text(self.styles)))
        return [table, Spacer(0, self.styles.size * 0.5)]

    def opening(self, section: Section, number: str) -> list[Flowable]:
        """A top-level heading, never alone at a page foot."""
        anchor = getattr(section, "anchor", None)
        heading = self.heading(section.heading, 0, number, section.origin, anchor)
        # Room for the heading and two lines of what it heads, or a new page (six type
        # sizes, as before, kept a 9 pt handout's heading off a foot where it fitted).
        _, height = heading.wrap(self.frame_width, self.frame_height)
        need = heading.getSpaceBefore() + height + heading.getSpaceAfter()
        return [CondPageBreak(need + 2 * self.styles.leading), heading]

    def with_points(self, story: list[Flowable], points: tuple[RPoint, ...]) -> list[Flowable]:
        """`story` and then the points, the text before them kept with them."""
        if points:
            _keep_with_next(story)
            listed = points[0].origin
            story += mark(Origin(listed.path[:-1], listed.edition), [self.points(points)])
        return story

    def analysis(self, section: Analysis, number: str) -> list[Flowable]:
        out: list[Flowable] = []
        for sub in section.sections:
            sub_number = f"{number}{sub.number}." if number else f"{sub.number}."
            head = self.heading(sub.heading, 1, sub_number, sub.origin, sub.anchor)
            part = [head, *self.blocks(sub.blocks)]
            out += mark(sub.origin, self.with_points(part, sub.points))
        return out

    def options(self, section: Options) -> list[Flowable]:
        out: list[Flowable] = []
        for i, option in enumerate(section.items, start=1):
            prefix = self.lang.labels.option.format(n=i)
            part: list[Flowable] = [self.heading(f"{prefix}: {option.title}", 1)]
            part += self.blocks(option.blocks)
            if option.pros or option.cons:
                _keep_with_next(part)
                part += self.pros_cons_table(option.pros, option.cons, compact=True)
            out += mark(option.origin, part)
        return out

    def takeaways(self, section: Takeaways) -> list[Flowable]:
        s = self.styles
        title = Paragraph(inline.text(section.heading), s.box_title)
        rows: list[list[object]] = [[title]]
        for point in section.points:
            paras = self.blocks(point.blocks, s.box_item, self.lead(point))
            if not paras:  # Markdown that prints nothing (a lone `***` rule)
                continue
            first = paras[0]
            if isinstance(first, Paragraph):
                paras[0] = Paragraph(first.text, s.box_bullet, bulletText="•")
            rows.append([paras])
        # Split, its title row repeats as "Key takeaways (continued)", as a box's does.
        table = exhibits.box_of_text(rows, self.frame_width)
        table.page_height = self.frame_height
        table.continued = Paragraph(
            inline.text(f"{section.heading} ({self.lang.labels.continued})"), s.box_title
        )
        table.setStyle(TableStyle(roles.takeaways_box(s, self.layout)))
        mark = Bookmark(section.heading, 0, "takeaways", section.origin)
        space = Spacer(0, s.spacing * 2)
        # A small box stays whole; a taller one splits between points (title row
        # repeated) wherever two of them fit (RowTable.MIN_ROWS), as Typst breaks a
        # block: moved on whole, it left up to a third of the page empty.
        if exhibits.stays_whole(table, self.frame_width, self.frame_height):
            return exhibits.wide([space, KeepTogether([mark, table]), Spacer(0, s.spacing * 2)])
        mark.keepWithNext = 0
        return exhibits.wide([space, mark, table, Spacer(0, s.spacing * 2)])

    def pros_cons_table(
        self, pros: tuple[RPoint, ...], cons: tuple[RPoint, ...], compact: bool
    ) -> list[Flowable]:
        s = self.styles
        labels = self.lang.labels
        if not pros or not cons:  # one side only: a list under its label, no empty column
            return self.one_side(labels.pros if pros else labels.cons, pros or cons)
        rows: list[list[object]] = [
            [
                Paragraph(inline.text(labels.pros), s.table_head),
                Paragraph(inline.text(labels.cons), s.table_head),
            ]
        ]
        for i in range(max(len(pros), len(cons))):
            rows.append(
                [
                    self.blocks(side[i].blocks, s.cell, self.lead(side[i])) if i < len(side) else ""
                    for side in (pros, cons)
                ]
            )
        width = self.frame_width
        table = self._table(rows, [width / 2, width / 2], repeat=1)
        table.setStyle(TableStyle(roles.pros_cons_grid(s, self.layout, compact)))
        # Space belongs to the table itself, so that a lead-in kept with it is kept
        # with the table (not with a spacer); RowTable keeps a small table whole.
        table.spaceBefore = table.spaceAfter = s.spacing
        return [table]

    def recommendation(self, item: RRecommendation) -> list[Flowable]:
        """ "Recommendation 2" in bold (the target of cross-references to it), then the
        text led by who should act; set apart as the layout's `recommendations` says."""
        s = self.styles
        label = self.lang.labels.recommendation.format(n=item.number)
        target = inline.anchor(item.anchor) if item.anchor else ""
        head = Paragraph(target + inline.bold(inline.text(label)), s.body)
        lead = inline.bold(inline.text(item.to)) + " " if item.to else ""
        body = self.blocks(item.blocks, s.body, lead)
        if self.layout.recommendations.style == "plain":
            head.keepWithNext = 1
            return [head, *body]
        rows: list[list[object]] = [[head]]
        rows += [[b] for b in body]
        table = self._table(rows, [self.frame_width])
        table.setStyle(TableStyle(roles.recommendation_box(s, self.layout)))
        table.spaceBefore = table.spaceAfter = s.spacing * 0.6
        return [table]

    def publication(self, section: PublicationDetails, number: str) -> list[Flowable]:
        """Citation, identifiers, licence, copyright and contact, one line each, then
        acknowledgements, funding and disclaimer; the URL as a QR code where the
        layout prints them."""
        style = self.styles.cell
        out = self.opening(section, number)
        lines: list[Paragraph] = []
        at = None  # the URL's line: its QR code goes beside it and the lines after it
        for line in section.lines:
            shown = inline.text(line.text)
            if line.href:
                shown = inline.link(line.href, shown, self.ctx.link_colour)
            label = inline.bold(inline.text(line.label + ":")) + " " if line.label else ""
            if section.url and line.href == section.url and at is None:
                at = len(lines)
            lines.append(Paragraph(label + shown, style))
        beside = None
        if self.qr_code is not None and section.url and at is not None:
            # Beside one line a code three lines tall left a gap under it; beside the
            # URL's line and those after it (licence, copyright, contact) it sits level.
            beside = self._beside_qr(lines[at:], section.url)
        out += [*lines[:at], beside] if beside is not None else lines
        for label, blocks in section.texts:
            out += self.blocks(blocks, style, inline.bold(inline.text(label + ":")) + " ")
        return out

    def note(self, note: RNote) -> list[Flowable]:
        """A footnote or endnote: its number hanging, its text in the note type; the
        target of its mark's link (`#fn-N`)."""
        style = self.styles.footnote
        out = self.blocks(note.blocks, style)
        target = inline.anchor(f"fn-{note.number}")
        first = out[0] if out else None
        if isinstance(first, Paragraph) and first.style is style:
            out[0] = Paragraph(target + first.text, style, bulletText=str(note.number))
        else:
            out.insert(0, Paragraph(target, style, bulletText=str(note.number)))
        return out

    def foot_area(self, root: Any) -> footnotes.FootArea:
        """The footnotes' room at the page foot, for `notes: footnotes`."""
        notes = self.brief.notes
        labels = self.lang.labels
        return footnotes.FootArea(
            build=lambda n: self.note(notes[n - 1]),
            continued=lambda: Paragraph(
                inline.italic(inline.text(f"({labels.continued})")), self.styles.footnote
            ),
            rule_colour=colour(self.layout.palette.rule, self.layout.color_model),
            leading=self.styles.footnote.leading,
            body_leading=self.styles.leading,
            root=root,
            inset=self.text_inset,  # the notes keep to the running text's measure
        )

    def one_side(self, label: str, points: tuple[RPoint, ...]) -> list[Flowable]:
        """Pros without cons (or cons without pros): the points under their label."""
        lead = Paragraph(inline.bold(inline.text(label)), self.styles.body)
        lead.keepWithNext = 1
        return [lead, self.points(points)]

    def references(self, section: References, number: str) -> list[Flowable]:
        out = self.opening(section, number)
        out += [mark(ref.origin, [self.reference(ref)])[0] for ref in section.entries]
        return out

    def reference(self, ref: RReference) -> Flowable:
        author_year = self.layout.citations.style == "author-year"
        if author_year or not refentry.is_plain(ref):  # spec 1.1: per type (render/refentry.py)
            return self._fuller_reference(ref, author_year)
        parts: list[str] = []
        if ref.author:
            parts.append(inline.text(_full_stop(ref.author)))  # not "et al.."
        parts.append(inline.italic(inline.text(ref.title.rstrip("."))) + ".")
        source = ", ".join(filter(None, (ref.publisher, str(ref.year) if ref.year else None)))
        if source:
            parts.append(inline.text(source) + ".")
        if ref.note:
            note = inline.runs(_first_para(ref.note), self.ctx).rstrip()
            parts.append(note if note.endswith((".", "!", "?")) else note + ".")
        if ref.url:
            parts.append(inline.link(ref.url, inline.text(ref.url), self.ctx.link_colour))
        if ref.accessed:
            accessed = self.lang.labels.accessed.format(date=ref.accessed)
            parts.append(f"({inline.text(accessed)})")
        markup = inline.anchor(f"ref-{ref.number}") + " ".join(parts)
        para = Paragraph(markup, self.styles.reference, bulletText=f"[{ref.number}]")
        if self.qr_code is not None and ref.url:
            return self.qr_code(para, ref.url)
        return para

    def _fuller_reference(self, ref: RReference, author_year: bool) -> Flowable:
        def link(href: str, label: str) -> str:
            return inline.link(href, label, self.ctx.link_colour)

        entry = refentry.Entry(self.lang.labels, self.brief.language, link, author_year=author_year)
        note = inline.runs(_first_para(ref.note), self.ctx).rstrip() if ref.note else ""
        markup = inline.anchor(f"ref-{ref.number}") + entry.markup(ref, note)
        if author_year:
            para = Paragraph(markup, self.styles.reference_hanging)
        else:
            para = Paragraph(markup, self.styles.reference, bulletText=f"[{ref.number}]")
        url = refentry.doi_url(ref.doi) if ref.doi else ref.url
        if self.qr_code is not None and url:
            return self.qr_code(para, url)
        return para

    def qr_beside(self, para: Paragraph, url: str) -> Flowable:
        """A reference with its URL as a QR code at the right: paper has no links."""
        return self._beside_qr([para], url) or para

    def _beside_qr(self, paras: list[Paragraph], url: str) -> Flowable | None:
        """`paras` in a column with `url`'s QR code at their right; None for a URL no
        QR code holds."""
        if len(url.encode("utf-8")) > QR_MAX_BYTES:  # more than any QR code holds
            return None
        from policybrief.render.qr import InkQrCode  # reportlab's barcode package: 10 ms

        size = self.layout.references.qr_size
        ink = colour(self.layout.palette.text, self.layout.color_model)
        code = InkQrCode(url, ink, width=size, height=size, qrLevel="M")
        # A long URL needs more modules: the code grows so that none is under 0.33 mm,
        # what phone cameras and print shops read reliably (issue 17 item 6).
        code.qr.make()
        needed = (code.qr.getModuleCount() + 2 * code.qrBorder) * QR_MIN_MODULE
        if needed > size:
            size = min(needed, self.frame_width * 0.35)
            code.width = code.height = size
        table = self._table([[paras, code]], [self.frame_width - size, size])
        table.setStyle(TableStyle(roles.qr_row(self.styles)))
        return table

    def _table(self, rows: list[list[object]], widths: list[float], repeat: int = 0) -> RowTable:
        table = RowTable(rows, colWidths=widths, repeatRows=repeat, hAlign="LEFT")
        table.page_height = self.frame_height
        return table


def at_measure(story: list[Flowable], inset: float) -> list[Flowable]:
    """Running text indented to the layout's measure, and tables, boxes and exhibits
    (every Table, every flowable exhibits.wide marked) brought back to the frame's
    width: reportlab's Indenter moves the frame's sides for what follows, across pages.
    An Indenter takes the keep-with-next of what it stands after, so that a lead-in
    still goes over with its table."""
    if not inset:
        return story
    out: list[Flowable] = [Indenter(inset, inset)]
    wide = False
    for flowable in story:
        if wide != (isinstance(flowable, Table) or getattr(flowable, exhibits.WIDE, False)):
            wide = not wide
            out.append(_indenter(-inset if wide else inset, out[-1]))
        out.append(flowable)
    return out


def _indenter(by: float, after: Flowable) -> Indenter:
    indenter = Indenter(by, by)
    indenter.keepWithNext = bool(getattr(after, "keepWithNext", False))
    return indenter


def _listing(items: list[ListItem], **keywords: Any) -> ListFlowable:
    # types-reportlab's ListFlowable does not admit ListItem, which reportlab documents.
    return ListFlowable(items, **keywords)  # type: ignore[arg-type]


def _keep_with_next(story: list[Flowable]) -> None:
    """A lead-in paragraph ("... several factors:") never ends a page above its list.
    Any other paragraph may: kept with a table or list, a paragraph of five lines
    moved on with it and left a hole as tall at the page foot."""
    last = story[-1] if story else None
    if isinstance(last, Paragraph) and _LEAD_IN.search(last.text):
        last.keepWithNext = 1


# A paragraph's markup ending in a colon (after closing tags and a footnote mark's link).
_LEAD_IN = re.compile(r":\s*(?:</[a-z]+>\s*)*$")



def _code_text(inlines: tuple[Inline, ...]) -> str:
    first = inlines[0]
    return first.text if isinstance(first, Run) else ""


def _first_para(blocks: tuple[Block, ...]) -> tuple[Inline, ...]:
    for block in blocks:
        if isinstance(block, Para):
            return block.inlines
    return ()


# Ends a sentence already, also inside closing quotes or brackets: `Why now?”`, `(est.)`.
_SENTENCE_END = (".", ":", "?", "!", "…", ";", "‽", "。", "？", "！", "：")


def _full_stop(text: str) -> str:
    """`text` ended with a full stop unless it already ends in punctuation."""
    return text if text.rstrip("\"'”’»)]").endswith(_SENTENCE_END) else text + "."
