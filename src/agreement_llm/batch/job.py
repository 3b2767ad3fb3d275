"""The job file (`requests.batch.json`): what was prepared, with which model and prompt, and what was submitted.

Written by `prepare`, updated by `submit` after every part (so an interrupted submit never uploads a part twice),
read by `status` and `collect`. Paths inside are relative to the job file, so the folder can be moved.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..config import ModeName
from ..errors import InputError

FORMAT = "agreement-llm batch job 1"


@dataclass
class Part:
    """One requests file (a provider takes at most 50,000 requests or 200 MB per batch) and its batch."""

    requests: str
    count: int
    input_file_id: str | None = None
    batch_id: str | None = None
    output: str | None = None  # the downloaded (or given) output file, once collected
    errors: str | None = None  # the downloaded error file, if the batch had one
    failure: str | None = None  # why the whole batch failed (rejected): every article of this part fails with it


@dataclass
class Job:
    """A prepared batch run."""

    model: str
    prompt_version: str
    mode: ModeName = "tools"  # how instructor reads the replies: collect must read them as prepare asked for them
    max_tokens: int = 2048  # a reply at this many tokens was cut (collect notes it as run does)
    endpoint: str = "/v1/chat/completions"
    parts: list[Part] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # articles with no request, by reason
    path: Path | None = field(default=None, compare=False)

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path(".")

    def resolve(self, name: str) -> Path:
        """A path stored in the job, relative to the job file."""
        return self.folder / name

    def save(self, path: str | Path | None = None) -> Path:
        """Write the job atomically (a crash mid-write leaves the previous version)."""
        self.path = Path(path) if path else self.path
        assert self.path is not None, "save(path) the first time"
        data = {"format": FORMAT, **{k: v for k, v in asdict(self).items() if k != "path"}}
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)
        return self.path

    @classmethod
    def load(cls, path: str | Path) -> Job:
        path = Path(path)
        if path.suffix == ".jsonl":  # the requests file was named: its job sits beside it
            path = job_path_for(path)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"no batch job at {path}: run `agreement-llm batch prepare` first") from None
        except ValueError as exc:
            raise InputError(f"{path} is not a batch job ({exc})") from None
        if data.pop("format", None) != FORMAT:
            raise InputError(f"{path} is not an agreement-llm batch job")
        parts = [Part(**p) for p in data.pop("parts", [])]
        return cls(parts=parts, path=path, **data)


def job_path_for(requests: str | Path) -> Path:
    """requests.jsonl -> requests.batch.json"""
    requests = Path(requests)
    return requests.with_name(requests.name.removesuffix(".jsonl") + ".batch.json")


__all__ = ["Job", "Part", "job_path_for"]
