"""Inspect messages, tools and GenerateConfig mapped onto a GGUF chat template and llama options.

Pure functions, no llama_cpp: the template comes from the GGUF's `tokenizer.chat_template`
metadata and is rendered the way transformers renders it, so Qwen sees its own tool format
(a `<tools>` list of OpenAI-style function JSON, `<tool_call>` and `<tool_response>` tags).
"""

from __future__ import annotations

import json
from typing import Any

import jinja2
import jinja2.ext
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageTool,
    GenerateConfig,
    StopReason,
)
from inspect_ai.tool import ToolInfo
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tasks.common.errors import IncidentEvalsError

DEFAULT_TEMPERATURE = 0.0
"""Greedy decoding unless the config asks otherwise, so runs repeat exactly."""
END_MARKERS = ("<|im_end|>", "<|endoftext|>")
FAKE_TOOL_RESULT = "<tool_response>"
"""Stop here: the model must never write its own tool result."""


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
    stops = list(END_MARKERS) + list(config.stop_seqs or [])
    if tools:
        stops.append(FAKE_TOOL_RESULT)
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
    """Inspect's stop reason: calls win, then running out of context or of max_tokens.

    `finish_reason` is llama-cpp's ("stop" or "length"), or "context" for a prompt that did not
    fit at all.
    """
    if finish_reason == "context":
        return "model_length"
    if has_calls:
        return "tool_calls"
    if finish_reason == "length":
        return "model_length" if hit_context else "max_tokens"
    return "stop"
