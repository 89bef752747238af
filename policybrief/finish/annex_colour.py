"""An RGB annex separated for a CMYK build (pypdf): every colour its pages paint
goes through the output profile, as the brief's own images do (render/separation.py).

The pages an annex brings are rewritten where they are appended:

- content streams (the page's, every form XObject's, annotation appearances',
  tiling patterns', soft masks' and Type 3 glyphs'): `rg`/`RG` become `k`/`K`, an RGB colour
  space given to `cs`/`CS` becomes DeviceCMYK and its `sc`/`scn`/`SC`/`SCN`
  colours CMYK; a neutral RGB colour (black text) prints on the black plate
  alone. Gray (`g`/`G`, DeviceGray) and CMYK stay as they are.
- RGB images (8 bits a component, any filter pypdf or Pillow decodes) are
  converted pixel by pixel and stored Flate-compressed; indexed images and
  indexed colour spaces get their palette converted.
- An ICCBased RGB space is converted from its own profile, not from sRGB.
- A transparency group blending in RGB (Chrome and Word give every page one)
  blends in DeviceCMYK, as on press.

What cannot be converted faithfully is refused with the page it is on
(`CannotSeparate`), never printed wrong: a shading or an inline image in RGB,
Lab or CalRGB colour, a spot colour whose alternate is RGB, an RGB image with
16-bit samples, a decode array or a colour-key mask, an uncoloured pattern in RGB.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.errors import PyPdfError
from pypdf.filters import FlateDecode
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from policybrief.load.files import MAX_IMAGE_PIXELS
from policybrief.model.profiles import Profiles
from policybrief.render.separation import Separation, separation

# What a damaged operand, stream or object makes the conversion raise: `load.annexes`
# checked what every build reads, but forms, images and colour operands only a CMYK
# build reads (pypdf asserts in parsing content, and raises its own errors).
_BROKEN = (
    PyPdfError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
    NotImplementedError,
    OSError,
    RecursionError,
    zlib.error,
)
# The most pixels an annex image may have to be converted, as for a logo (64 MB decoded).
_MAX_PIXELS = MAX_IMAGE_PIXELS
# Nesting a form may reach (a form drawing itself is cut short, as viewers do).
_DEPTH = 12


class CannotSeparate(Exception):
    """A page of an annex uses colour a CMYK build cannot convert faithfully.

    `annex`: its index among the annexes appended; `page`: 1-based in the annex;
    `what`: the colour it uses, as the message says it ("a DeviceRGB shading")."""

    def __init__(self, annex: int, page: int, what: str) -> None:
        super().__init__(f"page {page} uses {what}")
        self.annex, self.page, self.what = annex, page, what


class _Refused(Exception):
    """What `CannotSeparate` reports, raised before the page number is known."""


@dataclass
class _Walk:
    """One annex's conversion: the profiles, and the objects already converted (shared
    by pages and forms, converted once)."""

    profiles: Profiles
    press: Separation
    done: set[int] = field(default_factory=set)


def separate(pages: Sequence[PageObject], profiles: Profiles, annex: int) -> None:
    """Every RGB colour, image and group on `pages` (one annex, as appended) in CMYK."""
    walk = _Walk(profiles, separation(profiles))
    for number, page in enumerate(pages, start=1):
        try:
            _page(page, walk)
        except _Refused as exc:
            raise CannotSeparate(annex, number, str(exc)) from None
        except _BROKEN:  # a damaged file's, not ours
            what = "content that cannot be read (a damaged stream or operand)"
            raise CannotSeparate(annex, number, what) from None


def _page(page: PageObject, walk: _Walk) -> None:
    resources = _resolved(page.get("/Resources"))
    _group(page, walk)
    content = page.get_contents()
    if content is not None:
        content.operations = _operations(content.operations, resources, walk, 0)
        page.replace_contents(content)
    for ref in _resolved(page.get("/Annots")) or []:
        appearances = _resolved(_resolved(ref).get("/AP")) or {}
        for key in ("/N", "/R", "/D"):  # a stream, or a stream for each state
            shown = _resolved(appearances.get(key))
            states = [shown] if _is_stream(shown) or not isinstance(shown, dict) else shown.values()
            for stream in states:
                if _is_stream(_resolved(stream)):
                    _form(stream, resources, walk, 1)


# --- content streams ----------------------------------------------------------------------


@dataclass
class _Paint:
    """The current fill and stroke colour spaces, as converting their colours needs them."""

    fill: Any = "/DeviceGray"
    stroke: Any = "/DeviceGray"


def _operations(
    operations: list[tuple[Any, bytes]], resources: Any, walk: _Walk, depth: int
) -> list[tuple[Any, bytes]]:
    """The operations with every RGB colour made CMYK, forms and images converted too."""
    walk.press.prepare(
        [float(v) for v in operands]
        for operands, op in operations
        if op in (b"rg", b"RG") and len(operands) == 3
    )
    paint, saved = _Paint(), []
    out: list[tuple[Any, bytes]] = []
    for operands, op in operations:
        if op == b"q":
            saved.append(_Paint(paint.fill, paint.stroke))
        elif op == b"Q" and saved:
            paint = saved.pop()
        out.append(_operation(operands, op, paint, resources, walk, depth))
    return out


def _operation(
    operands: Any, op: bytes, paint: _Paint, resources: Any, walk: _Walk, depth: int
) -> tuple[Any, bytes]:
    """One operation as a CMYK page has it; `paint` follows the colour spaces set."""
    spaces = _resolved((resources or {}).get("/ColorSpace")) or {}
    if op in (b"rg", b"RG"):
        paint.fill, paint.stroke = _set(paint, op == b"rg", "/DeviceRGB")
        return _inks(walk.press, operands), b"k" if op == b"rg" else b"K"
    if op in (b"g", b"G", b"k", b"K"):
        space = "/DeviceGray" if op in (b"g", b"G") else "/DeviceCMYK"
        paint.fill, paint.stroke = _set(paint, op in (b"g", b"k"), space)
    elif op in (b"cs", b"CS"):
        space = _space(operands[0], spaces, walk)
        paint.fill, paint.stroke = _set(paint, op == b"cs", space)
        if _converter(space, walk) is not None:
            return [NameObject("/DeviceCMYK")], op
    elif op in (b"sc", b"scn", b"SC", b"SCN"):
        space = paint.fill if op in (b"sc", b"scn") else paint.stroke
        return _colour(operands, space, resources, walk, depth), op
    elif op == b"sh":
        _shading(_lookup(resources, "/Shading", operands[0]), spaces, walk)
    elif op == b"Do":
        _xobject(_lookup(resources, "/XObject", operands[0]), resources, walk, depth)
    elif op == b"gs":
        _graphics_state(_lookup(resources, "/ExtGState", operands[0]), resources, walk, depth)
    elif op == b"INLINE IMAGE":
        _inline_image(operands, spaces, walk)
    elif op == b"Tf" and operands:
        _type3(_lookup(resources, "/Font", operands[0]), resources, walk, depth)
    return operands, op


def _set(paint: _Paint, fill: bool, space: Any) -> tuple[Any, Any]:
    return (space, paint.stroke) if fill else (paint.fill, space)


def _inks(press: Separation, rgb: Sequence[Any]) -> list[FloatObject]:
    return [FloatObject(round(v, 4)) for v in press.cmyk([float(v) for v in rgb])]


def _colour(operands: Any, space: Any, resources: Any, walk: _Walk, depth: int) -> Any:
    """`sc`/`scn` operands in `space`, made CMYK when it is an RGB space."""
    convert = _converter(space, walk)
    if convert is None and space == "/DeviceGray" and len(operands) == 3:
        convert = walk.press  # a form painting in the RGB its caller set (made CMYK there)
    if convert is not None:
        return _inks(convert, operands[:3])
    kind = _family(space)
    if kind == "/Pattern" and operands and isinstance(operands[-1], NameObject):
        if len(operands) > 1 and _converter(_base_of_pattern(space, walk), walk) is not None:
            raise _Refused("an uncoloured pattern in RGB")
        _pattern(_lookup(resources, "/Pattern", operands[-1]), resources, walk, depth)
    return operands


# --- colour spaces ------------------------------------------------------------------------


def _space(name: Any, spaces: Any, walk: _Walk) -> Any:
    """A colour space operand as what it is: a device name or the resource's array."""
    if name in ("/DeviceRGB", "/DeviceGray", "/DeviceCMYK", "/Pattern"):
        return str(name)
    space = _resolved(spaces.get(name)) if isinstance(spaces, dict) else None
    if space is None:
        raise _Refused(f"a colour space {name} that its resources do not define")
    _check_space(space, walk)
    return space


