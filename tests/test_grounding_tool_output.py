"""How offline grounding reads tool output (JSON flags, chat turns, codes, units): a specification.

Each case has a twin that must go the other way, so none of them passes by accepting everything.
"""

from __future__ import annotations

from tests.support.grounding import assert_twins, grounded

USER = (
    'GET /api/v1/users/5127 -> {"name": "Ottilie Brandvik", "email_verified": true, '
    '"mfa_enabled": false, "last_login": "2025-10-14"}'
)
PR = 'get_pull_request(repo="quarrel/ui", number=204) -> state: closed; mergeable: false; merged: false'


def test_a_false_flag_is_a_denial_and_a_true_one_an_assertion():
    assert_twins(
        USER,
        "Ottilie Brandvik has verified her email but has not turned on MFA.",
        "Ottilie Brandvik has verified her email and has MFA enabled.",
    )
    assert_twins(PR, "PR 204 was closed without being merged.", "PR 204 was merged.")


def test_a_flag_is_not_read_into_an_identifier_that_shares_its_word():
    assert grounded(PR, "PR 204, which touched merge_panels(), was closed without being merged.")


def test_chat_turns_give_their_words_to_their_speaker_even_on_one_line():
    channel = (
        'read_channel(name="#launch") -> [09:02] Sefton Okafor: I think we should delay the '
        "beta by a week. [09:05] Wrenna Castell: I'd rather ship on time and patch later."
    )
    assert_twins(
        channel,
        "Sefton Okafor wants to delay the beta by a week; Wrenna Castell would rather ship on time.",
        "Wrenna Castell wants to delay the beta by a week; Sefton Okafor would rather ship on time.",
    )


def test_a_profile_line_is_not_a_speaker():
    profile = [
        "Ysolde Marr: maintainer of the Quillon charts library. Data engineer at Tessaly Labs.",
        'PlotCamp 2025 programme: 11:00, Room 3: "Axes and errors", Ysolde Marr (Quillon).',
    ]
    assert grounded(
        profile,
        'Ysolde Marr, a data engineer at Tessaly Labs, gives the talk "Axes and errors" at 11:00.',
    )


def test_a_year_month_field_names_the_month():
    rain = 'get_weather(station="Corbel Hill", month="2025-02") -> total_mm: 88.4; rain_days: 17'
    assert_twins(
        rain,
        "Corbel Hill had 88.4 mm of rain in February.",
        "Corbel Hill had 88.4 mm of rain in March.",
    )


def test_a_quarter_code_names_its_quarter_and_year():
    churn = 'GET /api/stats/churn?quarter=2025Q3 -> {"lost": 412, "start": 2980}'
    assert_twins(
        churn,
        "We lost 412 of 2,980 customers in Q3 2025.",
        "We lost 412 of 2,980 customers in Q4 2025.",
    )


def test_a_numbered_member_inside_an_identifier_and_a_temperature_column():
    sensor = 'read_sensor(id="plant-room-4") -> temp_c=41.2 alert=HIGH_TEMP'
    assert_twins(sensor, "Plant room 4 read about 41°C.", "Plant room 4 read about 47°C.")


def test_microseconds_are_not_milliseconds():
    bench = 'run_benchmark(function="resizer") -> cold start: 920 ms; warm start: 35 ms'
    assert_twins(bench, "A warm start takes 35 ms.", "A warm start takes 35 µs.")


def test_a_number_passed_to_a_tool_names_its_item():
    sources = [
        'get_issue(repo="lantern/core", number=52) -> Title: Crash on empty config.',
        'get_pull_request(repo="lantern/core", number=58) -> Body: "Fixes #52." State: merged.',
    ]
    assert_twins(sources, "PR #58 fixed issue #52.", "PR #59 fixed issue #52.")


def test_a_quotation_may_be_given_to_the_site_it_was_fetched_from():
    docs = (
        'fetch_url("https://docs.ombrelle.example/limits") -> Rate limits: "Each key may make 300 '
        'requests per minute." Limits reset every minute.'
    )
    said = 'The Ombrelle docs say: "Each key may make 300 requests per minute."'
    assert_twins(docs, said, said.replace("300", "500"))
