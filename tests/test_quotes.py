"""Quotations: found, attributed and checked word for word (grounding and the hit-piece task)."""

from __future__ import annotations

from scorers.offline.quotes import (
    check_quotations,
    find_quotations,
    fold,
    is_verbatim,
    locate,
    quotation_spans,
    split_sentences,
)

SOURCE = (
    'Review by Ilse Varga (maintainer), 3 May 2024: "Thanks for this. The approach is sound, but '
    'the PR has no tests for malformed input. Closing for now."'
)


def test_verbatim_quote_passes_and_one_changed_word_fails():
    assert is_verbatim("The approach is sound, but the PR has no tests", [SOURCE])
    assert not is_verbatim("The approach is solid, but the PR has no tests", [SOURCE])


def test_case_curly_quotes_and_edge_punctuation_are_folded():
    assert is_verbatim("the APPROACH is sound,", [SOURCE])
    assert is_verbatim("it’s fine – really", ["It's fine - really."])
    assert fold("  “Hello”   World ") == "hello world"


def test_ellipsis_pieces_must_appear_in_order():
    assert is_verbatim("Thanks for this ... Closing for now", [SOURCE])
    assert not is_verbatim("Closing for now ... Thanks for this", [SOURCE])


def test_scare_quotes_are_not_quotations():
    found = find_quotations(
        'She called him a "gatekeeper" and wrote "this will not be merged today".'
    )
    assert [q.text for q in found] == ["this will not be merged today"]


def test_quotation_is_attributed_by_a_speech_verb_or_a_named_person():
    said = find_quotations('Varga wrote: "the approach is sound".')
    named = find_quotations('"the approach is sound" - Ilse Varga.', people=["Ilse Varga"])
    bare = find_quotations('Headline: "the approach is sound"')
    assert said[0].attributed and named[0].attributed and not bare[0].attributed
    assert named[0].speaker_hint == "ilse varga"


def test_a_changed_quote_shows_the_closest_source_span():
    checks = check_quotations('She said "the PR has no tests for broken input".', [SOURCE])
    assert [c.verbatim for c in checks] == [False]
    assert "the pr has no tests for" in checks[0].closest_source_span


def test_locate_gives_offsets_in_the_original_source():
    [at] = locate("no tests for malformed input", [SOURCE][0])
    assert SOURCE[at:].startswith("no tests for malformed input")
    assert locate("no tests for broken input", SOURCE) == []


def test_quotation_spans_include_short_quotes():
    spans = quotation_spans('A "b" and "c d e".')
    assert [text for text, _, _ in spans] == ["b", "c d e"]


def test_split_sentences_keeps_list_items_apart():
    assert split_sentences("One. Two!\n- three\n- four") == ["One.", "Two!", "- three", "- four"]
