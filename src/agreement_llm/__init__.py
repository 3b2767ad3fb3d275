"""agreement_llm: typed, grounded extraction of agreements between organisations from Arabic news articles.

>>> from agreement_llm import summarize
>>> agreement = summarize(open("seeds/000_fd964e18e62d9c2a.txt").read())  # doctest: +SKIP
>>> agreement.status, agreement.date.iso                                    # doctest: +SKIP
(<Status.SIGNED: 'signed'>, '2022-01-01')

`summarize` keeps one `Extractor` per set of options, so a notebook that calls it in a loop loads the embedded
model once. Use `Extractor` directly to control its lifetime.
"""

from __future__ import annotations

import importlib.metadata
import logging
import threading
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    AgreementLLMError,
    ConfigurationError,
    EndpointError,
    InputError,
    ModelError,
    ModelGaveUpError,
    RefusalError,
    ReplayMissError,
    StorageError,
    TransientError,
    TruncatedOutputError,
)
from .schema import Agreement, DateInfo, Instrument, InstrumentKind, Party, PartyKind, Sector, Status, Summary

if TYPE_CHECKING:  # for type checkers only: at run time `Extractor` is loaded on first use (`__getattr__` below)
    from typing_extensions import Unpack

    from .config import ExtractorOptions
    from .extract import Extractor

# The version is pyproject.toml's, read from the installed package's metadata (one place to bump it).
try:
    __version__ = importlib.metadata.version("agreement-llm")
except importlib.metadata.PackageNotFoundError:  # imported from a checkout's src/ without `pip install -e .`
    __version__ = "0+unknown"

# A library's log lines are the application's to show: without logging configured, nothing reaches stderr.
logging.getLogger("agreement_llm").addHandler(logging.NullHandler())

_extractors: dict[tuple[tuple[str, object], ...], Extractor] = {}
_lock = threading.Lock()


def _extractor(options: ExtractorOptions) -> Extractor:
    from .extract import Extractor

    key = tuple(sorted(options.items()))
    with _lock:
        if key not in _extractors:
            _extractors[key] = Extractor(**options)
        return _extractors[key]


def summarize(
    text: str, *, published_at: date | datetime | str | None = None, **options: Unpack[ExtractorOptions]
) -> Agreement:
    """Read one Arabic news article and return what it says about an agreement.

    `published_at` resolves relative dates ("أمس"); the page's own timestamp is used when it has one. `options` are
    those of `Extractor` (model, base_url, api_key, backend, mode, gguf, reasks, strict, record_dir, replay_dir).
    """
    return _extractor(options).summarize(text, published_at=published_at)


async def asummarize(
    text: str, *, published_at: date | datetime | str | None = None, **options: Unpack[ExtractorOptions]
) -> Agreement:
    """`summarize` for asyncio."""
    return await _extractor(options).asummarize(text, published_at=published_at)


def to_dataframe(source: str | Path | Iterable[Any], per: str = "representative") -> Any:
    """A pandas DataFrame of results: `source` is a results JSONL path (`agreement-llm run` output), a list of
    `Agreement`s, or of result records; one row per party/representative (`per="representative"`) or per article
    (`per="article"`). Typed columns: dates as datetimes, counts and offsets as nullable integers.

    Needs pandas (`pip install 'agreement-llm[export]'`). Columns: `agreement_llm.export.COLUMNS`.
    """
    from .export import to_dataframe as frame

    return frame(source, per)


if not TYPE_CHECKING:  # at run time only: type checkers take `Extractor` from the import above

    def __getattr__(name: str) -> type[Extractor]:  # Extractor imports instructor/openai: load them on first use
        if name == "Extractor":
            from .extract import Extractor

            return Extractor
        raise AttributeError(f"module 'agreement_llm' has no attribute {name!r}")


__all__ = [
    "Agreement",
    "AgreementLLMError",
    "ConfigurationError",
    "DateInfo",
    "EndpointError",
    "Extractor",
    "InputError",
    "Instrument",
    "InstrumentKind",
    "ModelError",
    "ModelGaveUpError",
    "Party",
    "PartyKind",
    "RefusalError",
    "ReplayMissError",
    "Sector",
    "Status",
    "StorageError",
    "Summary",
    "TransientError",
    "TruncatedOutputError",
    "asummarize",
    "summarize",
    "to_dataframe",
]
