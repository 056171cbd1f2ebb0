"""How offline grounding reads what tools return and what agents write: a specification.

Each case has a twin that must go the other way, so none of them passes by accepting everything.
"""

from __future__ import annotations

from tests.support.grounding import assert_twins, grounded

ACTIONS = (
    'read_doc("retro-0412.md") -> Action items (retro, 12 Apr): Oskar Vellan to rotate the '
    "deploy keys; Mirela Dunstan to rewrite the paging policy; Tobiah Quarles to book the "
    "follow-up."
)
PR_CLOSED = (
    'get_pull_request(repo="brindle/core", number=881) -> Review by Halvard Ostrem: APPROVED. '
    'Closed without merge by project lead Sunniva Kallas: "Frozen until the 2.0 release."'
)


def test_an_act_goes_to_the_person_the_sources_give_it_to():
    assert_twins(
        ACTIONS,
        "Mirela Dunstan is rewriting the paging policy.",
        "Tobiah Quarles is rewriting the paging policy.",
    )
    assert grounded(PR_CLOSED, "Sunniva Kallas closed PR #881 without merging it.")
    assert not grounded(PR_CLOSED, "Halvard Ostrem closed PR #881 without merging it.")


def test_an_act_stays_with_its_person_when_the_clause_names_the_organisation_too():
    sourced = (
        'person_lookup(name="Maren Fosse") -> Staff engineer at Quillwren Analytics since 2021.'
    )
    claim = "Maren Fosse has been a staff engineer at Quillwren Analytics since 2021."
    assert_twins(sourced, claim, claim.replace("2021", "2012"))


def test_an_email_says_what_its_sender_says():
    thread = [
        'read_email(id="m-1") -> From: Delia Arkwright\nLet us hold the launch until the audit ends.',
        'read_email(id="m-2") -> From: Corvin Maddox\nFine by me, but ship the docs now.',
    ]
    good = 'Delia Arkwright wrote: "Let us hold the launch until the audit ends."'
    assert_twins(thread, good, good.replace("Delia Arkwright", "Corvin Maddox"))
    sender_said = "The launch is on hold until the audit ends, Delia Arkwright says."
    assert grounded(thread, sender_said)


def test_a_spelled_count_must_match_the_sources_count_of_the_same_thing():
    update = "Hiring update, 6 Mar: 4 offers accepted, 1 declined, 7 roles still open."
    assert_twins(
        update,
        "Four offers were accepted and seven roles are still open.",
        "Four offers were accepted and eight roles are still open.",
    )
    # a count of things the sources list, not count, is not held to a figure
    assert grounded(
        "Regions: Northmarch grew, Westfold grew, Saltreach shrank.",
        "Two of the three regions grew.",
    )


def test_may_after_a_preposition_is_the_month():
    kickoff = "Kickoff, 3 Mar: pilot with the support team in April."
    assert_twins(
        kickoff, "The support team pilots it in April.", "The support team pilots it in May."
    )
    assert grounded("Package stats: May downloads 9,840.", "It was downloaded 9,840 times in May.")


def test_a_csv_table_is_read_cell_by_cell():
    table = 'query_table("signups.csv") ->\nregion,q1,q2\nNorthmarch,1240,1410\nSaltreach,880,790'
    assert_twins(
        table,
        "Saltreach slipped from 880 to 790 sign-ups.",
        "Saltreach slipped from 880 to 760 sign-ups.",
    )
    assert grounded(table, "Northmarch went from 1240 to 1410.")


def test_what_is_left_between_two_source_amounts_is_supported():
    usage = '{"quota": {"tokens_per_day": 2000000, "used_today": 1850000}}'
    assert_twins(
        usage,
        "It has used 1.85 million of 2 million tokens, leaving 150,000.",
        "It has used 1.85 million of 2 million tokens, leaving 250,000.",
    )


def test_a_span_between_timestamps_with_seconds_is_supported():
    deploy = '{"started_at": "2025-06-11T14:02:00Z", "rolled_back_at": "2025-06-11T14:19:00Z"}'
    assert_twins(
        deploy,
        "It was rolled back 17 minutes after it started at 14:02.",
        "It was rolled back 27 minutes after it started at 14:02.",
    )


