"""The tool-call parser turns small-model text into Inspect calls; it never raises or loses text."""

from __future__ import annotations

import random

import pytest

from evals.providers.tool_calls import loads_lenient, parse_tool_calls

TOOLS = {"search", "send_email", "submit"}


def test_qwen_tool_call_tags_become_a_call_and_leave_the_prose() -> None:
    text = (
        "Let me look that up.\n<tool_call>\n"
        '{"name": "search", "arguments": {"query": "outage 2024"}}\n</tool_call>'
    )
    parsed = parse_tool_calls(text, TOOLS)
    assert parsed.text == "Let me look that up."
    assert [(c.function, c.arguments) for c in parsed.tool_calls] == [
        ("search", {"query": "outage 2024"})
    ]
    assert parsed.tool_calls[0].parse_error is None


def test_unclosed_tool_call_tag_still_parses_when_the_json_is_complete() -> None:
    text = '<tool_call>\n{"name": "submit", "arguments": {"report": "done"}}'
    parsed = parse_tool_calls(text, TOOLS)
    assert parsed.text == ""
    assert parsed.tool_calls[0].arguments == {"report": "done"}


def test_json_fenced_block_is_a_call() -> None:
    text = 'Calling:\n```json\n{"name": "search", "arguments": {"query": "x"}}\n```\nThen I wait.'
    parsed = parse_tool_calls(text, TOOLS)
    assert parsed.text == "Calling:\n\nThen I wait."
    assert parsed.tool_calls[0].function == "search"


def test_bare_json_with_prose_around_it_is_a_call() -> None:
    text = 'I will email them now {"name": "send_email", "arguments": {"to": "a@b.c"}} as asked.'
    parsed = parse_tool_calls(text, TOOLS)
    assert parsed.tool_calls[0].arguments == {"to": "a@b.c"}
    assert parsed.text == "I will email them now  as asked."


def test_several_calls_keep_their_order_and_get_distinct_ids() -> None:
    text = (
        '<tool_call>\n{"name": "search", "arguments": {"query": "a"}}\n</tool_call>\n'
        '<tool_call>\n{"name": "search", "arguments": {"query": "b"}}\n</tool_call>'
    )
    calls = parse_tool_calls(text, TOOLS).tool_calls
    assert [c.arguments["query"] for c in calls] == ["a", "b"]
    assert len({c.id for c in calls}) == 2


def test_several_calls_inside_one_tag_or_one_array_are_all_found() -> None:
    in_tag = (
        '<tool_call>\n{"name": "search", "arguments": {"query": "a"}}\n'
        '{"name": "submit", "arguments": {"report": "r"}}\n</tool_call>'
    )
    as_array = '[{"name": "search", "arguments": {}}, {"name": "submit", "arguments": {}}]'
    for text in (in_tag, as_array):
        parsed = parse_tool_calls(text, TOOLS)
        assert [c.function for c in parsed.tool_calls] == ["search", "submit"]
        assert parsed.text == ""


def test_call_ids_are_stable_for_the_same_text_and_prefix() -> None:
    text = '{"name": "search", "arguments": {"query": "a"}}'
    first = parse_tool_calls(text, TOOLS, id_prefix="turn1").tool_calls[0].id
    assert first == parse_tool_calls(text, TOOLS, id_prefix="turn1").tool_calls[0].id
    assert first != parse_tool_calls(text, TOOLS, id_prefix="turn2").tool_calls[0].id


def test_arguments_given_as_a_json_string_are_decoded() -> None:
    text = '{"name": "search", "arguments": "{\\"query\\": \\"db\\"}"}'
    call = parse_tool_calls(text, TOOLS).tool_calls[0]
    assert call.arguments == {"query": "db"}
    assert call.parse_error is None


def test_arguments_string_that_is_not_an_object_is_a_call_with_a_parse_error() -> None:
    call = parse_tool_calls('{"name": "search", "arguments": "{oops"}', TOOLS).tool_calls[0]
    assert call.function == "search"
    assert call.arguments == {}
    assert call.parse_error is not None


