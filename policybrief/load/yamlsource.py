"""YAML text -> plain data plus a source map of every node's position.

PyYAML's `safe_load` silently keeps the last of two duplicate keys and applies
YAML 1.1 typing (`no` -> False, `1.10` -> 1.1, `010` -> 8). We compose nodes
instead and build the data ourselves: only `true`/`false` are booleans, only
`null`/`~`/empty are null, every other scalar stays the text the user wrote;
pydantic then parses typed fields (dates, numbers) from that text.

Limits keep hostile files cheap: the event stream is checked for size and
depth before anything is built, and alias expansion is metered.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from policybrief.diagnostics import BriefError, Diagnostic, FieldPath, Severity, dotted

try:  # libyaml when available: same results, several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Limits for untrusted briefs (README, "Untrusted briefs"). A 200-page brief is
# about 0.85 MB and 10,000-20,000 nodes (benchmarks/generate.py: 500 pages are
# 2.1 MB); each limit leaves room for more, and each attack it stops fails in a
# fraction of a second with bounded memory.
MAX_FILE_BYTES = 4 * 1024 * 1024  # about 1,000 pages of dense prose
MAX_DEPTH = 40  # a brief nests 8 levels at most
MAX_NODES = 100_000  # YAML nodes, every alias expansion counted again
MAX_ALIASED_VALUES = 10_000  # values reached through aliases; reuse in a brief is a few points
MAX_ALIASED_CHARS = 100_000  # text reached through aliases: a small file cannot grow into a big one
MAX_TEXT_CHARS = 100_000  # one text field, about 25 pages
# reportlab breaks an over-long word letter by letter in time quadratic in its
# length (a 100,000-letter word takes 13 s, one of 2,000 letters in a table cell
# may not fit a page); prose never comes near this, and URLs seldom.
MAX_WORD_CHARS = 1_000

# One-line fields where a ` #` comment right after the value is most likely text cut off.
_ONE_LINE_FIELDS = frozenset({"title", "subtitle", "series", "heading", "label"})
# ` #12` or ` #hashtag` (no space after '#') reads as text; `  # note` as a comment.
_COMMENT_AFTER = re.compile(r"\s+(?P<hash>#)(?P<word>\S)?.*")
_UNFINISHED = ("&", "-", "–", "—", ":", ",", "/", "+", "(")  # text that cannot end there
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}

# Never text: C0 controls but tab and line breaks, DEL, C1 controls (NEL among
# them; they come from text decoded with the wrong encoding), surrogates, and
# U+FFFE/U+FFFF (which YAML itself refuses). An error at each one.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Removed with a warning: bidi embeddings, overrides, isolates and marks (LRM, RLM,
# ALM) make the source read differently in an editor from what prints ("Trojan
# Source", CVE-2021-42574); a stray byte-order mark, zero-width space, joiner or
# non-joiner or word joiner is invisible but breaks search, and reportlab, which
# joins no letters, printed the joiners and the marks as visible boxes.
_REMOVED = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Typographic ligatures typed (or pasted from a PDF) as one character: the fonts'
# own ligatures are the typesetter's business, and a code span's monospaced font or
# a layout's own font may have no glyph (they vanished). Spelt out, with a warning.
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_WHY_REMOVED = {
    "bidi": "it makes the source read differently from what prints",
    "invisible": "it is invisible and would break searching the PDF",
}
# Line and paragraph separators (pasted from Word) end a line for YAML and would
# break the file's structure: replaced by a space, with a warning.
_SEPARATORS = re.compile("[\u2028\u2029]")
# Where reportlab may break a line: whitespace, but not the no-break spaces.
_WORD = re.compile("[^ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
MAX_REPORTED = 20  # character problems listed per file; the rest are counted

# Tags the resolver gives plain nodes; any other tag was written by hand
# (`!!python/object`, `!!binary`, `!local`) and asks for a type briefs never have.
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value")
)


@dataclass(frozen=True, slots=True)
class Span:
    line: int  # 1-based
    column: int  # 1-based
    end_line: int


@dataclass
class SourceDoc:
    """A loaded YAML file: its data, where each field came from, and loader warnings."""

    file: str
    data: Any
    lines: list[str]
    values: dict[FieldPath, Span] = field(default_factory=dict)
    keys: dict[FieldPath, Span] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def span(self, path: FieldPath, *, prefer_key: bool = False) -> Span:
        """The span of `path`, or of its nearest ancestor that exists."""
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if prefer_key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Span(1, 1, 1)

    def written(self, path: FieldPath) -> FieldPath:
        """`path` as the user wrote it: a field given in its short form (a section as
        bare text is the model's `body`) is named by the key that holds the text."""
        node: Any = self.data
        for cut, part in enumerate(path):
            listed = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if listed or (isinstance(node, dict) and part in node):
                node = node[part]
            else:
                return path[:cut] if isinstance(node, str) else path
        return path

    def diagnostic(
        self,
        path: FieldPath,
        message: str,
        *,
        prefer_key: bool = False,
        warning: bool = False,
        at: FieldPath | None = None,
    ) -> Diagnostic:
        """A problem with the field at `path`, located at `at` (default: `path` itself)."""
        where = self.span(path if at is None else at, prefer_key=prefer_key)
        severity = Severity.WARNING if warning else Severity.ERROR
        return Diagnostic(self.file, where.line, where.column, dotted(path), message, severity)


def display_path(path: Path) -> str:
    """Paths relative to the working directory read best in diagnostics."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path) -> SourceDoc:
    shown = display_path(path)
    try:  # exists() too raises OSError, for a name longer than the file system allows
        if path.exists() and not path.is_file():  # a folder, or a FIFO that would block forever
            _fail(shown, 1, 1, "not a regular file")
        with path.open("rb") as handle:
            # Read one byte past the limit rather than trusting stat(): a device
            # or a growing file reports a size it does not keep to.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        _fail(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: str) -> SourceDoc:
    if len(raw) > MAX_FILE_BYTES:
        _fail(shown, 1, 1, f"file is larger than the limit of {MAX_FILE_BYTES} bytes")
    text = _decode(raw, shown)
    # One line-break convention, so that line numbers agree everywhere.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, warnings = _clean(text, shown)
    _check_events(text, shown)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _fail_yaml(exc, shown, text)
    except yaml.YAMLError as exc:
        _fail_reader(exc, text, shown)
    if root is None:
        _fail(shown, 1, 1, "the file holds no YAML document: a brief is a mapping of fields")
    builder = _Builder(shown, text)
    data = builder.build(root, ())
    if builder.errors:
        raise BriefError(builder.errors)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        _fail(shown, 1, 1, f"the top level must be a mapping of fields, not {kind}")
    lines = text.split("\n")
    return SourceDoc(
        shown, data, lines, builder.values, builder.keys, [*warnings, *builder.warnings]
    )


_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _decode(raw: bytes, shown: str) -> str:
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is harmless
    for mark, name in _OTHER_ENCODINGS:
        # Without a byte-order mark, UTF-16 shows as a zero byte beside each ASCII letter.
        if raw.startswith(mark) or (name == "UTF-16" and raw[:8].count(b"\x00") >= 2):
            _fail(shown, 1, 1, f"the file looks like {name} text; save it as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        _fail(
            shown,
            line,
            column,
            f"not UTF-8 text: byte 0x{byte:02x} at offset {exc.start}; save the file as UTF-8",
        )


def _clean(text: str, shown: str) -> tuple[str, list[Diagnostic]]:
    """Forbidden characters are errors, all at once; line separators become spaces."""
    errors = [
        _located(shown, text, m.start(), _forbidden(m.group())) for m in _FORBIDDEN.finditer(text)
    ]
    if errors:
        raise BriefError(_capped(errors))
    warnings = [
        _located(
            shown,
            text,
            m.start(),
            f"{_name(m.group())} replaced by a space",
            Severity.WARNING,
        )
        for m in _SEPARATORS.finditer(text)
    ]
    # A one-for-one replacement: every position stays where the user wrote it.
    return _SEPARATORS.sub(" ", text), _capped(warnings)


def _forbidden(char: str, how: str = "") -> str:
    code = ord(char)
    if 0x80 <= code <= 0x9F:
        hint = " (text decoded with the wrong encoding?)"
    elif 0xD800 <= code <= 0xDFFF:
        hint = " (half of a surrogate pair)"
    else:
        hint = ""
    return f"{_name(char)}{how} is not allowed in a brief{hint}; remove it"


def _name(char: str) -> str:
    code = ord(char)
    name = unicodedata.name(char, "")
    if unicodedata.category(char) == "Cc" or not name:
        return f"control character U+{code:04X}" if code < 0xD800 else f"character U+{code:04X}"
    return f"U+{code:04X} ({name.lower()})"


def _capped(found: list[Diagnostic]) -> list[Diagnostic]:
    if len(found) <= MAX_REPORTED:
        return found
    last = found[MAX_REPORTED - 1]
    more = len(found) - MAX_REPORTED
    note = f"... and {more} more like this"
    return [*found[:MAX_REPORTED], Diagnostic(last.file, last.line, last.column, "", note)]


def _located(
    shown: str, text: str, index: int, message: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    line, column = _position(text, index)
    return Diagnostic(shown, line, column, "", message, severity)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index (line breaks are `\n` here)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _check_events(text: str, shown: str) -> None:
    """Reject pathological nesting and sheer size before composing nodes.

    Streaming the parser's events costs little memory; composing a deeply
    nested file first would recurse once per level.
    """
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, column = _event_position(event)
                    _fail(shown, line, column, f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            count += 1
            if count > MAX_NODES:
                line, column = _event_position(event)
                _fail(shown, line, column, f"more than {MAX_NODES} YAML nodes")
    except yaml.MarkedYAMLError as exc:
        _fail_yaml(exc, shown, text)
    except yaml.YAMLError as exc:
        _fail_reader(exc, text, shown)


class _Builder:
    """Turns composed nodes into data, recording spans and collecting problems.

    Aliases are expanded here, so every expansion is metered: nodes, characters
    and depth count again each time an alias is used (billion laughs), and an
    alias inside the node it names is refused rather than followed forever.
    """

    def __init__(self, shown: str, text: str) -> None:
        self.shown = shown
        self.text = text
        self.values: dict[FieldPath, Span] = {}
        self.keys: dict[FieldPath, Span] = {}
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.expanded = 0
        self.aliased = 0
        self.aliased_chars = 0
        self.open: set[int] = set()  # ids of the collections being built
        self.built: set[int] = set()  # ids of every node built once: a second time is an alias
        self.sizes: dict[int, tuple[int, int]] = {}

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        if id(node) in self.open:
            self._stop(node, path, "an alias refers to a list or mapping that contains it")
        if id(node) in self.built:
            self._check_alias(node, path)
        self.built.add(id(node))
        self.expanded += 1
        self.values[path] = _span(node)
        if node.tag not in _CORE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._error(node, path, f"the YAML tag '{tag}' is not allowed in a brief; remove it")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if len(path) >= MAX_DEPTH:
            self._stop(node, path, f"nesting deeper than {MAX_DEPTH} levels (through aliases)")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)  # the composer makes no fourth kind
            return self._mapping(node, path)
        finally:
            self.open.discard(id(node))

    def _check_alias(self, node: yaml.Node, path: FieldPath) -> None:
        """An alias is about to expand `node` again: refuse before walking it if too big.

        Its size is counted once per node and remembered, so a billion-laughs file
        fails at the first alias that would go over a limit, in milliseconds.
        """
        nodes, chars = self._size(node, 0)
        self.aliased += nodes
        self.aliased_chars += chars
        if self.aliased > MAX_ALIASED_VALUES:
            problem = f"more than {MAX_ALIASED_VALUES} values"
        elif self.aliased_chars > MAX_ALIASED_CHARS:
            problem = f"more than {MAX_ALIASED_CHARS} characters"
        elif self.expanded + nodes > MAX_NODES:
            problem = f"more than {MAX_NODES} values"
        else:
            return
        # The alias was written in the field that holds it; the node is the anchor.
        where = self.keys.get(path) or self.values.get(path[:-1]) or _span(node)
        message = f"aliases expand this to {problem}; write the content out instead"
        self.errors.append(Diagnostic(self.shown, where.line, where.column, dotted(path), message))
        raise BriefError(self.errors)

    def _size(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        """Values and characters `node` expands to (memoised; deep nesting is the walk's)."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if isinstance(node, yaml.ScalarNode):
            size = (1, len(node.value))
        elif depth > MAX_DEPTH or key in self.open:
            size = (1, 0)  # the walk reports it at its place
        else:
            children = (
                node.value
                if isinstance(node, yaml.SequenceNode)
                else [part for pair in node.value for part in pair]
            )
            parts = [self._size(child, depth + 1) for child in children]
            size = (1 + sum(n for n, _ in parts), sum(c for _, c in parts))
        self.sizes[key] = size
        return size

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        text = node.value
        if len(text) > MAX_TEXT_CHARS:
            self._error(
                node, path, f"text of {len(text)} characters; the limit is {MAX_TEXT_CHARS}"
            )
            return ""
        text = self._checked_text(node, path, text)
        if node.style:  # quoted or block scalar: always text ('' or None is plain)
            return text
        if path and path[-1] in _ONE_LINE_FIELDS:
            self._check_comment(node, path)
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text in _NULL:
            return None
        return text

    def _checked_text(self, node: yaml.ScalarNode, path: FieldPath, text: str) -> str:
        """Characters an escape sequence let through, and words too long to lay out."""
        if found := _FORBIDDEN.search(text):
            char = found.group()
            self._report(node, path, char, lambda how: _forbidden(char, how))
        if found := _SEPARATORS.search(text):
            char = found.group()
            self._report(node, path, char, lambda how: f"{_name(char)}{how} replaced by a space")
            text = _SEPARATORS.sub(" ", text)
        if found := _LIGATURE.search(text):
            char, letters = found.group(), _LIGATURES[found.group()]
            message = f"{_name(char)}{{}} spelt out as '{letters}': fonts join letters themselves"
            self._report(node, path, char, message.format)
            text = _LIGATURE.sub(lambda m: _LIGATURES[m.group()], text)
        if found := _REMOVED.search(text):
            char, count = found.group(), len(_REMOVED.findall(text))
            why = _WHY_REMOVED["bidi" if char in _BIDI else "invisible"]
            more = f" ({count - 1} more removed from this text)" if count > 1 else ""
            self._report(node, path, char, lambda how: f"removed {_name(char)}{how}: {why}{more}")
            text = _REMOVED.sub("", text)
        if len(text) > MAX_WORD_CHARS:
            longest = max(_WORD.findall(text), key=len, default="")
            if len(longest) > MAX_WORD_CHARS:
                message = (
                    f"a word of {len(longest)} characters without a space;"
                    f" the limit is {MAX_WORD_CHARS}"
                )
                self._report(node, path, longest[:40], lambda how: message, error=True)
        return text

    def _check_comment(self, node: yaml.ScalarNode, path: FieldPath) -> None:
        """`series: Spotlight #12` is cut at ` #`, which starts a YAML comment: warn
        when the comment reads as part of the text (`#12`, or text ending in `&`)."""
        end = node.end_mark.index
        stop = self.text.find("\n", end)
        rest = self.text[end : stop if stop >= 0 else None]
        found = _COMMENT_AFTER.match(rest)
        if found is None or node.start_mark.line != node.end_mark.line:
            return
        if not found["word"] and not node.value.endswith(_UNFINISHED):
            return  # `heading: Outlook   # replaces "Outlook"`: a comment, as meant
        line, column = _position(self.text, end + found.start("hash"))
        whole = node.value + rest[: found.end()].rstrip()
        message = (
            f"the text after ' #' was dropped: YAML reads ' #' as the start of a comment;"
            f" to keep it, quote the value: {path[-1]}: {_quoted(whole)}"
        )
        self.warnings.append(
            Diagnostic(self.shown, line, column, dotted(path), message, Severity.WARNING)
        )

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, path, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if found := _FORBIDDEN.search(key):  # a key written with an escape: "\e[31m"
                char = found.group()
                self._report(key_node, path, char, functools.partial(_forbidden, char))
                continue
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                message = (
                    "YAML merge keys ('<<') are not supported in a brief; write the fields out"
                )
                self._error(key_node, path, message)
                continue
            if key in first_seen:
                self._error(
                    key_node,
                    (*path, key),
                    f"duplicate key '{key}' (first defined on line {first_seen[key]})",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.keys[(*path, key)] = _span(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _report(
        self,
        node: yaml.Node,
        path: FieldPath,
        needle: str,
        message: Callable[[str], str],
        *,
        error: bool | None = None,
    ) -> None:
        """A problem at `needle` as written inside `node`, else at the node itself.

        A character written as an escape (`"\\x07"`) is not in the source text, so
        `message` is told how it was written. Forbidden characters are errors,
        anything else a warning unless `error` says otherwise.
        """
        index = self.text.find(needle, node.start_mark.index, node.end_mark.index)
        if index < 0:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            how = " (written as an escape)"
        else:
            (line, column), how = _position(self.text, index), ""
        if error is None:
            error = bool(_FORBIDDEN.match(needle))
        severity = Severity.ERROR if error else Severity.WARNING
        found = Diagnostic(self.shown, line, column, dotted(path), message(how), severity)
        (self.errors if error else self.warnings).append(found)

    def _error(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            Diagnostic(self.shown, mark.line + 1, mark.column + 1, dotted(path), message)
        )

    def _stop(self, node: yaml.Node, path: FieldPath, message: str) -> NoReturn:
        """A limit was hit: report it (with what was found so far) and build no further."""
        self._error(node, path, message)
        raise BriefError(self.errors)


def _event_position(event: yaml.Event) -> tuple[int, int]:
    """Where a parser event starts, 1-based (the parser marks every event it makes)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _span(node: yaml.Node) -> Span:
    return Span(node.start_mark.line + 1, node.start_mark.column + 1, node.end_mark.line + 1)


def _fail(shown: str, line: int, column: int, message: str) -> NoReturn:
    raise BriefError([Diagnostic(shown, line, column, "", message)])


def _fail_yaml(exc: yaml.MarkedYAMLError, shown: str, text: str) -> NoReturn:
    lines = text.split("\n")
    if explained := _common_mistake(exc, lines):
        _fail(shown, *explained)
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if line > len(lines):  # the end of a file without a final line break
        line, column = len(lines), len(lines[-1]) + 1
    if mark and line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        problem = "a tab character cannot be used for indentation; use spaces"
    elif problem == "did not find expected key" and exc.context_mark:
        start = exc.context_mark.line + 1
        problem = f"check this line's indentation (it belongs to the mapping on line {start})"
    elif "another document" in problem:
        problem = "a brief is one YAML document; remove this '---' and what follows it"
    elif "end of stream" in problem and "quoted scalar" in (exc.context or "") and exc.context_mark:
        # Point at the quote that was never closed, not at the end of the file.
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        problem = "this quoted text is never closed (a missing quote)"
    elif exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        where = exc.context.removeprefix("while ")
        problem = f"{problem} ({where} on line {exc.context_mark.line + 1})"
    _fail(shown, line, column, f"YAML syntax error: {problem}")


# `key: value` or `- value` as a line of a brief starts: the key (if any) and the value.
_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?:(?P<key>[\w-]+):\s+)?(?P<value>\S.*?)\s*$")
_CURLY = "\u201c\u201d\u2018\u2019\u201e"  # “ ” ‘ ’ „
_KEY_IN_ITEM = re.compile(r"^(?P<lead>\s*-\s+)(?P<value>[^\s\"'{\[][^:]*:\s.*?)\s*$")


def _common_mistake(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """A syntax error a newcomer makes every day, as what to do and where to do it.

    PyYAML's words ("mapping values are not allowed in this context") name the
    parser's state; the source line at its mark shows which mistake it was.
    """
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    found = _LINE.match(lines[mark.line])
    problem, context = exc.problem or "", exc.context or ""
    if problem == "could not find expected ':'" and "simple key" in context and exc.context_mark:
        return _key_in_list_item(lines, exc.context_mark.line)
    if found is None:
        return None
    line, column = mark.line + 1, found.start("value") + 1
    value, key = found["value"], found["key"]
    written = f"{found['lead'].strip()} {key}: " if key else f"{found['lead'].strip()} "
    if problem.startswith("mapping values are not allowed") and value[0] in _CURLY:
        straight = _quoted(value.strip(_CURLY))
        return line, column, (
            "YAML syntax error: curly quotes (“…”, pasted from a word processor) are not YAML"
            f" quotes; use straight ones: {written.strip()} {straight}"
        )
    if problem.startswith("mapping values are not allowed"):
        return line, column, (
            "YAML syntax error: this value holds ': ', which YAML reads as the start of a"
            f" new key; put the whole value in quotes: {written.strip()} {_quoted(value)}"
        )
    char = lines[mark.line][mark.column : mark.column + 1]
    if problem.startswith("found character that cannot start any token") and char in "@`":
        what = "a citation ('[@')" if value.startswith("[@") else f"'{value[0]}'"
        return line, column, (
            f"YAML syntax error: a value cannot start with {what} unless quoted;"
            f" put the whole value in quotes: {written.strip()} {_quoted(value)}"
        )
    return None


def _key_in_list_item(lines: list[str], continued: int) -> tuple[int, int, str] | None:
    """`- Note: text` made the item a mapping, so the item's next line (`continued`,
    indented as the key) reads as a second key without its ':'."""
    indent = len(lines[continued]) - len(lines[continued].lstrip())
    for index in range(continued - 1, max(continued - 50, -1), -1):
        found = _KEY_IN_ITEM.match(lines[index])
        if found and len(found["lead"]) == indent:
            return index + 1, indent + 1, (
                "YAML syntax error: this list item holds ': ', which YAML reads as a key"
                f" (and line {continued + 1} as another); put the whole item in quotes:"
                f" - {_quoted(found['value'] + ' …')}"
            )
    return None


def _quoted(value: str) -> str:
    """`value` as a quoted YAML scalar to copy into the brief (shortened when long)."""
    shown = value if len(value) <= 60 else value[:57] + "…"
    if '"' not in shown and "\\" not in shown:
        return f'"{shown}"'
    return "'" + shown.replace("'", "''") + "'"


def _fail_reader(exc: yaml.YAMLError, text: str, shown: str) -> NoReturn:
    """The reader refused a character `_clean` let through (kept as a safety net)."""
    position = getattr(exc, "position", 0) or 0
    line, column = _position(text, position)
    char = getattr(exc, "character", None)
    code = ord(char) if isinstance(char, str) else char
    what = f"character U+{code:04X}" if isinstance(code, int) else "a character"
    _fail(shown, line, column, f"{what} is not allowed in a brief; remove it")
