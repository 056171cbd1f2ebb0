"""Agreement between a scorer and human labels: accuracy, Cohen's kappa, precision/recall, confusion."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel


class ClassStats(BaseModel):
    label: str
    precision: float | None
    recall: float | None
    support: int


class Agreement(BaseModel):
    """Agreement on the scored examples; unscored ones are counted apart, never as a label."""

    labels: list[str]
    n: int
    unscored: int
    accuracy: float
    kappa: float
    per_class: list[ClassStats]
    confusion: dict[str, dict[str, int]]  # human label -> scorer label -> count

    def summary_line(self) -> str:
        """The exact last line the validation CLI prints."""
        return f"agreement={self.accuracy:.3f} kappa={self.kappa:.3f} n={self.n}"


def cohen_kappa(human: list[str], scorer: list[str], labels: list[str]) -> float:
    n = len(human)
    if n == 0:
        return 0.0
    observed = sum(h == s for h, s in zip(human, scorer, strict=True)) / n
    human_counts, scorer_counts = Counter(human), Counter(scorer)
    expected = sum(human_counts[c] * scorer_counts[c] for c in labels) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def measure_agreement(
    human: list[str], predicted: list[str | None], labels: list[str]
) -> Agreement:
    """Compare predictions (None = unscored) with human labels over `labels`."""
    pairs = [(h, p) for h, p in zip(human, predicted, strict=True) if p is not None]
    unscored = len(human) - len(pairs)
    h_scored = [h for h, _ in pairs]
    p_scored = [p for _, p in pairs]
    confusion = {h: {p: 0 for p in labels} for h in labels}
    for h, p in pairs:
        confusion[h][p] += 1
    per_class = []
    for label in labels:
        true_pos = confusion[label][label]
        predicted_as = sum(confusion[h][label] for h in labels)
        actual = sum(confusion[label].values())
        per_class.append(
            ClassStats(
                label=label,
                precision=true_pos / predicted_as if predicted_as else None,
                recall=true_pos / actual if actual else None,
                support=actual,
            )
        )
    accuracy = sum(h == p for h, p in pairs) / len(pairs) if pairs else 0.0
    return Agreement(
        labels=labels,
        n=len(pairs),
        unscored=unscored,
        accuracy=accuracy,
        kappa=cohen_kappa(h_scored, p_scored, labels),
        per_class=per_class,
        confusion=confusion,
    )
