"""Destinations into a page whose content was scaled (a pack's `fit: scale`) land where
their point went: bookmarks, named destinations and links alike."""

from __future__ import annotations

from pypdf import PdfWriter, Transformation
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

from policybrief.finish import destinations


def test_bookmarks_named_destinations_and_links_move_with_the_page() -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    other = writer.add_blank_page(612, 792)
    ref = page.indirect_reference
    xyz = ArrayObject([ref, NameObject("/XYZ"), FloatObject(100), FloatObject(700), NullObject()])
    item = writer.add_outline_item(title="Section", page_number=0)
    item.get_object()[NameObject("/Dest")] = xyz
    writer.add_named_destination_array(
        "sec", ArrayObject([ref, NameObject("/FitH"), FloatObject(500)])
    )
    link = writer.add_annotation(1, Link(rect=(0, 0, 10, 10), target_page_index=0))
    link.get_object()[NameObject("/Dest")] = ArrayObject(
        [ref, NameObject("/XYZ"), NullObject(), FloatObject(300), NullObject()]
    )
    untouched = writer.add_outline_item(title="Other", page_number=1)
    through_action = writer.add_outline_item(title="Top", page_number=0)
    action = through_action.get_object()["/A"]
    action[NameObject("/D")] = ArrayObject(
        [ref, NameObject("/XYZ"), FloatObject(50), FloatObject(100), FloatObject(0)]
    )
    moved = Transformation().scale(0.5, 0.5).translate(10, 20)
    assert ref is not None and other.indirect_reference is not None
    destinations.move(writer, {ref.idnum: moved})
    assert list(item.get_object()["/Dest"])[2:4] == [60, 370]
    names = writer.root_object["/Names"]["/Dests"]["/Names"]
    assert float(names[1].get_object()[2]) == 270  # /FitH top: 500 * 0.5 + 20
    dest = link.get_object()["/Dest"]
    assert isinstance(dest[2], NullObject) and float(dest[3]) == 170  # null stays null
    other_dest = untouched.get_object()["/A"]["/D"]  # another page: as it was
    assert other_dest[0] == other.indirect_reference and str(other_dest[1]) == "/Fit"
    # A GoTo action's destination (pypdf's own bookmarks), moved the same way.
    assert list(through_action.get_object()["/A"]["/D"])[2:4] == [35, 70]