def _family(space: Any) -> str:
    space = _resolved(space)
    if isinstance(space, list) and space:
        return str(_resolved(space[0]))
    return str(space)


def _converter(space: Any, walk: _Walk) -> Separation | None:
    """The separation that turns colours of `space` into CMYK, or None if they need none."""
    space = _resolved(space)
    family = _family(space)
    if family in ("/DeviceRGB", "/RGB"):
        return walk.press
    if family == "/ICCBased" and _channels(space) == 3:
        return _embedded(space, walk)
    return None


def _channels(space: Any) -> int:
    profile = _resolved(space[1]) if isinstance(space, list) and len(space) > 1 else None
    return int(profile.get("/N", 0)) if isinstance(profile, dict) else 0


def _embedded(space: Any, walk: _Walk) -> Separation:
    """The separation from an ICCBased space's own RGB profile to the output profile."""
    profile = _resolved(space[1])
    try:
        return separation(Profiles(profile.get_data(), walk.profiles.output))
    except Exception:  # LittleCMS refuses a damaged or foreign profile in many ways
        raise _Refused("an ICC colour profile that cannot be read") from None


def _check_space(space: Any, walk: _Walk) -> None:
    """Refuse spaces whose colours cannot be converted; convert indexed palettes."""
    family = _family(space)
    if family in ("/Lab", "/CalRGB"):
        raise _Refused(f"{family[1:]} colour")
    if family in ("/Separation", "/DeviceN"):
        alternate = space[2]  # [/Separation name alternate tint], [/DeviceN names alternate …]
        if _converter(alternate, walk) is not None or _family(alternate) in ("/Lab", "/CalRGB"):
            raise _Refused(f"a spot colour whose alternate is {_family(alternate)[1:]}")
    elif family in ("/Indexed", "/I"):
        _indexed(space, walk)


