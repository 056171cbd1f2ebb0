"""`local/...`: the embedded offline model, run in-process by llama-cpp-python (no server/network).

`local/qwen2.5-coder-0.5b` is the registered default (model_files.py: where its weights come
from); `local/<path to a .gguf>` runs any chat GGUF. chat_prompt.py renders the prompt with the
GGUF's own chat template, tools included; tool_calls.py parses the text back into Inspect tool
calls. llama_cpp is imported lazily so this module registers without the `local` extra.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import anyio
import jinja2
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    GenerateConfig,
    ModelAPI,
    ModelCall,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.providers.chat_prompt import (
    compile_template,
    render_prompt,
    sampling_settings,
    stop_reason_for,
)
from evals.providers.model_files import INSTALL_HINT, resolve_gguf
from evals.providers.tool_calls import parse_tool_calls
from tasks.common.errors import IncidentEvalsError

DEFAULT_MAX_TOKENS = 512
"""Long enough for a tool call or a short report; small models ramble past this."""
FALLBACK_N_CTX = 4096


class LocalModelArgs(BaseModel):
    """`-M` model args accepted by the local provider (anything else is a user error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n_ctx: int | None = Field(default=None, gt=0, description="Context window; model default.")
    n_threads: int | None = Field(default=None, gt=0, description="CPU threads; os.cpu_count().")
    n_batch: int = Field(default=512, gt=0, description="Prompt tokens decoded per batch.")
    kv_cache: Literal["prefix", "ram", "off"] = Field(
        default="prefix",
        description="prefix: reuse the KV cache of the previous call's common prefix; ram: also "
        "keep snapshots in RAM so interleaved samples resume; off: re-read every prompt.",
    )
    ram_cache_mb: int = Field(default=512, gt=0, description="Snapshot budget for kv_cache=ram.")
    verbose: bool = False


class KVSnapshots:
    """Lean KV-cache snapshots (sequence 0 only, no logits) so interleaved samples resume.

    llama-cpp's own LlamaRAMCache copies the logits array with every save (~600 KB per prompt
    token with Qwen's 152k vocabulary) and does not count it against its budget: RSS passed
    3.5 GB within a few turns here. A sequence's KV state is ~12 KB per token for this model.
    """

    min_gain = 16  # restoring costs a copy; only worth it when it saves this many tokens

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self.items: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def save(self, llama: Any) -> None:
        """Snapshot the context's current tokens; evict least recently used past the budget."""
        llama_cpp = import_llama()
        n_tokens = int(llama.n_tokens)
        if n_tokens == 0:
            return
        size = llama_cpp.llama_state_seq_get_size(llama.ctx, 0)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(llama.ctx, buffer, size, 0)
        key = tuple(int(t) for t in llama.input_ids[:n_tokens])
        self.items[key] = ctypes.string_at(buffer, written)
        self.items.move_to_end(key)
        while len(self.items) > 1 and sum(map(len, self.items.values())) > self.budget_bytes:
            self.items.popitem(last=False)

    def restore_best(self, llama: Any, tokens: list[int], live_prefix: int) -> int:
        """Load the snapshot sharing the longest prefix with `tokens` if it beats the live one."""
        best_key, best = None, live_prefix + self.min_gain
        for key in self.items:
            shared = llama.longest_token_prefix(key, tokens)
            if shared > best:
                best_key, best = key, shared
        if best_key is None:
            return live_prefix
        data = self.items[best_key]
        self.items.move_to_end(best_key)
        llama_cpp = import_llama()
        llama._ctx.kv_cache_seq_rm(-1, 0, -1)
        source = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        if not llama_cpp.llama_state_seq_set_data(llama.ctx, source, len(data), 0):
            llama.reset()
            return 0
        llama.input_ids[: len(best_key)] = best_key
        llama.n_tokens = len(best_key)
        llama._requires_eval = True  # logits are not in the snapshot: decode at least one token
        return best


@dataclass
class _Engine:
    """One loaded model; llama.cpp contexts are not thread-safe, so every use holds `lock`."""

    llama: Any
    template: jinja2.Template
    n_ctx: int
    kv_cache: str
    bos_token: str
    eos_token: str
    snapshots: KVSnapshots | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class _Completion:
    text: str
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    reused_tokens: int
    seconds: float


_engines: dict[tuple[str, int, int, int, str, int], _Engine] = {}
_engines_lock = threading.Lock()


@atexit.register
def _close_engines() -> None:
    """Free models before interpreter teardown (llama's __del__ fails once modules are gone)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.llama.close()
        _engines.clear()


def import_llama() -> Any:
    """llama_cpp, or a one-line error saying how to install it (the provider and the reader)."""
    try:
        import llama_cpp
    except ImportError as ex:
        raise IncidentEvalsError(f"llama-cpp-python is not installed: {INSTALL_HINT}") from ex
    return llama_cpp


def load_engine(path: Path, args: LocalModelArgs, default_n_ctx: int) -> _Engine:
    """Load a GGUF once per process for each (path, n_ctx, threads, batch, cache) setting."""
    n_ctx = args.n_ctx or default_n_ctx
    n_threads = args.n_threads or os.cpu_count() or 1
    key = (str(path), n_ctx, n_threads, args.n_batch, args.kv_cache, args.ram_cache_mb)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = _new_engine(path, args, n_ctx, n_threads)
        return _engines[key]


def _new_engine(path: Path, args: LocalModelArgs, n_ctx: int, n_threads: int) -> _Engine:
    llama_cpp = import_llama()
    llama = llama_cpp.Llama(
        model_path=str(path),
        n_ctx=n_ctx,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        n_batch=min(args.n_batch, n_ctx),
        verbose=args.verbose,
    )
    source = llama.metadata.get("tokenizer.chat_template")
    if not source:
        raise IncidentEvalsError(f"{path} has no chat template: local/ needs an instruct GGUF")
    return _Engine(
        llama=llama,
        template=compile_template(source),
        n_ctx=n_ctx,
        kv_cache=args.kv_cache,
        bos_token=_token_text(llama, llama.token_bos()),
        eos_token=_token_text(llama, llama.token_eos()),
        snapshots=KVSnapshots(args.ram_cache_mb << 20) if args.kv_cache == "ram" else None,
    )


def _token_text(llama: Any, token: int) -> str:
    if token < 0:
        return ""
    return bytes(llama.detokenize([token], special=True)).decode("utf-8", errors="replace")


def _live_prefix(llama: Any, tokens: list[int]) -> int:
    """How many prompt tokens llama.cpp can take from the KV cache instead of decoding."""
    cached = llama.input_ids[: llama.n_tokens].tolist()
    return int(llama.longest_token_prefix(cached, tokens))


def complete(engine: _Engine, prompt: str, settings: dict[str, Any]) -> _Completion:
    """Blocking generation; call from a worker thread. Holds the engine lock throughout."""
    with engine.lock:
        llama = engine.llama
        tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        if len(tokens) >= engine.n_ctx - 1:
            return _Completion("", "context", len(tokens), 0, 0, 0.0)
        start = time.perf_counter()
        if engine.kv_cache == "off":
            llama.reset()
        reused = _live_prefix(llama, tokens)
        if engine.snapshots is not None:
            reused = engine.snapshots.restore_best(llama, tokens, reused)
        response = llama.create_completion(tokens, **settings)
        if engine.snapshots is not None:
            engine.snapshots.save(llama)
        seconds = time.perf_counter() - start
        reused = max(0, min(reused, len(tokens) - 1))
    choice = response["choices"][0]
    usage = response["usage"]
    return _Completion(
        text=choice["text"],
        finish_reason=choice.get("finish_reason") or "stop",
        prompt_tokens=int(usage["prompt_tokens"]),
        completion_tokens=int(usage["completion_tokens"]),
        reused_tokens=reused,
        seconds=seconds,
    )


def _model_args(raw: dict[str, Any]) -> LocalModelArgs:
    try:
        return LocalModelArgs.model_validate(raw)
    except ValidationError as ex:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in ex.errors()
        )
        allowed = ", ".join(LocalModelArgs.model_fields)
        raise IncidentEvalsError(
            f"bad -M option for local/ ({problems}); allowed: {allowed}"
        ) from None


@modelapi(name="local")
class LocalModelAPI(ModelAPI):
    """Inspect ModelAPI for GGUF models run in this process by llama-cpp-python."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        """Resolve, verify and load the model (once per process).

        Args:
            model_name: A registered name (`qwen2.5-coder-0.5b`) or a path to a `.gguf` file.
            base_url: Unused (in-process model).
            api_key: Unused (in-process model).
            config: Inspect generation config.
            **model_args: `-M` options, see `LocalModelArgs` (n_ctx, n_threads, kv_cache, ...).
        """
        config = config or GenerateConfig()
        if config.max_connections is None and config.adaptive_connections is None:
            # Inspect's default adaptive concurrency ignores max_connections() and would run
            # 20 samples against one llama context; pin one (Model shares this config object).
            config.max_connections = 1
        super().__init__(model_name=model_name, base_url=base_url, api_key=api_key, config=config)
        self.args = _model_args(model_args)
        import_llama()  # fail on a missing extra before joining 500 MB of weights
        path, spec = resolve_gguf(model_name)
        self.model_path = path
        self.engine = load_engine(path, self.args, spec.n_ctx if spec else FALLBACK_N_CTX)

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> tuple[ModelOutput, ModelCall]:
        """Render, generate in a worker thread (the event loop keeps running), parse tool calls."""
        engine = self.engine
        prompt = render_prompt(engine.template, input, tools, engine.bos_token, engine.eos_token)
        settings = sampling_settings(config, DEFAULT_MAX_TOKENS, tools=bool(tools))
        if engine.eos_token and engine.eos_token not in settings["stop"]:
            settings["stop"].append(engine.eos_token)
        result = await anyio.to_thread.run_sync(complete, engine, prompt, settings)
        id_prefix = "call_" + hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:8]
        parsed = parse_tool_calls(
            result.text,
            {t.name: list(t.parameters.properties) for t in tools},
            id_prefix=id_prefix,
        )
        hit_context = result.prompt_tokens + result.completion_tokens >= engine.n_ctx - 1
        stop = stop_reason_for(result.finish_reason, bool(parsed.tool_calls), hit_context)
        message = ChatMessageAssistant(
            content=parsed.text,
            tool_calls=parsed.tool_calls or None,
            model=self.model_name,
            source="generate",
        )
        output = ModelOutput(
            model=self.model_name,
            choices=[ChatCompletionChoice(message=message, stop_reason=stop)],
            usage=ModelUsage(
                input_tokens=result.prompt_tokens,
                output_tokens=result.completion_tokens,
                total_tokens=result.prompt_tokens + result.completion_tokens,
            ),
            time=result.seconds,
            metadata={"kv_cache_reused_tokens": result.reused_tokens},
        )
        call = ModelCall.create(
            request={"prompt": prompt, **settings},
            response={"text": result.text, "finish_reason": result.finish_reason},
            time=result.seconds,
        )
        return output, call

    async def count_text_tokens(self, text: str) -> int:
        """Exact count with the model's tokenizer (Inspect's default would fetch tiktoken data)."""
        return len(await self.tokenize(text))

    async def tokenize(self, text: str) -> list[int]:
        """Token ids from the GGUF's own tokenizer."""
        tokens = self.engine.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        return [int(t) for t in tokens]

    def max_tokens(self) -> int | None:
        """Default completion budget when the config sets none."""
        return DEFAULT_MAX_TOKENS

    def max_connections(self) -> int:
        """One generation at a time: the model is one in-process llama.cpp context."""
        return 1

    def connection_key(self) -> str:
        """All instances of one model file share the single connection slot."""
        return str(self.model_path)

    def collapse_system_messages(self) -> bool:
        """Chat templates put only the first system message in the system slot."""
        return True
