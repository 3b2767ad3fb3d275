"""The grammar asked about greedy's choice first (transport/grammar_sampler.py): the token chosen is the one the full
grammar chain would choose, and the whole vocabulary is judged only when the model's own choice is not allowed.

Runs without llama.cpp: `FakeLlamaCpp` has the parts of llama.cpp's sampler structures the sampler uses (apply,
accept and reset; not the whole layout) and a grammar that allows a fixed set of tokens. The same reply from the
real model, with and without, is the opt-in embedded test at the end (and `benchmarks/embedded_speed.py levers`)."""

from __future__ import annotations

import ctypes
import importlib.util
import math
from types import SimpleNamespace
from typing import Any

import pytest

from agreement_llm.transport.grammar_sampler import GrammarCheckedChoice


class TokenData(ctypes.Structure):
    _fields_ = [("id", ctypes.c_int32), ("logit", ctypes.c_float), ("p", ctypes.c_float)]


class TokenDataArray(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.POINTER(TokenData)),
        ("size", ctypes.c_size_t),
        ("selected", ctypes.c_int64),
        ("sorted", ctypes.c_bool),
    ]


class SamplerI(ctypes.Structure):
    pass


class Sampler(ctypes.Structure):
    _fields_ = [("iface", ctypes.POINTER(SamplerI)), ("ctx", ctypes.c_void_p)]


SAMPLER_P = ctypes.POINTER(Sampler)
APPLY = ctypes.CFUNCTYPE(None, SAMPLER_P, ctypes.POINTER(TokenDataArray))
ACCEPT = ctypes.CFUNCTYPE(None, SAMPLER_P, ctypes.c_int32)
RESET = ctypes.CFUNCTYPE(None, SAMPLER_P)
SamplerI._fields_ = [("apply", APPLY), ("accept", ACCEPT), ("reset", RESET)]


class FakeGrammar:
    """Allows `allowed` tokens; remembers what it was asked and told."""

    def __init__(self, allowed: set[int]) -> None:
        self.allowed, self.judged, self.accepted, self.resets = allowed, [], [], 0


def fake_llama_cpp(grammar: FakeGrammar) -> Any:
    def apply(inner: FakeGrammar, ref: Any) -> None:
        array = ref._obj
        for i in range(array.size):
            inner.judged.append(array.data[i].id)
            if array.data[i].id not in inner.allowed:
                array.data[i].logit = -math.inf

    return SimpleNamespace(
        llama_token_data=TokenData,
        llama_token_data_array=TokenDataArray,
        llama_sampler_i=SamplerI,
        llama_sampler=Sampler,
        llama_sampler_i_apply=APPLY,
        llama_sampler_i_accept=ACCEPT,
        llama_sampler_i_reset=RESET,
        llama_sampler_init_grammar=lambda vocab, text, root: grammar,
        llama_sampler_apply=apply,
        llama_sampler_accept=lambda inner, token: inner.accepted.append(token),
        llama_sampler_reset=lambda inner: setattr(inner, "resets", inner.resets + 1),
        llama_sampler_free=lambda inner: None,
    )


def candidates(logits: list[float]) -> tuple[TokenDataArray, Any]:
    data = (TokenData * len(logits))(*[TokenData(i, x, 0.0) for i, x in enumerate(logits)])
    greedy = max(range(len(logits)), key=lambda i: (logits[i], -i))  # what the greedy sampler before it chose
    return TokenDataArray(data, len(logits), greedy, False), data


def choose(sampler: GrammarCheckedChoice, logits: list[float]) -> int:
    array, _ = candidates(logits)
    sampler._iface.apply(ctypes.pointer(sampler.sampler), ctypes.pointer(array))
    return int(array.data[array.selected].id)


def test_the_models_own_choice_is_kept_when_the_grammar_allows_it_without_judging_the_vocabulary() -> None:
    grammar = FakeGrammar(allowed={2, 3})
    sampler = GrammarCheckedChoice(fake_llama_cpp(grammar), None, "root ::= x", "root")
    assert choose(sampler, [0.1, 0.5, 3.0, 1.0]) == 2
    assert grammar.judged == [2] and sampler.full_checks == 0


def test_a_choice_the_grammar_forbids_gives_way_to_the_best_allowed_token() -> None:
    grammar = FakeGrammar(allowed={0, 3})
    sampler = GrammarCheckedChoice(fake_llama_cpp(grammar), None, "root ::= x", "root")
    assert choose(sampler, [0.1, 0.5, 3.0, 1.0]) == 3  # what grammar-then-greedy picks: the best allowed
    assert sampler.full_checks == 1 and sorted(grammar.judged) == [0, 1, 2, 2, 3]


def test_equal_logits_resolve_to_the_first_as_llama_cpps_greedy_sampler_does() -> None:
    grammar = FakeGrammar(allowed={1, 2})
    sampler = GrammarCheckedChoice(fake_llama_cpp(grammar), None, "root ::= x", "root")
    assert choose(sampler, [5.0, 2.0, 2.0]) == 1


def test_accepted_tokens_and_resets_reach_the_grammar() -> None:
    grammar = FakeGrammar(allowed={0, 1})
    sampler = GrammarCheckedChoice(fake_llama_cpp(grammar), None, "root ::= x", "root")
    pointer = ctypes.pointer(sampler.sampler)
    sampler._iface.accept(pointer, 7)
    sampler._iface.reset(pointer)
    assert grammar.accepted == [7] and grammar.resets == 1


@pytest.mark.embedded
@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="needs pip install 'agreement-llm[local]'")
def test_the_real_model_gives_the_same_reply_token_for_token() -> None:
    """Seed 000's request with the default (lean) draft, answered with llama-cpp-python's own grammar chain and with
    the checked choice: the same characters."""
    import llama_cpp

    from agreement_llm.profiles import LEAN
    from agreement_llm.transport.embedded import EmbeddedModel
    from agreement_llm.transport.grammar_sampler import install
    from conftest import seed_path

    model = EmbeddedModel.resolve()
    messages = LEAN.messages(seed_path("000").read_text(encoding="utf-8"), None)
    tool = {"type": "function", "function": {"name": LEAN.tool_name, "parameters": LEAN.draft.model_json_schema()}}
    replies = []
    for checked in (False, True):
        llm = llama_cpp.Llama(model_path=str(model.path), n_ctx=8192, n_threads=model.n_threads, verbose=False)
        if checked:
            install(llm)
        reply = llm.create_chat_completion(
            messages=messages,
            tools=[tool],
            tool_choice={"type": "function", "function": {"name": LEAN.tool_name}},
            temperature=0.0,
            max_tokens=1000,
            stop=list(LEAN.stop),
        )
        replies.append(reply["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert '"parties": [{' in replies[0] and replies[0] == replies[1]
