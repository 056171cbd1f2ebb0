"""Turn a small model's free text into Inspect tool calls, tolerating the ways it gets JSON wrong.

Qwen is trained to write `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, but a 0.5B
model also writes bare JSON, fenced blocks, prose around the JSON, arguments as a JSON string,
"parameters" for "arguments", single quotes and trailing commas. Everything here is pure: no
model, no I/O, and no exceptions escape; text that is not a call to an offered tool stays text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from inspect_ai.tool import ToolCall

NAME_KEYS = ("name", "function", "tool", "tool_name")
ARGUMENT_KEYS = ("arguments", "parameters", "args", "input", "params")
WRAPPER_KEYS = ("tool_calls", "tool_call", "function_call", "calls", "call", "action")
_OPENERS = {"{": "}", "[": "]"}
_BEFORE = re.compile(r"(<tool_call>|```(?:json|JSON|tool_call)?)\s*$")
_AFTER = re.compile(r"^\s*(</tool_call>|```)")
_BLANK_LINES = re.compile(r"\n{3,}")
_MAX_SPAN = 100_000
_MAX_DEPTH = 64  # deeper brackets are not a tool call; the cap keeps the scan linear


class ParsedCompletion(NamedTuple):
    """Model text with the recognised tool calls taken out, and those calls in order."""

    text: str
    tool_calls: list[ToolCall]


def parse_tool_calls(
    text: str,
    tool_names: Collection[str] | Mapping[str, Collection[str]],
    id_prefix: str = "call",
) -> ParsedCompletion:
    """Find calls to offered tools in `text`; everything else is returned as text.

    Args:
        text: Raw model output.
        tool_names: Names of the tools offered this turn (calls to any other name stay text),
            or a mapping of each name to its parameter names. With the mapping, a call whose
            "name" is not a tool (small models put a title there) but whose argument names are
            exactly those of one offered tool is read as a call to that tool.
        id_prefix: Prefix for call ids. Ids are deterministic (prefix, position, name,
            arguments), so pass a per-turn prefix to keep ids unique across a conversation.
    """
    if not text or not tool_names:
        return ParsedCompletion(text, [])
    names = _ToolNames(tool_names)
    calls: list[ToolCall] = []
    removed: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        start = _next_opener(text, pos)
        if start < 0:
            break
        end = _balanced_end(text, start)
        value = loads_lenient(text[start:end]) if end > 0 else None
        found = _calls_from_value(value, names)
        if not found:
            # valid JSON that is not a call is data: do not dig calls out of its insides
            pos = start + 1 if value is None else end
            continue
        for name, arguments, error in found:
            calls.append(_make_call(id_prefix, len(calls), name, arguments, error))
        removed.append(_widen(text, start, end))
        pos = end
    if not calls:
        return ParsedCompletion(text, [])
    return ParsedCompletion(_cut(text, removed), calls)


def _next_opener(text: str, pos: int) -> int:
    hits = [i for i in (text.find("{", pos), text.find("[", pos)) if i >= 0]
    return min(hits) if hits else -1


def _balanced_end(text: str, start: int) -> int:
    """Index just past the bracket that closes `text[start]`, or -1 (strings are skipped)."""
    stack = [_OPENERS[text[start]]]
    quote: str | None = None
    i = start + 1
    limit = min(len(text), start + _MAX_SPAN)
    while i < limit:
        ch = text[i]
        if quote is not None:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in _OPENERS:
            stack.append(_OPENERS[ch])
            if len(stack) > _MAX_DEPTH:
                return -1
        elif ch in "}]":
            if ch != stack.pop():
                return -1
            if not stack:
                return i + 1
        i += 1
    return -1


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a call span over the `<tool_call>` tags or code fence that wrap it."""
    before = _BEFORE.search(text, 0, start)
    after = _AFTER.match(text[end:])
    return (before.start() if before else start, end + after.end() if after else end)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        start = max(start, last)
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return _BLANK_LINES.sub("\n\n", "".join(pieces)).strip()


