"""Keep secrets out of everything the library writes: error messages, logs, results files, recordings, the cache.

A provider that rejects a key often echoes it in the 401 body (OpenAI does, partly; gateways and local servers do
in full), and that body travels on into exception messages, instructor's log lines and anything written from them.
Shape-based masking (`sk-…`) misses gateway tokens, so the configured key's own value is registered here when a
backend is built and masked wherever it appears, whatever its shape, as are bearer tokens and `sk-…` keys.

>>> register("Zq9-gateway-token-123")
>>> mask("401: Incorrect API key provided: Zq9-gateway-token-123")
'401: Incorrect API key provided: ***'
>>> mask("Authorization: Bearer abc.def")
'Authorization: Bearer ***'
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

MASK = "***"
# Values the library itself passes as a key to servers that want none: masking them would only garble messages.
PLACEHOLDERS = frozenset({"not-needed", "local", "replay", "none", "null", ""})
MIN_SECRET = 4  # a shorter "key" would mask ordinary words; such a key is no secret anyway

_SHAPES = re.compile(r"(?<=Bearer )[^\s'\"]+|\bsk-[A-Za-z0-9_\-]{6,}", re.IGNORECASE)
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None
_lock = threading.Lock()


def register(secret: str | None) -> None:
    """Mask `secret` from now on (an API key from the settings or the environment)."""
    global _pattern
    if not secret or secret.strip().lower() in PLACEHOLDERS or len(secret.strip()) < MIN_SECRET:
        return
    with _lock:
        _secrets.add(secret.strip())
        # Longest first, so a key that contains another registered key is masked whole.
        _pattern = re.compile("|".join(re.escape(s) for s in sorted(_secrets, key=len, reverse=True)))


def mask(text: str) -> str:
    """`text` with every registered secret, bearer token and `sk-…` key replaced by `***`."""
    if not isinstance(text, str) or not text:
        return text
    if _pattern is not None:
        text = _pattern.sub(MASK, text)
    return _SHAPES.sub(MASK, text)


def mask_data(value: Any) -> Any:
    """`value` (JSON-like: dicts, lists, strings) with `mask` applied to every string, keys included."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {mask_data(k): mask_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(v) for v in value]
    return value


class MaskingFilter(logging.Filter):
    """A logging filter that masks secrets in a record's final message (arguments included), at every level."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = MaskingFilter()
# Loggers whose records can carry a provider's reply or the request options (measured with -vv on a 401 that
# echoes the key: instructor.v2.retry logged it twice at ERROR, on every attempt).
LOGGERS = ("agreement_llm", "instructor", "openai", "httpx", "httpx2", "httpcore")


def install(*loggers: logging.Logger) -> None:
    """Attach the masking filter to our loggers, those of the libraries under us and every handler of the root
    logger (a logger's own filters do not apply to records of its children; a handler's do)."""
    targets: list[logging.Filterer] = [*map(logging.getLogger, LOGGERS), *loggers, *logging.getLogger().handlers]
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".")[0] in LOGGERS:
            targets.append(logger)
    for target in targets:
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)


__all__ = ["MASK", "MaskingFilter", "install", "mask", "mask_data", "register"]
