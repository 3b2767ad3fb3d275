"""The transport stack: everything between the openai SDK and the model, one `httpx2` transport per layer.

    openai SDK (max_retries=0) -> retry -> [record] -> [cache] -> endpoint check -> HTTP | llama.cpp | replay | injected

Every backend differs only in the bottom transport, so retries, recording, caching and the endpoint checks behave
the same for a remote API, the embedded model and replayed recordings. One module per layer:

* `retry`: transient failures retried through tenacity, with a cool-down shared by every concurrent request;
* `recording`: exchanges written to reviewable JSON files, and replayed offline (the request key lives here);
* `cache`: a disk cache of good replies, keyed like the recordings;
* `endpoint`: what a reply means (a chat completion, a broken endpoint, an HTTP error with advice);
* `embedded`: the in-process llama.cpp model as the bottom transport;
* `layer`: what every wrapping layer shares (passing requests and close() down);
* `backends`: which bottom a `Settings` asks for, and the stack and clients built on it.

Nothing is imported here, so `agreement_llm.transport.recording` does not pull in openai or instructor.
"""
