"""Markdown nesting: up to markup.MAX_DEPTH prints whole, deeper is an error (issue 13).

Past about nine lists or twenty quotes markdown-it silently dropped the rest of
the field, later paragraphs included."""

from __future__ import annotations

from policybrief.load import markup
from policybrief.model.inline import Block, ListBlock, Para, Quote, Run


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out += [i.text for i in block.inlines if isinstance(i, Run)]
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += _texts(item)
        elif isinstance(block, Quote):
            out += _texts(block.blocks)
    return out


def _lists(depth: int) -> str:
    return "\n".join("  " * i + f"- level {i}" for i in range(depth)) + "\n\nAfter the list."


def _quotes(depth: int) -> str:
    return "> " * depth + "deep\n\nAfter the quote."


def test_nesting_up_to_the_limit_keeps_every_word() -> None:
    depth = markup.MAX_DEPTH
    assert _texts(markup.parse(_lists(depth))) == [
        *(f"level {i}" for i in range(depth)),
        "After the list.",
    ]
    assert _texts(markup.parse(_quotes(depth))) == ["deep", "After the quote."]
    assert markup.unsupported(_lists(depth)) == []
    assert markup.unsupported(_quotes(depth)) == []


def test_deeper_nesting_is_reported_at_its_line_at_any_depth() -> None:
    for depth in (markup.MAX_DEPTH + 1, 12, 40, 2000):
        (needle, message), *_ = markup.unsupported(_lists(depth))
        assert needle == f"- level {markup.MAX_DEPTH}"
        assert "nested more than 8 levels deep" in message
        (needle, message), *_ = markup.unsupported(_quotes(depth))
        assert needle.startswith("> > >")
        assert "nested more than 8 levels deep" in message


def test_quotes_inside_lists_count_together() -> None:
    text = "- a\n  - b\n    - c\n      - d\n\n        > > > > > e"
    assert markup.unsupported(text)[0][0] == "> > > > > e"