def _indexed(space: Any, walk: _Walk) -> None:
    """[/Indexed base hival lookup] with an RGB base: the palette converted in place."""
    if id(space) in walk.done or len(space) != 4:
        return
    base = _resolved(space[1])
    convert = _converter(base, walk)
    if convert is None:
        _check_space(base, walk)
        return
    lookup = _resolved(space[3])
    table = _bytes_of(lookup)
    entries = [tuple(table[i : i + 3]) for i in range(0, len(table) - 2, 3)]
    convert.prepare([[v / 255 for v in rgb] for rgb in entries])
    inks = [convert.cmyk([v / 255 for v in rgb]) for rgb in entries]
    space[1] = NameObject("/DeviceCMYK")
    space[3] = ByteStringObject(bytes(round(v * 255) for ink in inks for v in ink))
    walk.done.add(id(space))


def _base_of_pattern(space: Any, walk: _Walk) -> Any:
    space = _resolved(space)
    return space[1] if isinstance(space, list) and len(space) > 1 else None


# --- resources drawn ----------------------------------------------------------------------


def _shading(shading: Any, spaces: Any, walk: _Walk) -> None:
    space = _resolved(shading.get("/ColorSpace")) if isinstance(shading, dict) else None
    if space is None:
        return
    if isinstance(space, NameObject) and space in spaces:
        space = _resolved(spaces[space])
    if _converter(space, walk) is not None or _family(space) in ("/Lab", "/CalRGB"):
        raise _Refused(f"a {_family(space)[1:]} shading")
    _check_space(space, walk)


def _pattern(pattern: Any, resources: Any, walk: _Walk, depth: int) -> None:
    if not isinstance(pattern, dict):
        return
    if pattern.get("/PatternType") == 2:
        _shading(_resolved(pattern.get("/Shading")), {}, walk)
    elif _is_stream(pattern):
        _form(pattern, resources, walk, depth + 1)


def _xobject(xobject: Any, resources: Any, walk: _Walk, depth: int) -> None:
    if not _is_stream(xobject):
        return
    if xobject.get("/Subtype") == "/Image":
        _image(xobject, walk)
    elif xobject.get("/Subtype") == "/Form":
        _form(xobject, resources, walk, depth + 1)


def _type3(font: Any, resources: Any, walk: _Walk, depth: int) -> None:
    """A Type 3 font's glyphs are content streams; a coloured glyph (d0) may paint RGB."""
    if not isinstance(font, dict) or font.get("/Subtype") != "/Type3":
        return
    own = _resolved(font.get("/Resources")) or resources
    for glyph in (_resolved(font.get("/CharProcs")) or {}).values():
        if _is_stream(_resolved(glyph)):
            _form(glyph, own, walk, depth + 1)


def _graphics_state(state: Any, resources: Any, walk: _Walk, depth: int) -> None:
    """A soft mask's group is a form like any other; its backdrop colour is in its space."""
    mask = _resolved(state.get("/SMask")) if isinstance(state, dict) else None
    if not isinstance(mask, dict) or "/G" not in mask:
        return
    group = _resolved(mask["/G"])
    space = _resolved(_resolved(group.get("/Group") or {}).get("/CS"))
    convert = _converter(space, walk) if space is not None else None
    if convert is not None and "/BC" in mask:
        mask[NameObject("/BC")] = ArrayObject(_inks(convert, list(mask["/BC"])[:3]))
    _form(group, resources, walk, depth + 1)