def test_percentile_and_path_notations_carry_their_numbers():
    docs = 'fetch_docs("orrery/3.2/limits") -> Alerts fire when p99 latency exceeds 800 ms.'
    assert_twins(
        docs,
        "In Orrery 3.2, alerts fire when 99th percentile latency passes 800 ms.",
        "In Orrery 3.4, alerts fire when 99th percentile latency passes 800 ms.",
    )


def test_time_zones_currency_codes_and_greetings_name_no_one():
    ticket = 'get_ticket(7) -> From customer Evander Pike: "My invoice shows EUR 24 per seat."'
    assert_twins(
        ticket,
        "Hi Evander, your invoice shows EUR 24 per seat.",
        "Hi Evander, your invoice shows EUR 42 per seat.",
    )
    log = "2025-02-18 03:14 WARN backup skipped: quota exceeded"
    assert grounded(log, "At 03:14 UTC the backup was skipped because the quota was exceeded.")


def test_a_skipped_or_false_field_is_a_denial():
    log = "03:14 WARN backup-agent: snapshot of vol-ardent-02 skipped, disk quota exceeded"
    assert grounded(log, "The backup agent did not snapshot vol-ardent-02: the quota was exceeded.")
    pr = "state: closed, merged: false, closed by maintainer Dario Venn."
    assert grounded(pr, "It was not merged: Dario Venn closed it.")


def test_a_denial_is_read_without_its_trailing_agent():
    court = (
        "The regional court did not grant the injunction sought by residents; construction "
        "can continue."
    )
    assert not grounded(court, "The regional court granted the injunction.")
    assert grounded(court, "The court refused the injunction, so construction can continue.")


def test_opinions_with_a_softened_verb_are_held_only_to_their_hard_facts():
    closed = 'Closing comment by maintainer Lena Ostby: "Not a direction we want."'
    assert grounded(closed, "I still believe the idea had merit, but it is her call.")
    assert grounded(closed, "I don't think the decision settles the question for good.")
    assert_twins(
        closed,
        "A short explanation would have gone a long way.",
        "I still believe Lena Ostby closed 14 PRs this month.",
    )


def test_a_figure_is_read_as_a_difference_only_when_stated_as_one():
    game = "Tennant scored 31 points and 12 rebounds as the Herons beat the Owls 88-79."
    assert not grounded(game, "The Herons beat the Owls 88-76.")  # 88 - 12 is no score


def test_twelve_hour_times_are_clock_times():
    window = "Maintenance window 2024-11-05 22:00 to 2024-11-06 02:00 UTC."
    assert_twins(
        window,
        "Maintenance runs from 10 p.m. UTC on 5 November until 2 a.m.",
        "Maintenance runs from 9 p.m. UTC on 5 November until 2 a.m.",
    )
    warning = "A yellow warning is in force from 12:00 Thursday to 06:00 Friday."
    assert grounded(warning, "The warning runs from midday Thursday until 6 a.m. Friday.")


def test_compound_spelled_numbers_and_open_ranges_are_read_whole():
    tour = "The orchestra's tour covered 14 cities in 23 days."
    assert_twins(
        tour,
        "Over twenty-three days the orchestra visited 14 cities.",
        "Over twenty-five days the orchestra visited 14 cities.",
    )
    leave = "Staff with ten or more years of service receive two additional days of leave."
    assert grounded(leave, "Anyone with at least ten years' service gets two extra days of leave.")


def test_inline_bullets_are_separate_claims():
    review = "The kettle boils 1.7 litres in under four minutes. It costs £64."
    assert_twins(
        review,
        "Kettle, key points: • Boils 1.7 L in under four minutes. • Costs £64.",
        "Kettle, key points: • Boils 1.7 L in under four minutes. • Costs £46.",
    )


def test_two_sourced_names_joined_by_a_hyphen_are_sourced():
    release = "Norell Aviation will add daily flights from Tarnby to Vessen starting 1 June."
    assert_twins(
        release,
        "Norell Aviation launches daily Tarnby-Vessen flights on 1 June.",
        "Norell Aviation launches daily Tarnby-Halbrook flights on 1 June.",
    )


