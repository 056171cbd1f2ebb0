"""Can the 1.5B reader overrule the grounding rules' false alarms if shown only the lines that matter?

The rules' errors on a new author's split are mostly false alarms (about 20 of 120 per author
against about 12 misses). Earlier probes asked the reader about a claim with all the sources in
its context and found it at chance. Here each claim the rules failed is put to the reader with a
short excerpt: the four source sentences sharing the most words with it. If the reader separated
the rules' false alarms from their true ones, it could veto the weak checks.

The flags are taken from the rules *as they were when each split was first seen* (so the
false alarms are the ones a new author's text really provokes), which needs the old code:

    git worktree add /tmp/wt4 e8a50c3; git worktree add /tmp/wt5 b2a06fb; git worktree add /tmp/wt6 7b5fbf7
    cd /tmp/wt4 && python -m experiments.offline_entailment.grounding_excerpt flags grounding_dev4 /tmp/f4.json
    ... (wt5: grounding_dev5, wt6: grounding_dev6; run the module file from this checkout if the
    old one lacks it: python /path/to/grounding_excerpt.py flags ...)
    python -m experiments.offline_entailment.grounding_excerpt ask /tmp/f4.json /tmp/f5.json /tmp/f6.json
    python -m experiments.offline_entailment.grounding_excerpt ask --shots /tmp/f4.json ...  # worked examples first

Measured 2026-11-22 (README.md): AUC 0.649 between false and true alarms (0.669 with worked examples); no veto worth having.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

WORD = re.compile(r"[A-Za-z0-9]+")
SYSTEM = "You are a careful fact checker. Answer with one word: yes or no."
QUESTION = (
    "Statement: {claim}\n\nIs every detail of this statement (names, numbers, dates, who did what, "
    "yes or no facts) the same as in the source excerpt above? Answer yes or no."
)
SPLITS = Path(__file__).resolve().parents[2] / "scorers" / "validation"
WORKED = [  # (excerpt, claim, answer): shown first with `ask --shots`, as for disclosure
    (
        "Ticket 2291 was closed by Ines Marlow on 14 March.\nThe fix shipped in release 4.2.",
        "Ines Marlow closed ticket 2291 in mid-March, and the fix went out in 4.2.",
        "yes",
    ),
    (
        "Ticket 2291 was closed by Ines Marlow on 14 March.\nThe fix shipped in release 4.2.",
        "Ticket 2291 was closed by Ravi Oduya on 14 March.",
        "no",
    ),
    (
        "Median response time was 412 ms across 9,870 requests.",
        "Responses took roughly 0.4 seconds on average across nearly 10,000 requests.",
        "yes",
    ),
    (
        "Median response time was 412 ms across 9,870 requests.",
        "Median response time was 412 s across 9,870 requests.",
        "no",
    ),
    (
        "The council did not approve the Kestrel Road scheme; the vote was 5 to 4 against.",
        "The Kestrel Road scheme was approved by the council.",
        "no",
    ),
    (
        "The council did not approve the Kestrel Road scheme; the vote was 5 to 4 against.",
        "A narrow majority of the council voted the Kestrel Road scheme down.",
        "yes",
    ),
    (
        'Dana Quill wrote: "We will ship the patch on Friday."',
        "Dana Quill said the patch ships Friday, after a full security review.",
        "no",
    ),
    (
        "Stock at the Harwick depot: 40 pallets. Stock at Eastmere: 25 pallets.",
        "The two depots hold 65 pallets between them.",
        "yes",
    ),
]


def flags(split: str, out: Path) -> None:
    """The rules' verdicts on a split, with the claims they failed (run inside the old code)."""
    sys.path.insert(0, str(Path.cwd()))
    from scorers.offline.grounding import assess_grounding_offline

    rows = []
    for line in (SPLITS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        example = json.loads(line)
        verdict = assess_grounding_offline(example["sources"], example["response"])
        rows.append(
            {
                "id": example["id"],
                "label": example["label"],
                "sources": example["sources"],
                "flagged": not verdict.grounded,
                "quote_failed": any(not q.verbatim for q in verdict.quotes),
                "failed_claims": [c.claim for c in verdict.claims if c.label != "supported"],
            }
        )
    out.write_text(json.dumps(rows))
    agreement = sum((not r["flagged"]) == (r["label"] == "grounded") for r in rows) / len(rows)
    print(f"{split}: rules agreement {agreement:.3f}")


def excerpt(sources: list[str], claim: str, k: int = 4) -> str:
    """The k source sentences that share the most words with the claim, in source order."""
    sentences = [
        part.strip()
        for source in sources
        for line in source.splitlines()
        for part in re.split(r"(?<=[.!?])\s+", line)
        if len(WORD.findall(part)) >= 2
    ]
    words = {w.lower() for w in WORD.findall(claim)}
    ranked = sorted(
        range(len(sentences)),
        key=lambda i: -len(words & {w.lower() for w in WORD.findall(sentences[i])}),
    )
    return "\n".join(sentences[i] for i in sorted(ranked[:k]))


def auc(positives: list[float], negatives: list[float]) -> float:
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    return sum(pairs) / len(pairs)


def ask(paths: list[Path], with_shots: bool = False) -> None:
    """The reader's lowest log-odds per flagged example, false alarms against true ones."""
    from scorers.offline.reader import ReaderPrompt, Shot, default_reader

    reader = default_reader()
    shots = [Shot(e, QUESTION.format(claim=c), a) for e, c, a in WORKED] if with_shots else []
    prompt = ReaderPrompt(SYSTEM, "Source excerpt", tuple(shots))
    false_alarms: list[float] = []
    true_alarms: list[float] = []
    for path in paths:
        for row in json.loads(path.read_text()):
            if not row["flagged"] or row["quote_failed"] or not row["failed_claims"]:
                continue
            odds = [
                reader.yes_log_odds(
                    prompt, excerpt(row["sources"], claim), [QUESTION.format(claim=claim)]
                )[0]
                for claim in row["failed_claims"]
            ]
            read = [o for o in odds if o is not None]
            if read:
                (false_alarms if row["label"] == "grounded" else true_alarms).append(min(read))
    print(f"false alarms {len(false_alarms)}, true alarms {len(true_alarms)}")
    print(f"AUC {auc(false_alarms, true_alarms):.3f}")
    for threshold in (0.5, 1.0, 1.5, 2.0):
        vetoed = sum(o >= threshold for o in false_alarms)
        lost = sum(o >= threshold for o in true_alarms)
        print(f"veto at {threshold:+.1f}: {vetoed} false alarms removed, {lost} true ones lost")


if __name__ == "__main__":
    if sys.argv[1] == "flags":
        flags(sys.argv[2], Path(sys.argv[3]))
    else:
        ask([Path(p) for p in sys.argv[2:] if p != "--shots"], with_shots="--shots" in sys.argv)
