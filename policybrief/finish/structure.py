"""Annex pages in the brief's structure tree (pypdf, after `annexes.append`).

The brief's own tree is written while it is drawn (render/tagging.py). Pages
appended from annex PDFs arrive untagged (pypdf's append drops the annex's
StructTreeRoot), so each becomes one `Figure` whose alternative text says
what it is, "Annex: TITLE, page N", with its content as the Figure's marked
content: the annex's own marked content is taken out (its MCIDs would point
into a tree that is no longer there), its artifacts and the brief's footer
stamped over it stay artifacts. Its link annotations become `Link` elements
of the Figure, with `/Contents` and `/Tabs /S`, as PDF/UA wants.

Carrying a tagged annex's own tree over (offsetting its MCIDs and ParentTree
keys) would read better than a Figure; it is not done yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def tag_annex_pages(writer: PdfWriter, pages: Sequence[tuple[PageObject, str]]) -> None:
    """Each (page, alt text) as a Figure at the end of the Document element."""
    root = writer.root_object.get("/StructTreeRoot")
    if root is None or not pages:
        return
    tree = root.get_object()
    document = tree["/K"].get_object()
    doc_ref = tree.raw_get("/K")
    kids = document.get("/K")
    if not isinstance(kids, ArrayObject):
        kids = ArrayObject([] if kids is None else [document.raw_get("/K")])
        document[NameObject("/K")] = kids
    nums = tree["/ParentTree"]["/Nums"]
    key = int(tree.get("/ParentTreeNextKey", 0))
    for page, alt in pages:
        figure = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Figure"),
                NameObject("/P"): doc_ref,
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/Alt"): TextStringObject(alt),
            }
        )
        fig_ref = writer._add_object(figure)
        kids.append(fig_ref)
        mcids = _as_one_figure(page)
        figure[NameObject("/K")] = ArrayObject(NumberObject(m) for m in mcids)
        page[NameObject("/StructParents")] = NumberObject(key)
        nums.extend([NumberObject(key), ArrayObject([fig_ref] * len(mcids))])
        key += 1
        key = _links(writer, page, figure, fig_ref, nums, key, alt)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(key)


def _as_one_figure(page: PageObject) -> list[int]:
    """The page's content as the Figure's marked content, without the annex's own
    (now dangling) tags; artifacts (the footer stamped over it) stay outside the
    Figure, which is closed around them and reopened with the next MCID. Returns
    the MCIDs used."""
    contents = page.get_contents()
    if contents is None:
        return []
    mcids: list[int] = []

    def begin() -> tuple[list[object], bytes]:
        mcids.append(len(mcids))
        mark = DictionaryObject({NameObject("/MCID"): NumberObject(mcids[-1])})
        return [NameObject("/Figure"), mark], b"BDC"

    kept: list[tuple[list[object], bytes]] = [begin()]
    open_: list[str] = []  # per open sequence: "drop", "artifact" (top level) or "keep"
    for operands, op in ContentStream(contents, page.pdf).operations:
        if op in (b"BDC", b"BMC"):
            artifact = bool(operands) and str(operands[0]) == "/Artifact"
            if not artifact:
                open_.append("drop")
                continue
            top = "artifact" not in open_
            open_.append("artifact" if top else "keep")
            if top:
                kept.append(([], b"EMC"))
            kept.append((operands, op))
        elif op == b"EMC":
            what = open_.pop() if open_ else "drop"
            if what != "drop":
                kept.append((operands, op))
            if what == "artifact":
                kept.append(begin())
        else:
            kept.append((operands, op))
    kept.append(([], b"EMC"))
    stream = ContentStream(None, page.pdf)
    stream.operations = kept
    page.replace_contents(stream)
    return mcids


def _links(
    writer: PdfWriter,
    page: PageObject,
    figure: DictionaryObject,
    fig_ref: IndirectObject,
    nums: ArrayObject,
    key: int,
    alt: str,
) -> int:
    """The page's link annotations as Link elements of its Figure."""
    annots = page.get("/Annots") or []
    links = [ref for ref in annots if ref.get_object().get("/Subtype") == "/Link"]
    for ref in links:
        annot = ref.get_object()
        if not str(annot.get("/Contents", "")).strip():
            uri = annot.get("/A", {}).get("/URI")
            annot[NameObject("/Contents")] = TextStringObject(str(uri) if uri else f"Link in {alt}")
        objr = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OBJR"),
                NameObject("/Obj"): ref,
                NameObject("/Pg"): page.indirect_reference,
            }
        )
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Link"),
                NameObject("/P"): fig_ref,
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/K"): ArrayObject([objr]),
            }
        )
        link_ref = writer._add_object(link)
        kids = figure["/K"]
        assert isinstance(kids, ArrayObject)  # set by tag_annex_pages
        kids.append(link_ref)
        annot[NameObject("/StructParent")] = NumberObject(key)
        nums.extend([NumberObject(key), link_ref])
        key += 1
    if annots:
        page[NameObject("/Tabs")] = NameObject("/S")
    return key