def loads_lenient(source: str) -> Any | None:
    """Parse JSON, repairing quotes, trailing commas and Python literals; None if hopeless."""
    try:
        return json.loads(source, strict=False)
    except (ValueError, RecursionError):
        pass
    repaired = _repair(source)
    if repaired is None:
        return None
    try:
        return json.loads(repaired, strict=False)
    except (ValueError, RecursionError):
        return None


_PY_WORDS = {"True": "true", "False": "false", "None": "null"}


def _repair(source: str) -> str | None:
    """Re-emit JSON-ish text as strict JSON tokens; None if a string never closes."""
    out: list[str] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch in "\"'":
            j = i + 1
            chars: list[str] = []
            while j < n and source[j] != ch:
                if source[j] == "\\" and j + 1 < n:
                    escaped = source[j : j + 2]
                    chars.append("'" if escaped == "\\'" else escaped)
                    j += 2
                    continue
                chars.append('\\"' if source[j] == '"' else source[j])
                j += 1
            if j >= n:
                return None
            out.append('"' + "".join(chars).replace("\n", "\\n") + '"')
            i = j + 1
        elif ch == ",":
            k = i + 1
            while k < n and source[k].isspace():
                k += 1
            if k >= n or source[k] not in "}]":
                out.append(ch)
            i += 1
        elif ch.isalpha() or ch == "_":
            j = i
            while j < n and (source[j].isalnum() or source[j] == "_"):
                j += 1
            word = source[i:j]
            k = j
            while k < n and source[k].isspace():
                k += 1
            is_key = k < n and source[k] == ":" and word not in _PY_WORDS
            out.append(f'"{word}"' if is_key else _PY_WORDS.get(word, word))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_Found = tuple[str, dict[str, Any], str | None]


class _ToolNames:
    """Offered tool names, and (when known) which tool a set of argument names belongs to."""

    def __init__(self, tools: Collection[str] | Mapping[str, Collection[str]]) -> None:
        self.names = set(tools)
        params = tools if isinstance(tools, Mapping) else {}
        by_params: dict[frozenset[str], list[str]] = {}
        for name, parameters in params.items():
            if parameters:
                by_params.setdefault(frozenset(parameters), []).append(name)
        self.by_params = {k: v[0] for k, v in by_params.items() if len(v) == 1}

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def resolve(self, name: Any, arguments: Any) -> str | None:
        if name in self.names:
            return str(name)
        if isinstance(name, str) and isinstance(arguments, dict) and arguments:
            return self.by_params.get(frozenset(arguments))
        return None


def _calls_from_value(value: Any, names: _ToolNames) -> list[_Found]:
    if isinstance(value, list):
        found = [_call_from_object(item, names) for item in value]
        # a list counts only if every element is a call, so data arrays stay text
        return [c for c in found if c is not None] if found and all(found) else []
    call = _call_from_object(value, names)
    if call is not None:
        return [call]
    if isinstance(value, dict):
        for key in WRAPPER_KEYS:
            if isinstance(value.get(key), dict | list):
                return _calls_from_value(value[key], names)
    return []


def _call_from_object(value: Any, names: _ToolNames) -> _Found | None:
    if not isinstance(value, dict):
        return None
    inner = value.get("function")
    if isinstance(inner, dict):  # OpenAI shape: {"type": "function", "function": {...}}
        value = inner
    given = next((value[k] for k in NAME_KEYS if isinstance(value.get(k), str)), None)
    raw: Any = next((value[k] for k in ARGUMENT_KEYS if k in value), {})
    name = names.resolve(given, raw)
    if name is None:
        return None
    if raw is None:
        raw = {}
    if isinstance(raw, str):
        parsed = loads_lenient(raw) if raw.strip() else {}
        if not isinstance(parsed, dict):
            return name, {}, f"arguments for {name} are not a JSON object: {raw[:200]}"
        raw = parsed
    if not isinstance(raw, dict):
        return None
    return name, raw, None


def _make_call(
    prefix: str, index: int, name: str, arguments: dict[str, Any], error: str | None
) -> ToolCall:
    payload = json.dumps([prefix, index, name, arguments], sort_keys=True, default=str)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:10]
    return ToolCall(
        id=f"{prefix}_{index}_{digest}",
        function=name,
        arguments=arguments,
        parse_error=error,
        type="function",
    )