def _form(form: Any, inherited: Any, walk: _Walk, depth: int) -> None:
    """A form XObject's (or pattern's, or appearance's) content, converted once."""
    form = _resolved(form)
    if depth > _DEPTH or id(form) in walk.done:
        return
    walk.done.add(id(form))
    resources = _resolved(form.get("/Resources")) or _resolved(inherited)
    _group(form, walk)
    content = ContentStream(form, None)
    converted = _operations(content.operations, resources, walk, depth)
    content.operations = converted
    _replace_data(form, content.get_data())


def _group(owner: Any, walk: _Walk) -> None:
    """A transparency group blending in RGB blends in DeviceCMYK."""
    group = _resolved(owner.get("/Group"))
    if isinstance(group, dict) and _converter(group.get("/CS"), walk) is not None:
        group[NameObject("/CS")] = NameObject("/DeviceCMYK")


def _inline_image(operands: Any, spaces: Any, walk: _Walk) -> None:
    settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
    space = settings.get("/CS", settings.get("/ColorSpace"))
    if space is None:
        return
    if isinstance(space, NameObject) and space in spaces:
        space = _resolved(spaces[space])
    family = _family(space)
    base = _family(space[1]) if family in ("/I", "/Indexed") and isinstance(space, list) else ""
    if _converter(space, walk) is not None or "RGB" in base or family in ("/Lab", "/CalRGB"):
        raise _Refused("an RGB inline image")


# --- images -------------------------------------------------------------------------------


def _image(image: Any, walk: _Walk) -> None:
    """An RGB image XObject's samples in CMYK, in place (an image shared by pages once)."""
    if id(image) in walk.done or image.get("/ImageMask"):
        return
    walk.done.add(id(image))
    space = _resolved(image.get("/ColorSpace"))
    if space is None:  # JPX images may carry their space inside
        if image.get("/Filter") == "/JPXDecode":
            raise _Refused("a JPEG 2000 image")
        return
    _check_space(space, walk)
    convert = _converter(space, walk)
    if convert is None:
        return
    if image.get("/BitsPerComponent") != 8:
        raise _Refused(f"an RGB image of {image.get('/BitsPerComponent')} bits a component")
    if "/Decode" in image:
        raise _Refused("an RGB image with a decode array")
    if isinstance(_resolved(image.get("/Mask")), list):
        raise _Refused("an RGB image with a colour-key mask")
    size = (int(image["/Width"]), int(image["/Height"]))
    if size[0] * size[1] > _MAX_PIXELS or min(size) < 1:
        raise _Refused(
            f"an RGB image of {size[0]} × {size[1]} pixels (at most {_MAX_PIXELS} are converted)"
        )
    inked = convert.image(_rgb_samples(image, size))
    _replace_data(image, inked.tobytes())
    image[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")


def _rgb_samples(image: Any, size: tuple[int, int]) -> Any:
    """The image's pixels (a Pillow RGB image), decoded by pypdf or, for JPEG, by Pillow."""
    from PIL import Image

    filters = image.get("/Filter")
    filters = list(filters) if isinstance(filters, list) else [filters]
    try:
        data = image.get_data()
        if filters[-1:] in (["/DCTDecode"], ["/JPXDecode"]):
            with Image.open(io.BytesIO(data)) as picture:
                pixels = picture.convert("RGB")
        else:
            pixels = Image.frombytes("RGB", size, data[: size[0] * size[1] * 3])
    except Exception:  # a damaged image: any decoder step can fail
        raise _Refused("an RGB image that cannot be decoded") from None
    if pixels.size != size:
        raise _Refused("an RGB image whose samples do not match its size")
    return pixels


# --- pypdf objects ------------------------------------------------------------------------


def _replace_data(stream: Any, data: bytes) -> None:
    """`stream`'s data replaced by `data`, stored Flate-compressed (whatever filter it had)."""
    if "/DecodeParms" in stream:
        del stream["/DecodeParms"]
    if isinstance(stream, EncodedStreamObject):
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        StreamObject.set_data(stream, FlateDecode.encode(data))
        stream.decoded_self = None
    else:
        if "/Filter" in stream:
            del stream["/Filter"]
        stream.set_data(data)
    stream[NameObject("/Length")] = NumberObject(len(stream._data))


def _bytes_of(lookup: Any) -> bytes:
    """An indexed space's palette: a stream, or a string (pypdf reads a string that
    decodes as text as a TextStringObject; its bytes are what the file holds)."""
    if _is_stream(lookup):
        data: bytes = lookup.get_data()
        return data
    if isinstance(lookup, TextStringObject):
        return lookup.original_bytes
    return bytes(lookup)


def _lookup(resources: Any, kind: str, name: Any) -> Any:
    table = _resolved((resources or {}).get(kind)) or {}
    return _resolved(table.get(name)) if isinstance(table, dict) else None


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_stream(value: Any) -> bool:
    return isinstance(value, StreamObject)

