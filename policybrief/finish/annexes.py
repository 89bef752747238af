"""Annex pages appended to a finished brief (pypdf), each annex under a bookmark
with its title (the annex's own outline nested below it).

Every annex page is given the brief's page geometry (same MediaBox, TrimBox
and BleedBox, so that printing and imposition see one size), its content
scaled into the room the brief's furniture leaves (`Chrome.annex_room`: the
trim less the running header's and footer's strips) and turned a quarter when
landscape on a portrait page, before the brief's running header and footer are
stamped over it, clear of its content. Its links, bookmarks and destinations
move with the content (finish/destinations.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, FloatObject, NameObject, RectangleObject

from policybrief.finish import annex_colour, destinations
from policybrief.load.annexes import Attached, annotation_risk, quiet_pypdf
from policybrief.model.profiles import Profiles

Room = tuple[float, float, float, float]  # x0, y0, x1, y1 on the paper

_BOXES = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox")


@dataclass(frozen=True)
class Appended:
    """An annex as appended: the reader its pages were cloned from, and where they are."""

    annex: Attached
    reader: PdfReader
    start: int  # its first page in the writer
    end: int  # the page after its last
    # How each appended page's content moved (writer page idnum -> its fitting), for
    # what the annex's own structure tree says of positions (structure.carry_annex_tree).
    moved: Mapping[int, Transformation] = field(default_factory=dict)


def append(
    writer: PdfWriter,
    annexes: Sequence[Attached],
    stamps: Sequence[PageObject],
    profiles: Profiles | None = None,
    room: Room | None = None,
) -> tuple[int, list[Appended]]:
    """Append the annexes to `writer`, stamping `stamps[k]` onto the k-th annex page.

    The brief's first page gives the geometry every annex page takes; its content
    goes into `room` (default: the trim). `profiles`: a CMYK build's, that RGB annex
    pages are separated through (`annex_colour.separate`, which raises
    `CannotSeparate`). Returns how many stamps were used, and each annex as appended.
    """
    model = writer.pages[0]
    used = 0
    out: list[Appended] = []
    moved: dict[int, Transformation] = {}
    with quiet_pypdf():
        for annex in annexes:
            start = len(writer.pages)
            reader = PdfReader(annex.file.path)
            writer.append(reader, outline_item=annex.title)
            out.append(Appended(annex, reader, start, len(writer.pages), moved))
            if profiles is not None:  # a CMYK build prints no RGB, an annex's neither
                annex_colour.separate(writer.pages[start:], profiles, len(out) - 1)
            for page in writer.pages[start:]:
                _own_contents(page)
                _strip_actions(page)  # `check` warned of each
                transformation = fit_onto(page, model, room=room)
                if transformation is not None and page.indirect_reference is not None:
                    moved[page.indirect_reference.idnum] = transformation
                if used < len(stamps):
                    page.merge_page(stamps[used])
                    used += 1
        # The annex's bookmarks and links into its own pages land where their points went.
        destinations.move(writer, moved)
    return used, out


def _own_contents(page: PageObject) -> None:
    """A content stream of this page alone, so that fitting and stamping it leave other
    pages as they are (`qpdf --pages x.pdf 1,1` writes pages that share one)."""
    contents = page.get_contents()
    if contents is None:
        return
    del page[NameObject("/Contents")]
    page.replace_contents(contents)  # with no /Contents, a new object: never shared


def _strip_actions(page: PageObject) -> None:
    """Page actions and annotations that run or open more than a web link, removed."""
    if "/AA" in page:
        del page[NameObject("/AA")]
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = []
    for ref in annots.get_object():
        annot = ref.get_object()
        if annotation_risk(annot):
            # Emptied as well as dropped: the writer keeps every object it cloned.
            for key in ("/A", "/AA"):
                if key in annot:
                    del annot[key]
        else:
            kept.append(ref)
    if len(kept) < len(annots.get_object()):
        page[NameObject("/Annots")] = ArrayObject(kept)


def fit_onto(
    page: PageObject, model: PageObject, grow: bool = False, room: Room | None = None
) -> Transformation | None:
    """Give `page` the boxes of `model`, its visible area scaled (never up, unless
    `grow`) into `room` (default: the model's trim), centred, keeping its aspect ratio.

    A landscape annex page in a portrait brief (or the other way round) is
    turned a quarter, as printed documents do, when that prints it larger; the
    page is then marked /Rotate 90 so that viewers show it upright. Paper,
    imposition and the running header and footer keep the brief's orientation.
    Returns the transformation the content was given (None when it stays as it
    was), for the destinations that point into the page.
    """
    if page.rotation:
        page.transfer_rotation_to_content()
    box = RectangleObject(page.cropbox)
    left, bottom, right, top = room or tuple(float(v) for v in model.trimbox)
    bw, bh = float(box.width), float(box.height)
    tw, th = right - left, top - bottom
    most = float("inf") if grow else 1.0
    turn = min(tw / bh, th / bw, most) > min(tw / bw, th / bh, most) * 1.05
    moved = Transformation().translate(-float(box.left), -float(box.bottom))
    if turn:  # a quarter turn anticlockwise, back into positive coordinates
        moved = moved.transform(Transformation((0, 1, -1, 0, bh, 0)))
        bw, bh = bh, bw
    scale = min(tw / bw, th / bh, most)
    x = left + (tw - bw * scale) / 2
    y = bottom + (th - bh * scale) / 2
    moved = moved.scale(scale, scale).translate(x, y)
    changed = not _identity(moved) or box != RectangleObject(page.mediabox)
    if changed:
        _clip(page, box)
        page.add_transformation(moved)
        _move_annotations(page, moved)
    copy_boxes(page, model)
    if turn:
        page.rotation = 90
    return moved if changed else None


def copy_boxes(page: PageObject, model: PageObject) -> None:
    """The page boxes of `model` (trim, bleed, ...) on `page`, and no others."""
    for name in _BOXES:
        if name in model:
            box = model[name]
            assert isinstance(box, ArrayObject)  # a page box is an array of four numbers
            page[NameObject(name)] = RectangleObject(box)
        elif name in page:
            del page[name]


def _identity(moved: Transformation) -> bool:
    return all(abs(a - b) < 1e-6 for a, b in zip(moved.ctm, (1, 0, 0, 1, 0, 0), strict=True))


def _clip(page: PageObject, box: RectangleObject) -> None:
    """Nothing outside the annex's visible area shows once it sits on a larger page."""
    contents = page.get_contents()
    if contents is None:
        return
    rect = [FloatObject(float(v)) for v in (box.left, box.bottom, box.width, box.height)]
    contents.operations[:0] = [(rect, b"re"), ([], b"W"), ([], b"n")]
    page.replace_contents(contents)


def moved_rect(rect: Sequence[Any], moved: Transformation) -> tuple[float, float, float, float]:
    """A rectangle (x0, y0, x1, y1) where `moved` puts it: its corners' new box (annex
    pages are scaled and turned by quarter turns, so the box stays the shape's)."""
    (x1, y1), (x2, y2) = (moved.apply_on((float(x), float(y))) for x, y in (rect[:2], rect[2:4]))
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _move_annotations(page: PageObject, moved: Transformation) -> None:
    """`add_transformation` moves the drawing only; links must follow it."""
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        if "/Rect" in annot:
            annot[NameObject("/Rect")] = RectangleObject(moved_rect(annot["/Rect"], moved))
        if "/QuadPoints" in annot:
            q = [float(v) for v in annot["/QuadPoints"]]
            annot[NameObject("/QuadPoints")] = ArrayObject(
                FloatObject(v)
                for i in range(0, len(q), 2)
                for v in moved.apply_on((q[i], q[i + 1]))
            )
