"""Typed errors. Each message says what was wrong and what to do; none ever contains an API key."""

from __future__ import annotations


class AgreementLLMError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigurationError(AgreementLLMError):
    """The library is not set up to reach a model (no endpoint, no local model, a bad option)."""


class InputError(AgreementLLMError, ValueError):
    """The article cannot be processed as given (empty, not text, not Arabic, too long)."""


class ModelError(AgreementLLMError):
    """The model or its server failed in a way retrying did not fix."""


class ModelGaveUpError(ModelError):
    """The model's replies stayed invalid after every re-ask.

    `attempts` is how many calls were made; `last_error` is the last validation message; `raw_replies` holds the
    model's raw outputs, one per attempt, for debugging.
    """

    def __init__(self, message: str, *, attempts: int, last_error: str, raw_replies: list[str]) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_error = last_error
        self.raw_replies = raw_replies


class TruncatedOutputError(ModelError):
    """The model hit its token limit before finishing the JSON. Raise `max_tokens` or use a larger context."""


class RefusalError(ModelError):
    """The model refused to answer."""


class EndpointError(ModelError):
    """The endpoint answered, but not with a chat completion (an HTML page, a body that is not JSON, no choices, a
    reply larger than any answer): it is not an OpenAI-compatible API, or it is broken. Retrying does not help."""


class TransientError(ModelError):
    """Timeouts, rate limits, server errors and dropped connections that outlasted every backoff."""


class ReplayMissError(AgreementLLMError):
    """Replay mode met a request that no recording answers (the prompt, model or article changed)."""


class StorageError(AgreementLLMError, OSError):
    """The file system refused a write or a read (read-only folder, disk full, missing or damaged file).

    Nothing already finished is lost: fix the cause and run the same command again.
    """

    @classmethod
    def of(cls, exc: OSError, doing: str = "use") -> StorageError:
        """The `StorageError` for a failed read or write, saying what to do about it."""
        import errno

        where = f" {exc.filename}" if exc.filename else ""
        advice = {
            errno.ENOSPC: "the disk is full: free some space and run the same command again (finished articles are kept)",
            errno.EDQUOT: "the disk quota is exhausted: free some space and run the same command again",
            errno.EACCES: "permission denied: write where you may (-o / --errors / --cache)",
            errno.EPERM: "permission denied: write where you may (-o / --errors / --cache)",
            errno.EROFS: "the file system is read-only: write somewhere else (-o / --errors / --cache)",
            errno.ENOENT: "no such file or folder: check the path",
        }.get(exc.errno or 0, "fix it and run the same command again")
        error = cls(f"cannot {doing}{where} ({exc.strerror or exc}): {advice}")
        error.errno = exc.errno
        return error
