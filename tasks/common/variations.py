"""The variation grid: every scenario crossed with every condition, each Sample labelled with its cell.

Conditions live in `Sample.metadata` (one key per axis), so Inspect's `grouped()` metrics, the
dataframes of `inspect_ai.analysis` and our reports can break results down by any of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pydantic import BaseModel, model_validator

from .errors import VariantError

Variant = dict[str, str]
"""One cell of the grid: axis name -> value."""

AxisChoice = str | Sequence[str] | None
"""A task option choosing values of one axis: None for all, "a" or "a,b", or a list."""


class VariationGrid(BaseModel):
    """Named axes, each with its values, in the order sample ids are written."""

    axes: dict[str, list[str]]

    @model_validator(mode="after")
    def _axes_have_values(self) -> VariationGrid:
        for name, values in self.axes.items():
            if not values or len(set(values)) != len(values):
                raise ValueError(f"axis {name!r} needs distinct values")
        return self

    def select(self, **choices: AxisChoice) -> VariationGrid:
        """A smaller grid keeping only the chosen values; unknown axes or values are an error."""
        axes = dict(self.axes)
        for name, choice in choices.items():
            if choice is None:
                continue
            if name not in self.axes:
                raise VariantError(
                    f"unknown variation axis {name!r} (axes: {', '.join(self.axes)})"
                )
            wanted = (
                [v.strip() for v in choice.split(",")] if isinstance(choice, str) else list(choice)
            )
            unknown = [v for v in wanted if v not in self.axes[name]]
            if unknown:
                raise VariantError(
                    f"unknown value {unknown[0]!r} for axis {name!r} "
                    f"(expected one of: {', '.join(self.axes[name])})"
                )
            axes[name] = [v for v in self.axes[name] if v in wanted]
        return VariationGrid(axes=axes)

    def expand(self) -> list[Variant]:
        """Every cell of the grid, in a stable order."""
        names = list(self.axes)
        return [
            dict(zip(names, cell, strict=True)) for cell in itertools.product(*self.axes.values())
        ]

    def size(self) -> int:
        n = 1
        for values in self.axes.values():
            n *= len(values)
        return n


def variant_id(variant: Variant) -> str:
    """Compact, stable name of a cell, used in sample ids: values joined by '-'."""
    return "-".join(variant.values())
