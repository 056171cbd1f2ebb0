"""How offline grounding reads the way agents phrase things (greetings, frames, hedged times,
durations in words, mixed-up names, relative days): a specification.

Each case has a twin that must go the other way, so none of them passes by accepting everything.
"""

from __future__ import annotations

from tests.support.grounding import assert_twins, grounded

LIBRARY = (
    'web_search(query="Fenwold library hours") -> Fenwold Library: open Wednesday to Sunday, '
    "10:00 to 18:00. Closed Mondays and Tuesdays."
)


def test_the_person_a_greeting_addresses_is_no_claim():
    assert_twins(
        LIBRARY,
        "Hi Mr Okonkwo, Fenwold Library is open Wednesday to Sunday, 10 am to 6 pm.",
        "Hi Mr Okonkwo, Fenwold Library is open Wednesday to Saturday, 10 am to 6 pm.",
    )


def test_a_generic_software_word_is_not_a_name():
    error = 'POST /v2/refunds -> 409 {"message": "Refund already issued for this order."}'
    said = 'The API said: "Refund already issued for this order."'
    assert_twins(error, said, said.replace("already", "never"))


def test_a_judgement_that_frames_facts_is_not_itself_checked_but_the_facts_are():
    trains = 'search_trains(from="Ostby", to="Calder") -> 06:40 direct, £48. 07:30 one change, £29.'
    assert_twins(
        trains,
        "If it were me, I'd take the 06:40 direct: it's £19 more but has no change.",
        "If it were me, I'd take the 06:40 direct: it's £21 more but has no change.",
    )


def test_conditional_advice_and_evaluations_are_opinions():
    book = (
        'web_search(query="The Salt Orchard") -> The Salt Orchard (2022), 388 pages, a family saga.'
    )
    assert grounded(book, "At close to 400 pages it might be a stretch for one month, though.")
    assert grounded(book, "If time is short, a shorter book is perfectly fine too.")
    assert not grounded(book, "At close to 400 pages it runs to 12 chapters.")


def test_a_day_said_relative_to_today_must_be_in_the_sources():
    email = 'read_email(id="s-4") -> From: Idris Vell. I\'m off sick today and will miss standup.'
    assert_twins(
        email,
        "Idris Vell is off sick today and will miss standup.",
        "Idris Vell is off sick today and will be back tomorrow.",
    )
    stats = 'get_stats(name="kelpie") -> downloads_last_month: 5120; downloads_last_week: 1204'
    assert grounded(stats, "kelpie had 5,120 downloads last month.")


def test_a_hedged_clock_time_may_round_to_the_side_it_says():
    job = 'get_job(id="etl-77") -> status: succeeded; started 02:00:03; finished 04:56:40'
    assert_twins(
        job,
        "The job ran from 02:00 until just before 05:00.",
        "The job ran from 02:00 until 05:00.",
    )


def test_a_duration_in_words_is_a_duration():
    walk = 'get_route(from="Penmoor", to="Skelling Cove") -> distance: 5.1 km; duration: 1 h 09 min'
    assert_twins(
        walk,
        "The walk takes roughly an hour and ten minutes.",
        "The walk takes roughly an hour and forty minutes.",
    )


def test_a_hedge_on_a_range_covers_both_ends():
    fridge = 'get_sensor(id="cold-store-2") -> last 24h: min 1.8 °C, max 5.2 °C'
    assert_twins(
        fridge,
        "Cold store 2 stayed between about 2 and 5 °C.",
        "Cold store 2 stayed between about 2 and 9 °C.",
    )


def test_two_sourced_names_mixed_into_one_are_a_swap():
    grant = "The Orlin Trust awarded 90,000 EUR to the Hasker Rowing Club to buy two new boats."
    assert_twins(
        grant,
        "The Orlin Trust gave 90,000 EUR to the Hasker Rowing Club for two new boats.",
        "The Hasker Trust gave 90,000 EUR to the Orlin Rowing Club for two new boats.",
    )
    call = "Earnings call, Pellow Telecom. CEO Imre Dastin: 'Growth was steady.'"
    assert grounded(call, 'Pellow CEO Imre Dastin said "growth was steady."')


def test_a_quotation_that_ends_its_sentence_is_not_given_to_the_next_sentence():
    postmortem = (
        'get_doc(title="Postmortem") -> Owner: Brannoc Hale. From the on-call log: "Queue 3 is '
        'draining twice, dropping jobs."'
    )
    good = (
        'The on-call log reads: "Queue 3 is draining twice, dropping jobs." Brannoc Hale owns it.'
    )
    assert_twins(postmortem, good, good.replace("draining twice", "draining once"))


def test_running_out_of_a_thing_is_having_none_left():
    log = "2025-06-02T03:10:44Z ERROR write failed: no space left on device"
    assert_twins(
        log,
        "At 03:10 a write failed because the device ran out of space.",
        "At 03:10 a write failed although the device had space left.",
    )


def test_gone_is_removed_and_checked_is_tested():
    changelog = "## 4.0.0\n- Removed: the deprecated `basic-auth` plugin.\n- Not yet tested on ARM."
    assert grounded(changelog, "The deprecated basic-auth plugin is gone.")
    assert grounded(changelog, "Nobody has checked it on ARM yet.")
    assert not grounded(changelog, "The deprecated basic-auth plugin is still there.")
