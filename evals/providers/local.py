"""`local/...`: the embedded offline model, run in-process by llama-cpp-python (no server/network).

`local/qwen2.5-coder-0.5b` is the registered default (see model_files.py for where its weights
come from); `local/<path to a .gguf>` runs any chat GGUF. The prompt is rendered with the GGUF's
own chat template, tools included, and the model's text is parsed back into Inspect tool calls by
tool_calls.py. llama_cpp is imported lazily so this module registers without the `local` extra.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import anyio
import jinja2
import jinja2.ext
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageTool,
    GenerateConfig,
    ModelAPI,
    ModelCall,
    ModelOutput,
    ModelUsage,
    StopReason,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.providers.model_files import INSTALL_HINT, resolve_gguf
from evals.providers.tool_calls import parse_tool_calls
from tasks.common.errors import IncidentEvalsError

DEFAULT_MAX_TOKENS = 512
"""Long enough for a tool call or a short report; small models ramble past this."""
DEFAULT_TEMPERATURE = 0.0
"""Greedy decoding unless the config asks otherwise, so runs repeat exactly."""
FALLBACK_N_CTX = 4096
_END_MARKERS = ("<|im_end|>", "<|endoftext|>")
_FAKE_TOOL_RESULT = "<tool_response>"  # the model must never write its own tool result


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


@dataclass
class _Engine:
    """One loaded model; llama.cpp contexts are not thread-safe, so every use holds `lock`."""

    llama: Any
    template: jinja2.Template
    n_ctx: int
    kv_cache: str
    bos_token: str
    eos_token: str
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


def _import_llama() -> Any:
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
    llama_cpp = _import_llama()
    llama = llama_cpp.Llama(
        model_path=str(path),
        n_ctx=n_ctx,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        n_batch=min(args.n_batch, n_ctx),
        verbose=args.verbose,
    )
    if args.kv_cache == "ram":
        from llama_cpp.llama_cache import LlamaRAMCache

        llama.set_cache(LlamaRAMCache(capacity_bytes=args.ram_cache_mb << 20))
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
    )


def _token_text(llama: Any, token: int) -> str:
    if token < 0:
        return ""
    return bytes(llama.detokenize([token], special=True)).decode("utf-8", errors="replace")


def compile_template(source: str) -> jinja2.Template:
    """Compile a GGUF chat template the way transformers renders it (sandboxed, trimmed)."""
    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols]
    )
    env.filters["tojson"] = lambda value, indent=None: json.dumps(
        value, ensure_ascii=False, indent=indent
    )
    env.globals["raise_exception"] = _raise_template_error
    return env.from_string(source)


def _raise_template_error(message: str) -> None:
    raise IncidentEvalsError(f"the model's chat template rejected the conversation: {message}")


def template_tools(tools: list[ToolInfo]) -> list[dict[str, Any]]:
    """Inspect tools as the OpenAI-style function JSON that Qwen's template lists in <tools>."""
    return [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": tool.parameters.model_dump(exclude_none=True),
            },
        }
        for tool in tools
    ]


def template_messages(messages: list[ChatMessage]) -> list[dict[str, Any]]:
    """Inspect messages as the role/content dicts chat templates expect (text only)."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if isinstance(message, ChatMessageAssistant):
            item: dict[str, Any] = {"role": "assistant", "content": message.text}
            if message.tool_calls:
                item["tool_calls"] = [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": call.function, "arguments": call.arguments},
                    }
                    for call in message.tool_calls
                ]
        elif isinstance(message, ChatMessageTool):
            content = message.text if message.error is None else f"Error: {message.error.message}"
            item = {
                "role": "tool",
                "content": content,
                "tool_call_id": message.tool_call_id,
                "name": message.function,
            }
        else:
            item = {"role": message.role, "content": message.text}
        out.append(item)
    return out


def render_prompt(
    template: jinja2.Template,
    messages: list[ChatMessage],
    tools: list[ToolInfo],
    bos_token: str = "",
    eos_token: str = "<|im_end|>",
) -> str:
    """The full prompt text, ending with the open assistant turn."""
    return template.render(
        messages=template_messages(messages),
        tools=template_tools(tools) or None,
        add_generation_prompt=True,
        bos_token=bos_token,
        eos_token=eos_token,
    )


def sampling_settings(config: GenerateConfig, max_tokens: int, tools: bool) -> dict[str, Any]:
    """llama-cpp `create_completion` keyword arguments for an Inspect GenerateConfig."""
    stops = list(_END_MARKERS) + list(config.stop_seqs or [])
    if tools:
        stops.append(_FAKE_TOOL_RESULT)
    settings: dict[str, Any] = {
        "max_tokens": config.max_tokens or max_tokens,
        "temperature": DEFAULT_TEMPERATURE if config.temperature is None else config.temperature,
        "stop": stops,
        "seed": config.seed,
    }
    optional = {
        "top_p": config.top_p,
        "top_k": config.top_k,
        "frequency_penalty": config.frequency_penalty,
        "presence_penalty": config.presence_penalty,
    }
    settings.update({k: v for k, v in optional.items() if v is not None})
    return settings


def stop_reason_for(finish_reason: str, has_calls: bool, hit_context: bool) -> StopReason:
    """Inspect's stop reason: calls win, then running out of context or of max_tokens."""
    if has_calls:
        return "tool_calls"
    if finish_reason == "length":
        return "model_length" if hit_context else "max_tokens"
    return "stop"


def _reusable_prefix(llama: Any, tokens: list[int]) -> int:
    """How many prompt tokens llama.cpp will take from the KV cache instead of decoding."""
    cached = llama.input_ids[: llama.n_tokens].tolist()
    best = llama.longest_token_prefix(cached, tokens)
    if llama.cache is not None:
        with contextlib.suppress(KeyError):
            best = max(best, llama.longest_token_prefix(llama.cache[tokens].input_ids, tokens))
    return max(0, min(best, len(tokens) - 1))


def complete(engine: _Engine, prompt: str, settings: dict[str, Any]) -> _Completion:
    """Blocking generation; call from a worker thread. Holds the engine lock throughout."""
    with engine.lock:
        llama = engine.llama
        tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        if len(tokens) >= engine.n_ctx - 1:
            return _Completion("", "context", len(tokens), 0, 0, 0.0)
        if engine.kv_cache == "off":
            llama.reset()
        reused = _reusable_prefix(llama, tokens)
        start = time.perf_counter()
        response = llama.create_completion(tokens, **settings)
        seconds = time.perf_counter() - start
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
        super().__init__(
            model_name=model_name,
            base_url=base_url,
            api_key=api_key,
            config=config or GenerateConfig(),
        )
        self.args = _model_args(model_args)
        _import_llama()  # fail on a missing extra before joining 500 MB of weights
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
        parsed = parse_tool_calls(result.text, [t.name for t in tools], id_prefix=id_prefix)
        hit_context = result.prompt_tokens + result.completion_tokens >= engine.n_ctx - 1
        stop = stop_reason_for(result.finish_reason, bool(parsed.tool_calls), hit_context)
        if result.finish_reason == "context":
            stop = "model_length"
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