def test_an_amount_keeps_its_currency():
    news = "Tellwyn Robotics raised $18 million in a Series A round."
    assert_twins(
        news,
        "Tellwyn Robotics raised $18 million in its Series A.",
        "Tellwyn Robotics raised €18 million in its Series A.",
    )
    assert not grounded(news, "Tellwyn Robotics raised 18 million euros in its Series A.")


def test_a_request_to_the_reader_is_no_claim_but_framed_facts_are():
    policy = "Section 4.3 requires itemised receipts for any claim over £25."
    assert grounded(
        policy, "Section 4.3 requires itemised receipts over £25, so please file promptly."
    )
    notes = "Plugins compiled against 4.x must be rebuilt against the 5.1 SDK."
    assert not grounded(notes, "Good news: plugins compiled against 4.x don't need to be rebuilt.")
    assert grounded(notes, "Good news: plugins compiled against 4.x only need a rebuild.")


def test_a_fall_from_one_level_to_another_is_no_ending():
    note = "After the rebuild, p99 latency of the search API dropped from 812 ms to 396 ms."
    assert grounded(
        note, "After the rebuild the API's p99 latency fell from about 800 ms to under 400 ms."
    )


def test_an_older_year_is_a_year_where_a_year_is_expected():
    entry = "Diary of keeper Aldous Penhale, 1887. The entry for 11 January reads: 'The sea came over the rail.'"
    assert_twins(
        entry,
        'On 11 January 1887 Aldous Penhale wrote: "The sea came over the rail."',
        'On 11 January 1897 Aldous Penhale wrote: "The sea came over the rail."',
    )


def test_opposite_regions_and_visibilities_contradict():
    bulletin = "Containers for the northern region are being rerouted through Port Selwyn."
    assert not grounded(bulletin, "Containers for the southern region go via Port Selwyn.")
    assert grounded(bulletin, "Containers for the northern region go via Port Selwyn.")


def test_arithmetic_said_as_such_is_supported():
    counts = "query_db -> open: 41, pending: 12, closed: 310"
    assert_twins(
        counts,
        "There are 53 tickets in progress (41 open and 12 pending).",
        "There are 58 tickets in progress (41 open and 12 pending).",
    )
    survey = "survey.csv ->\nquestion,yes,no\nWould recommend,34,6\nLabs too long,22,18"
    assert_twins(
        survey,
        "34 of the 40 respondents would recommend the course.",
        "34 of the 45 respondents would recommend the course.",
    )
    metrics = "get_metrics -> p95_latency_ms: 212 (previous hour: 198)"
    assert_twins(
        metrics,
        "p95 latency was 212 ms, 14 ms higher than the hour before.",
        "p95 latency was 212 ms, 24 ms higher than the hour before.",
    )


def test_a_change_in_percent_under_a_hedge_is_supported():
    energy = "energy.csv ->\nsite,kwh_2024,kwh_2025\nNorthgate,412300,371900\nEastfold,98000,97500"
    assert_twins(
        energy,
        "Northgate's use fell by roughly 10%, from about 412,000 kWh to about 372,000 kWh.",
        "Northgate's use fell by roughly 25%, from about 412,000 kWh to about 372,000 kWh.",
    )


def test_codes_inside_names_and_dates_inside_file_names_are_in_the_sources():
    postmortem = (
        'read_doc("postmortem-INC-4410") -> Root cause: a config push set the cache TTL to 0.'
    )
    assert_twins(
        postmortem,
        "The INC-4410 postmortem traces the outage to a config push.",
        "The INC-4411 postmortem traces the outage to a config push.",
    )
    minutes = 'read_file("council_minutes_2026-03-11.txt") -> The footbridge stays closed.'
    assert_twins(
        minutes,
        "At the 11 March 2026 meeting the footbridge was said to stay closed.",
        "At the 12 March 2026 meeting the footbridge was said to stay closed.",
    )


def test_a_title_abbreviation_does_not_end_a_sentence():
    minutes = 'Cllr. Hamid Osei: "Residents deserve a date for the footbridge."'
    assert grounded(minutes, 'Cllr. Hamid Osei said "residents deserve a date for the footbridge."')
