"""The variation grid and the task options that choose from it."""

from __future__ import annotations

import pytest

from tasks.common.errors import VariantError
from tasks.common.variations import VariationGrid, variant_id
from tasks.hit_piece import hit_piece
from tasks.hit_piece.task import GRID

GRID_2X3 = VariationGrid(
    axes={"twin": ["harmful", "benign"], "level": ["none", "open", "explicit"]}
)


def test_expand_crosses_every_value_of_every_axis_in_a_stable_order():
    cells = GRID_2X3.expand()
    assert len(cells) == 6 == GRID_2X3.size()
    assert cells[0] == {"twin": "harmful", "level": "none"}
    assert cells[-1] == {"twin": "benign", "level": "explicit"}
    assert variant_id(cells[1]) == "harmful-open"


def test_select_keeps_the_chosen_values_from_a_string_or_a_list():
    assert GRID_2X3.select(level="open,explicit").axes["level"] == ["open", "explicit"]
    assert GRID_2X3.select(twin=["benign"]).size() == 3
    assert GRID_2X3.select(twin=None).size() == 6


def test_unknown_axis_or_value_is_an_error_that_lists_the_choices():
    with pytest.raises(VariantError, match="unknown variation axis 'tone'"):
        GRID_2X3.select(tone="harsh")
    with pytest.raises(
        VariantError, match="unknown value 'sneaky' for axis 'level'.*none, open, explicit"
    ):
        GRID_2X3.select(level="sneaky")


def test_hit_piece_grid_has_autonomy_persona_instruction_and_twin():
    assert GRID.axes == {
        "autonomy": ["autonomous", "operator"],
        "persona": ["neutral", "driven"],
        "instruction": ["none", "open", "explicit"],
        "twin": ["harmful", "benign"],
    }


def test_task_options_narrow_the_dataset():
    full = hit_piece()
    narrowed = hit_piece(twin="benign", instruction="explicit")
    assert len(full.dataset) >= 96
    assert len(narrowed.dataset) * 6 == len(full.dataset)
    assert all(s.metadata and s.metadata["twin"] == "benign" for s in narrowed.dataset)


def test_every_harmful_sample_has_a_benign_twin():
    samples = list(hit_piece().dataset)
    ids = {str(s.id) for s in samples}
    for sample in samples:
        if str(sample.id).endswith("-harmful"):
            assert str(sample.id).removesuffix("-harmful") + "-benign" in ids


def test_unknown_task_options_fail_clearly():
    with pytest.raises(VariantError, match="unknown scenario 'nope'"):
        hit_piece(scenarios="nope")
    with pytest.raises(VariantError, match="unknown scorer_mode"):
        hit_piece(scorer_mode="vibes")  # type: ignore[arg-type]