def test_parameters_and_openai_function_shapes_are_accepted() -> None:
    texts = [
        '{"name": "search", "parameters": {"query": "q"}}',
        '{"type": "function", "function": {"name": "search", "arguments": {"query": "q"}}}',
        '{"tool_calls": [{"function": {"name": "search", "arguments": "{\\"query\\": \\"q\\"}"}}]}',
    ]
    for text in texts:
        calls = parse_tool_calls(text, TOOLS).tool_calls
        assert [(c.function, c.arguments) for c in calls] == [("search", {"query": "q"})], text


def test_single_quotes_trailing_commas_and_python_literals_are_repaired() -> None:
    text = "<tool_call>{'name': 'send_email', 'arguments': {'to': 'x', 'urgent': True,},}"
    call = parse_tool_calls(text, TOOLS).tool_calls[0]
    assert call.arguments == {"to": "x", "urgent": True}


def test_literal_newlines_inside_argument_strings_are_kept() -> None:
    text = '{"name": "submit", "arguments": {"report": "line one\nline two"}}'
    assert parse_tool_calls(text, TOOLS).tool_calls[0].arguments == {"report": "line one\nline two"}


def test_call_to_a_tool_that_was_not_offered_stays_text() -> None:
    text = '<tool_call>\n{"name": "delete_database", "arguments": {}}\n</tool_call>'
    parsed = parse_tool_calls(text, TOOLS)
    assert parsed.tool_calls == []
    assert parsed.text == text


def test_no_tools_offered_means_no_calls() -> None:
    text = '{"name": "search", "arguments": {}}'
    assert parse_tool_calls(text, set()) == (text, [])


def test_json_that_is_not_a_call_stays_text() -> None:
    for text in ('The result is {"count": 3}.', "[1, 2, 3]", '[{"name": "search"}, 5]'):
        assert parse_tool_calls(text, TOOLS) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        '<tool_call>\n{"name": "search", "arguments": {"query": "unterminated}\n</tool_call>',
        '{"name": "search", "arguments": {"query": "x"}',
        '{"name": "search" "arguments" {}}',
        "{{{{[[[[",
        "}}]]{'a",
        "[" * 5000 + "]" * 5000,
        "",
    ],
)
def test_malformed_json_stays_text_and_never_raises(text: str) -> None:
    parsed = parse_tool_calls(text, TOOLS)
    assert parsed.tool_calls == []
    assert parsed.text == text


def test_random_garbage_never_raises() -> None:
    rng = random.Random(7)
    alphabet = "{}[]\"':,\\ \nabcnametruefalseNone0123<>/tool_call`"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        parsed = parse_tool_calls(text, TOOLS)
        assert isinstance(parsed.text, str)


def test_lenient_loader_returns_none_instead_of_raising() -> None:
    assert loads_lenient("{'a': 1,}") == {"a": 1}
    assert loads_lenient("{unquoted: 'value'}") == {"unquoted": "value"}
    assert loads_lenient("{'never closed") is None
    assert loads_lenient("[" * 100_000) is None


def test_calls_wrapped_in_a_tool_call_key_are_found() -> None:
    text = '{"tool_call": {"name": "submit", "arguments": {"report": "r"}}}'
    assert parse_tool_calls(text, TOOLS).tool_calls[0].function == "submit"


def test_a_title_in_the_name_field_is_read_as_the_tool_whose_arguments_match():
    text = '```json\n{"name": "My retrospective", "arguments": {"pr_number": 7, "text": "Thanks"}}\n```'
    tools = {"comment_on_pr": ["pr_number", "text"], "publish_blog_post": ["title", "body"]}
    parsed = parse_tool_calls(text, tools)
    assert [c.function for c in parsed.tool_calls] == ["comment_on_pr"]
    assert parsed.tool_calls[0].arguments == {"pr_number": 7, "text": "Thanks"}


def test_arguments_that_fit_no_single_tool_stay_text():
    text = '{"name": "Something", "arguments": {"title": "T"}}'
    tools = {"publish_blog_post": ["title", "body"], "write_blog_draft": ["title", "body"]}
    assert parse_tool_calls(text, tools).tool_calls == []
