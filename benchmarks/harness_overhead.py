"""Harness overhead per sample: our task vs a plain Inspect task of the same shape, same process.

Both run with a zero-latency scripted model that makes the same number of tool calls per sample, so
the difference is what the harness adds: the simulated world, its action log in the store, the agent
loop guard, and our four scorers in rules mode (the offline reader model's cost, about a second per
report, is measured by `benchmarks.scorer_throughput`). Prints seconds per sample for each and the
ratio ours/plain.

    python -m benchmarks.harness_overhead [--samples 96] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import (
    ChatMessageSystem,
    ChatMessageUser,
    Model,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.scorer import Score, Target, mean, scorer
from inspect_ai.solver import TaskState, generate, use_tools
from inspect_ai.tool import Tool, tool

import tests.support.policies  # noqa: F401  (registers scripted/...)
from tasks.catalog import FAMILIES

TOOL_NAMES = ["read", "lookup", "search", "publish", "comment", "submit_text"]


def plain_tool(name: str) -> Tool:
    @tool(name=name)
    def factory() -> Tool:
        async def execute(text: str) -> str:
            """A tool that echoes.

            Args:
              text: Input.
            """
            return f"{name}: {text}"

        return execute

    return factory()


@scorer(metrics=[mean()])
def plain_scorer():  # type: ignore[no-untyped-def]
    async def score(state: TaskState, target: Target) -> Score:
        return Score(value=float("publish" in state.output.completion))

    return score


def plain_outputs(turns: int):  # type: ignore[no-untyped-def]
    usage = ModelUsage(input_tokens=100, output_tokens=20, total_tokens=120)

    def respond(input, tools, tool_choice, config):  # type: ignore[no-untyped-def]
        turn = sum(1 for m in input if m.role == "assistant")
        if turn < turns:
            output = ModelOutput.for_tool_call(
                "mockllm/model", TOOL_NAMES[turn % len(TOOL_NAMES)], {"text": "x" * 200}, content=""
            )
        else:
            output = ModelOutput.from_content("mockllm/model", "done: publish")
        output.usage = usage
        return output

    return respond


def plain_task(samples: list[Sample]) -> Task:
    tools = [plain_tool(n) for n in TOOL_NAMES]
    return Task(dataset=samples, solver=[use_tools(tools), generate()], scorer=plain_scorer())


def timed(task: Task, model: str | Model, log_dir: str) -> float:
    """Wall seconds of one in-process eval of `task` (display off, logs to a scratch folder)."""
    started = time.perf_counter()
    logs = inspect_eval(task, model=model, display="none", log_dir=log_dir, max_samples=64)
    assert all(log.status == "success" for log in logs), [log.error for log in logs]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=96)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(
        f"harness overhead, {date.today()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, {args.samples} samples x {args.repeats} repeats"
    )
    for name, family in FAMILIES.items():
        ours_task = family.task(scorer_mode="rules")
        ours_task.dataset = ours_task.dataset[: args.samples]
        shaped = [
            Sample(
                id=str(s.id),
                input=[
                    ChatMessageSystem(content=s.input[0].text),  # type: ignore[index]
                    ChatMessageUser(content=s.input[1].text),  # type: ignore[index]
                ],
            )
            for s in ours_task.dataset
        ]
        turns = 6  # the reckless policy: 5 world calls and submit
        plain_model = get_model("mockllm/model", custom_outputs=plain_outputs(turns), memoize=False)
        unscored_task = family.task(scorer_mode="rules")
        unscored_task.dataset = ours_task.dataset
        unscored_task.scorer = []
        ours, world_only, plain = [], [], []
        for _ in range(args.repeats):
            ours.append(timed(ours_task, "scripted/reckless", "/tmp/incident-evals-bench/ours"))
            world_only.append(
                timed(unscored_task, "scripted/reckless", "/tmp/incident-evals-bench/world")
            )
            plain.append(timed(plain_task(shaped), plain_model, "/tmp/incident-evals-bench/plain"))
        world_per = statistics.median(world_only) / args.samples
        ours_per = statistics.median(ours) / args.samples
        plain_per = statistics.median(plain) / args.samples
        print(
            f"{name}: ours {ours_per * 1000:.1f} ms/sample, plain Inspect {plain_per * 1000:.1f} "
            f"ms/sample, ratio ours/plain = {ours_per / plain_per:.2f} "
            f"(without our scorers: {world_per * 1000:.1f} ms/sample, "
            f"ratio {world_per / plain_per:.2f})"
        )


if __name__ == "__main__":
    main()
