"""What an endpoint's answer means: a chat completion, a broken endpoint, or an HTTP error with advice.

`CheckingTransport` sits right above the bottom transport (HTTP, the embedded model, replay) and turns a 200 that
is not a chat completion into `EndpointError` at once. Before it, an HTML page or `{"choices": []}` went on to
instructor, failed to parse, was re-asked and ended as `ModelGaveUpError` "try a stronger model" (issue 9), and the
cache above kept the broken body, so a re-run after the endpoint was fixed still failed without a call.

`status_error` maps an HTTP error status that outlasted the retries to a typed error that says what to do.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2

from ..errors import AgreementLLMError, ConfigurationError, EndpointError, ModelError
from .layer import Layer, Transport, asend, send

# A reply of max_tokens=2048 is ~10 kB; 4 MiB is 400 times that, so a bigger body is a misrouted download or a
# runaway server, not an answer, and parsing it would only cost memory.
MAX_REPLY_BYTES = 4 * 1024 * 1024


def _is_chat(request: httpx2.Request) -> bool:
    return request.url.path.endswith("/chat/completions")


def completion_problem(body: bytes, content_type: str = "") -> str | None:
    """Why `body` is not a chat completion, or None when it is one."""
    if len(body) > MAX_REPLY_BYTES:
        return f"a body of {len(body) / 2**20:.1f} MiB, larger than any answer (limit {MAX_REPLY_BYTES // 2**20} MiB)"
    try:
        data = json.loads(body)
    except ValueError:
        head = body[:200].lstrip().lower()
        if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html")):
            return "an HTML page"
        return "a body that is not JSON"
    if not isinstance(data, dict):
        return "JSON that is not an object"
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        return "no choices" if "error" not in data else f"an error object ({str(data.get('error'))[:120]})"
    first = choices[0]
    if not isinstance(first, dict) or not isinstance(first.get("message"), dict):
        return "a choice without a message"
    return None


def reply_is_usable(body: bytes) -> bool:
    """True when `body` is a complete chat completion whose answer parses as a JSON object (tool-call arguments, or
    content, possibly fenced): the only replies worth caching. A cut, refused or unparseable reply is asked again
    on the next run instead of being served from the cache for ever."""
    if completion_problem(body) is not None:
        return False
    choice = json.loads(body)["choices"][0]
    message = choice["message"]
    if choice.get("finish_reason") == "length" or message.get("refusal"):
        return False
    calls = message.get("tool_calls") or []
    text: Any = (
        calls[0].get("function", {}).get("arguments")
        if calls and isinstance(calls[0], dict)
        else message.get("content")
    )
    if not isinstance(text, str):
        return False
    text = text.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


class CheckingTransport(Layer):
    """Raises `EndpointError` for a 200 chat reply that is not a chat completion; passes everything else up."""

    def __init__(self, inner: Transport, where: str) -> None:
        super().__init__(inner)
        self.where = where

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = send(self.inner, request)
        response.read()
        return self._check(request, response)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await asend(self.inner, request)
        await response.aread()
        return self._check(request, response)

    def _check(self, request: httpx2.Request, response: httpx2.Response) -> httpx2.Response:
        if response.status_code == 200 and _is_chat(request):
            problem = completion_problem(response.content, response.headers.get("content-type", ""))
            if problem:
                raise EndpointError(
                    f"the endpoint {self.where} answered HTTP 200 with {problem}, not a chat completion: check that "
                    "OPENAI_BASE_URL / --base-url is an OpenAI-compatible API (it usually ends in /v1) and that the "
                    "server is healthy; retrying will not help"
                )
        return response


def status_error(code: int, detail: str) -> AgreementLLMError:
    """The typed error for an HTTP error status the retries did not fix; `detail` must already be masked."""
    if code == 401:
        return ConfigurationError(
            f"the endpoint refused the API key (HTTP 401: {detail}): check OPENAI_API_KEY, and that it belongs to "
            "this endpoint (OPENAI_BASE_URL)"
        )
    if code == 403:
        return ConfigurationError(
            f"the API key is not allowed to do this (HTTP 403: {detail}): check the key's permissions and that it "
            "may use this model (OPENAI_API_KEY, --model)"
        )
    if code == 404:
        return ConfigurationError(
            f"the endpoint has no such model or path (HTTP 404: {detail}): check --model and OPENAI_BASE_URL (an "
            "OpenAI-compatible base URL usually ends in /v1)"
        )
    if code in (400, 413, 422):
        return ModelError(
            f"the endpoint rejected the request (HTTP {code}: {detail}): the model may not support this mode or "
            "length; try --mode json, a lower --max-tokens, or another --model"
        )
    return ModelError(f"the endpoint answered HTTP {code}: {detail}")


__all__ = ["CheckingTransport", "MAX_REPLY_BYTES", "completion_problem", "reply_is_usable", "status_error"]
