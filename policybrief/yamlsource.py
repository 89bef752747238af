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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import BriefError, Diagnostic, FieldPath, Severity, dotted

try:  # libyaml when available: same results, several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_TEXT_CHARS = 100_000

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True, slots=True)
class Span:
    line: int  # 1-based
    column: int  # 1-based
    end_line: int


@dataclass
class SourceDoc:
    """A loaded YAML file: its data and where each field came from."""

    file: str
    data: Any
    lines: list[str]
    values: dict[FieldPath, Span] = field(default_factory=dict)
    keys: dict[FieldPath, Span] = field(default_factory=dict)

    def span(self, path: FieldPath, *, prefer_key: bool = False) -> Span:
        """The span of `path`, or of its nearest ancestor that exists."""
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if prefer_key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Span(1, 1, 1)

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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            _fail(shown, 1, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        _fail(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: str) -> SourceDoc:
    if len(raw) > MAX_FILE_BYTES:
        _fail(shown, 1, 1, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES} bytes")
    text = _decode(raw, shown)
    lines = text.splitlines()
    _check_events(text, shown)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _fail_yaml(exc, shown, text)
    except yaml.YAMLError as exc:
        _fail_reader(exc, text, shown)
    if root is None:
        _fail(shown, 1, 1, "the file holds no YAML document: a brief is a mapping of fields")
    builder = _Builder(shown)
    data = builder.build(root, ())
    if builder.errors:
        raise BriefError(builder.errors)
    doc = SourceDoc(shown, data, lines, builder.values, builder.keys)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        _fail(shown, 1, 1, f"the top level must be a mapping of fields, not {kind}")
    return doc


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        _fail(shown, line, column, f"not UTF-8 text: byte 0x{byte:02x} at offset {exc.start}")


def _check_events(text: str, shown: str) -> None:
    """Reject pathological nesting and sheer size before composing nodes."""
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    _fail(
                        shown,
                        mark.line + 1,
                        mark.column + 1,
                        f"nesting deeper than {MAX_DEPTH} levels",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            count += 1
            if count > MAX_NODES:
                mark = event.start_mark
                _fail(shown, mark.line + 1, mark.column + 1, f"more than {MAX_NODES} YAML nodes")
    except yaml.MarkedYAMLError as exc:
        _fail_yaml(exc, shown, text)
    except yaml.YAMLError as exc:
        _fail_reader(exc, text, shown)


class _Builder:
    """Turns composed nodes into data, recording spans and collecting errors."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.values: dict[FieldPath, Span] = {}
        self.keys: dict[FieldPath, Span] = {}
        self.errors: list[Diagnostic] = []
        self.expanded = 0

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.expanded += 1
        if self.expanded > MAX_NODES:
            # Aliases can multiply a small file into a huge tree (billion laughs).
            self._error(node, path, f"expands to more than {MAX_NODES} values (too many aliases)")
            raise BriefError(self.errors)
        self.values[path] = _span(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._mapping(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        text = node.value
        if len(text) > MAX_TEXT_CHARS:
            self._error(
                node, path, f"text of {len(text)} characters; the limit is {MAX_TEXT_CHARS}"
            )
            return ""
        if node.style:  # quoted or block scalar: always text ('' or None is plain)
            return text
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text in _NULL:
            return None
        return text

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, path, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
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

    def _error(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            Diagnostic(self.shown, mark.line + 1, mark.column + 1, dotted(path), message)
        )


def _span(node: yaml.Node) -> Span:
    return Span(node.start_mark.line + 1, node.start_mark.column + 1, node.end_mark.line + 1)


def _fail(shown: str, line: int, column: int, message: str) -> Any:
    raise BriefError([Diagnostic(shown, line, column, "", message)])


def _fail_yaml(exc: yaml.MarkedYAMLError, shown: str, text: str) -> Any:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if mark and line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        problem = "a tab character cannot be used for indentation; use spaces"
    elif exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        where = exc.context.removeprefix("while ")
        problem = f"{problem} ({where} on line {exc.context_mark.line + 1})"
    _fail(shown, line, column, f"YAML syntax error: {problem}")


def _fail_reader(exc: yaml.YAMLError, text: str, shown: str) -> Any:
    position = getattr(exc, "position", 0) or 0
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    char = getattr(exc, "character", None)
    code = ord(char) if isinstance(char, str) else char
    what = f"control character U+{code:04X}" if isinstance(code, int) else "a character"
    _fail(shown, line, column, f"{what} is not allowed in a brief; remove it")
