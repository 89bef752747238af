"""Typography publishers expect, set by markdown-it's typographer in the language's style.

- Quotation marks: markdown-it's `smartquotes`, with the language's four marks
  (`Typography.quotes`); an apostrophe inside a word becomes ’ in every language.
- Dashes and ellipses: markdown-it's rare replacements (`--` en dash, `---` em
  dash, `...` ellipsis, `+-` ±). Its scoped ones are left out on purpose: they
  turn "(c)" into ©, and a brief listing options (a), (b) and (c) means a letter.
- No-break spaces: a number is tied to the unit or `%` after it ("50 %", "3 km"),
  and in French a no-break space ties ; : ! ? » to the word before and « to the
  word after (`space_before`, `space_after`). reportlab breaks lines at U+202F
  (narrow no-break space), so the no-break space is U+00A0 throughout.

Code spans, links' targets and citations are tokens of their own: never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core.replacements import replace_rare
from markdown_it.rules_core.state_core import StateCore

from policybrief.model.labels import Typography

NBSP = "\u00a0"
# The units a number is written before; a word boundary after each.
_UNITS = (
    "%|‰|°C|°F|°|km²|km|m²|m³|mm|cm|m|kg|g|t|Mt|Gt|kWh|MWh|GWh|TWh|kW|MW|GW|"
    "bn|mn|€|£|\\$|USD|EUR|GBP|UAH|PLN|pp|bp"
)
_NUMBER_UNIT = re.compile(rf"(?<=\d) (?=(?:{_UNITS})(?![\w]))")


def use(md: MarkdownIt, typography: Typography) -> None:
    """Turn on `typography` in a parser: quotes, dashes and no-break spaces."""
    md.options["typographer"] = True
    md.options["quotes"] = list(typography.quotes)
    md.enable("smartquotes")
    md.core.ruler.after("smartquotes", "dashes", _dashes)
    md.core.ruler.after("dashes", "no_break_spaces", _spaces_rule(typography))


def _dashes(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            replace_rare(token.children)


def _spaces_rule(typography: Typography) -> Callable[[StateCore], None]:
    tie = _tie(typography.space_before, typography.space_after)

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "text":
                    child.content = tie(child.content)

    return rule


@cache
def _tie(before: str, after: str) -> Callable[[str], str]:
    patterns = [_NUMBER_UNIT]
    if before:
        patterns.append(re.compile(rf"(?<=\S) (?=[{re.escape(before)}])"))
    if after:
        patterns.append(re.compile(rf"(?<=[{re.escape(after)}]) (?=\S)"))

    def tie(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(NBSP, text)
        return text

    return tie


def line(text: str, typography: Typography) -> str:
    """A plain line (a title, a heading) set like body text, its Markdown left as typed."""
    if not text:
        return text
    (inline,) = _line_parser(typography).parseInline(text)
    return "".join(child.content for child in inline.children or ())


@cache
def _line_parser(typography: Typography) -> MarkdownIt:
    md = MarkdownIt("zero")
    md.options["html"] = False
    use(md, typography)
    return md
