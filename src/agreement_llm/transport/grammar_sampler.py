"""Greedy sampling under a grammar, asking the grammar about the model's own choice first.

llama-cpp-python (0.3.x) builds its sampler chain as penalties -> grammar -> greedy, so at every generated token the
grammar judges all 151,936 tokens of Qwen's vocabulary, although greedy sampling then keeps only the best one.
llama.cpp's own tools avoid that (`common_sampler_sample`: sample first, and apply the grammar to the whole
vocabulary only when the grammar rejects the token sampled). This module does the same for greedy decoding:

    penalties -> greedy -> GrammarCheckedChoice

`GrammarCheckedChoice` asks the grammar about the one token greedy chose; if the grammar accepts it, that is the
token the full chain would have chosen too (the grammar judges each token on its own, and the chosen one has the
highest logit of all). Only when it is rejected is the grammar applied to the whole vocabulary and the best token
left chosen. The reply is therefore the same token for token; only the time changes (benchmarks/README.md,
"Embedded model speed": grammar-constrained generation on two cores, measured side by side).

Used for greedy requests only (temperature 0, the library's default); anything else keeps llama-cpp-python's chain.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any


class GrammarCheckedChoice:
    """A llama.cpp sampler written in Python: checks greedy's choice against a grammar (see the module docstring).

    Kept alive by the chain's owner (`LlamaSampler.custom_samplers`), which removes it from the chain before the
    chain is freed: llama.cpp must never free this Python-owned struct itself.
    """

    def __init__(self, llama_cpp: Any, vocab: Any, grammar: str, root: str) -> None:
        self._lib = llama_cpp
        self.inner = llama_cpp.llama_sampler_init_grammar(vocab, grammar.encode("utf-8"), root.encode("utf-8"))
        if not self.inner:
            raise ValueError("llama.cpp could not parse the grammar")
        self._one = (llama_cpp.llama_token_data * 1)()
        self._one_array = llama_cpp.llama_token_data_array(self._one, 1, -1, False)
        self.full_checks = 0  # tokens for which the grammar had to judge the whole vocabulary

        def apply(_: Any, cur_p: Any) -> None:
            self._apply(cur_p.contents)

        def accept(_: Any, token: int) -> None:
            llama_cpp.llama_sampler_accept(self.inner, token)

        def reset(_: Any) -> None:
            llama_cpp.llama_sampler_reset(self.inner)

        self._callbacks = (  # referenced here so that ctypes does not free them while llama.cpp may call them
            llama_cpp.llama_sampler_i_apply(apply),
            llama_cpp.llama_sampler_i_accept(accept),
            llama_cpp.llama_sampler_i_reset(reset),
        )
        iface = llama_cpp.llama_sampler_i()  # every other member NULL: no name, clone, free or backend hooks
        iface.apply, iface.accept, iface.reset = self._callbacks
        self._iface = iface
        self.sampler = llama_cpp.llama_sampler()
        self.sampler.iface = ctypes.pointer(iface)
        self.sampler.ctx = None

    def _apply(self, candidates: Any) -> None:
        chosen = candidates.data[candidates.selected]
        one = self._one[0]
        one.id, one.logit, one.p = chosen.id, chosen.logit, chosen.p
        self._one_array.size, self._one_array.selected, self._one_array.sorted = 1, -1, False
        self._lib.llama_sampler_apply(self.inner, ctypes.byref(self._one_array))
        if self._one_array.size == 1 and math.isfinite(self._one[0].logit):
            return  # the grammar allows the model's own choice: keep it
        self.full_checks += 1
        self._lib.llama_sampler_apply(self.inner, ctypes.byref(candidates))
        import numpy  # llama-cpp-python's own dependency

        logits = numpy.ctypeslib.as_array(candidates.data, shape=(candidates.size,))["logit"]
        # The first of equal logits, as llama.cpp's greedy sampler takes. (Nothing is raised here: an exception in a
        # ctypes callback never reaches the caller. A grammar always allows a continuation or the end.)
        candidates.selected = int(logits.argmax())

    def free(self) -> None:
        if self.inner:
            self._lib.llama_sampler_free(self.inner)
            self.inner = None


def install(llama: Any) -> None:
    """Make `llama` (a `llama_cpp.Llama`) sample greedy grammar-constrained requests through `GrammarCheckedChoice`."""
    import llama_cpp

    original = llama._init_sampler

    def init_sampler(*args: Any, grammar: Any = None, temp: float = 0.8, **kwargs: Any) -> Any:
        logits_processor = kwargs.get("logits_processor")
        if grammar is None or temp != 0.0 or logits_processor is not None or kwargs.get("mirostat_mode", 0):
            return original(*args, grammar=grammar, temp=temp, **kwargs)
        chain = original(*args, grammar=None, temp=temp, **kwargs)  # penalties -> greedy, as llama-cpp-python builds it
        checked = GrammarCheckedChoice(llama_cpp, llama._model.vocab, grammar._grammar, grammar._root)
        llama_cpp.llama_sampler_chain_add(chain.sampler, ctypes.pointer(checked.sampler))
        # Its grammar is freed when the chain's owner closes (an ExitStack callback), and it is taken out of the chain
        # before the chain is freed (LlamaSampler.close): llama.cpp never frees this Python-owned struct.
        chain.custom_samplers.append((llama_cpp.llama_sampler_chain_n(chain.sampler) - 1, checked))
        chain._exit_stack.callback(checked.free)
        return chain

    llama._init_sampler = init_sampler
