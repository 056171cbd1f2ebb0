"""Throughput of the `local/` provider against calling llama-cpp-python directly.

Both paths share one loaded model (same weights, threads and batch size), decode greedily with the
same max_tokens, start from an empty KV cache for every prompt and alternate prompt by prompt, so
the ratio ours/direct is the provider's overhead: prompt rendering, the worker-thread hop, tool-call
parsing and Inspect's Model.generate bookkeeping. The target is an overhead under 5%.

A second section measures KV-cache reuse over a multi-turn tool conversation: kv_cache=off
re-reads every prompt, prefix reuses the previous turn, ram also resumes interleaved samples.

Run from the repository root: .venv/bin/python -m benchmarks.local_model_throughput [--threads N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    GenerateConfig,
    Model,
    get_model,
)
from inspect_ai.tool import Tool, ToolCall, tool

from evals.providers import local  # registers local/

MODEL = "local/qwen2.5-coder-0.5b"
PROMPTS = [
    "Explain in a short paragraph what a database index is.",
    "Write a Python function that checks whether a string is a palindrome.",
    "List five things to check when a web service returns HTTP 500 errors.",
    "Summarise the causes of the 2003 Northeast blackout in a few sentences.",
]
SYSTEM = "You are a careful support agent for an online shop. Be brief and factual. " * 8


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


class Call(NamedTuple):
    """One timed generation: tokens out, wall seconds, CPU seconds (all threads), the text."""

    tokens: int
    wall: float
    cpu: float
    text: str
    in_llama: float = 0.0


async def _ours(model: Model, prompt: str) -> Call:
    wall, cpu = time.perf_counter(), time.process_time()
    output = await model.generate(prompt)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert output.usage is not None and output.time is not None
    return Call(output.usage.output_tokens, wall, cpu, output.completion, output.time)


def _direct(llama: Any, prompt: str, max_tokens: int) -> Call:
    wall, cpu = time.perf_counter(), time.process_time()
    llama.reset()
    response = llama.create_chat_completion(
        messages=[{"role": "user", "content": prompt}], max_tokens=max_tokens, temperature=0.0
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    text = response["choices"][0]["message"]["content"] or ""
    return Call(int(response["usage"]["completion_tokens"]), wall, cpu, text, wall)


def _rate(calls: list[Call], seconds: Callable[[Call], float]) -> float:
    """Tokens per second over all calls (total tokens / total seconds)."""
    return sum(c.tokens for c in calls) / sum(seconds(c) for c in calls)


async def throughput(threads: int, rounds: int, max_tokens: int) -> None:
    config = GenerateConfig(max_tokens=max_tokens, temperature=0.0)
    model = get_model(MODEL, config=config, n_threads=threads, kv_cache="off")
    llama = getattr(model.api, "engine").llama  # noqa: B009 - same loaded model, same settings
    await _ours(model, "Warm up.")
    _direct(llama, "Warm up.", 8)
    ours: list[Call] = []
    direct: list[Call] = []
    for round_ in range(rounds):
        for i, prompt in enumerate(PROMPTS):
            # alternate which path goes first so drifting machine load hits both alike
            if (round_ + i) % 2:
                direct.append(_direct(llama, prompt, max_tokens))
                ours.append(await _ours(model, prompt))
            else:
                ours.append(await _ours(model, prompt))
                direct.append(_direct(llama, prompt, max_tokens))
    same = sum(o.text.strip() == d.text.strip() for o, d in zip(ours, direct, strict=True))
    print(
        f"calls per path: {len(ours)} ({rounds} rounds x {len(PROMPTS)} prompts), "
        f"max_tokens={max_tokens}, identical completions: {same}/{len(ours)}"
    )
    for metric, seconds in (("wall", _wall), ("cpu", _cpu)):
        o_rate, d_rate = _rate(ours, seconds), _rate(direct, seconds)
        print(
            f"{metric:4s} tok/s  ours {o_rate:6.1f}  direct {d_rate:6.1f}  "
            f"ratio ours/direct {o_rate / d_rate:.3f}"
        )
    outside = [o.wall - o.in_llama for o in ours]
    share = sum(outside) / sum(o.wall for o in ours)
    print(
        f"provider time outside llama.cpp: median {1000 * statistics.median(outside):.1f} ms "
        f"per call, {100 * share:.2f}% of wall time"
    )


def _wall(call: Call) -> float:
    return call.wall


def _cpu(call: Call) -> float:
    return call.cpu


@tool
def lookup_order() -> Tool:
    async def execute(order_id: str) -> str:
        """Look up the status of a customer order.

        Args:
          order_id: The order identifier, e.g. A-123.
        """
        return ""

    return execute


def conversation(user: str, turns: int) -> list[ChatMessage]:
    """A support conversation after `turns` tool calls, as an agent loop would resend it."""
    messages: list[ChatMessage] = [ChatMessageSystem(content=SYSTEM), ChatMessageUser(content=user)]
    for i in range(turns):
        call = ToolCall(id=f"c{i}", function="lookup_order", arguments={"order_id": f"A-{i}"})
        messages.append(ChatMessageAssistant(content="", tool_calls=[call]))
        result = f"Order A-{i}: shipped on 2024-05-0{i + 1} from the Leeds warehouse. " * 4
        messages.append(
            ChatMessageTool(content=result, tool_call_id=f"c{i}", function="lookup_order")
        )
    return messages


async def kv_reuse(threads: int, turns: int) -> None:
    users = ["Where is order A-0? Please check.", "Is order B-9 refundable? Check its status."]
    for interleaved in (False, True):
        convos = users if interleaved else users[:1]
        for mode in ("off", "prefix", "ram"):
            model = get_model(
                MODEL,
                config=GenerateConfig(max_tokens=16),
                n_threads=threads,
                kv_cache=mode,
                memoize=False,
            )
            getattr(model.api, "engine").llama.reset()  # noqa: B009
            prompt = reused = 0
            seconds = 0.0
            for turn in range(turns):
                for user in convos:
                    output = await model.generate(conversation(user, turn), tools=[lookup_order()])
                    assert output.usage is not None and output.metadata is not None
                    prompt += output.usage.input_tokens
                    reused += output.metadata["kv_cache_reused_tokens"]
                    seconds += output.time or 0.0
            print(
                f"  {'interleaved x2' if interleaved else 'one sample    '} kv_cache={mode:6s} "
                f"prompt tokens {prompt:5d}, reused {reused:5d} ({100 * reused / prompt:3.0f}%), "
                f"decoded {prompt - reused:5d}, generate time {seconds:6.2f}s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--skip-kv", action="store_true", help="only the throughput comparison")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"date {datetime.datetime.now().isoformat(timespec='seconds')}  cpus {os.cpu_count()} "
        f"({_cpu_model()})  threads {args.threads}  load avg(1m) {load:.2f}"
    )
    print(f"model {MODEL}  llama-cpp-python {local.import_llama().__version__}")
    asyncio.run(throughput(args.threads, args.rounds, args.max_tokens))
    if not args.skip_kv:
        print(f"KV-cache reuse over {args.turns} turns of a tool conversation:")
        asyncio.run(kv_reuse(args.threads, args.turns))


if __name__ == "__main__":
    main()
