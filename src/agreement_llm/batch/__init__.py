"""Provider batch files: the same requests as `agreement-llm run`, at batch prices or on an offline vLLM cluster.

    prepare: articles -> requests.jsonl (+ requests.batch.json, the job)      one request per article
    submit:  requests.jsonl -> files API upload -> batches API create          ids saved in the job
    status:  batches API retrieve
    collect: output (downloaded, or vLLM's local file) -> the same validation and grounding as `run`
             -> the same results JSONL and errors file, resumable, same exit codes

* Same requests: `prepare` runs each article through `Extractor` down to the HTTP transport and keeps the body the
  SDK would have sent (messages, tool schema, tool choice, model, max_tokens, temperature), so a batch asks exactly
  what `run` asks, in every instructor mode. `custom_id` is the run's resume key (`bulk.job_key`).
* Same answers: `collect` runs each article through `Extractor` again, with the batch's reply served by the
  transport instead of HTTP, and through the bulk `Runner`: cleaning, instructor's validation, grounding and the
  result line are those of `run`. A batch cannot re-ask, so a reply that fails validation is a failed line (unless
  `salvage=True`): `agreement-llm run` on the same output then re-runs exactly those articles, with a re-ask.
* A batch that expired, was cancelled or ran partly: what ran is collected, the rest are failed lines that say why;
  a failed (rejected) batch makes every article a failed line. Nothing is lost: every article gets a line.
"""

from __future__ import annotations

from .collect import BatchMissingError, BatchReplies, BatchRequestError, acollect, collect, read_outputs
from .job import Job, Part, job_path_for
from .prepare import prepare
from .provider import BatchNotReadyError, download, status, submit

__all__ = [
    "BatchMissingError",
    "BatchNotReadyError",
    "BatchReplies",
    "BatchRequestError",
    "Job",
    "Part",
    "acollect",
    "collect",
    "download",
    "job_path_for",
    "prepare",
    "read_outputs",
    "status",
    "submit",
]
