"""The articles of a bulk run: folders of text or HTML files, JSONL, CSV/TSV and standard input, read lazily.

An input that cannot be read at all (a missing file, a CSV without the text column) raises `InputError`; one
article that cannot be used (an empty text, a line that is not JSON, a file that is not UTF-8) becomes an `Article`
with a `problem`, which the run records as a failed line, so one bad article never stops the others.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..page import html_to_text

TEXT_SUFFIXES = frozenset({".txt", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})


@dataclass(frozen=True)
class Columns:
    """Which fields of a JSONL object or CSV row hold the article and its metadata."""

    text: str = "text"
    id: str = "id"
    url: str = "url"
    published_at: str = "published_at"


@dataclass(frozen=True)
class Article:
    """One article to read. `problem` is set when the input itself was unusable (the run records it as failed)."""

    id: str
    text: str
    source: str
    url: str | None = None
    published_at: str | None = None
    problem: str | None = None

    @property
    def content_sha256(self) -> str:
        """Hash of what decides the prompt (text and publication date) plus the id, so duplicates stay distinct."""
        digest = hashlib.sha256()
        for part in (self.id, self.published_at or "", self.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        return digest.hexdigest()


def job_key(article: Article, model: str, prompt_version: str) -> str:
    """The resume key: the same article read by the same model with the same prompt is the same job."""
    raw = f"{article.content_sha256}\x1f{model}\x1f{prompt_version}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def _file_article(path: Path, article_id: str) -> Article:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Article(article_id, "", str(path), problem=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return Article(article_id, "", str(path), problem=f"cannot read the file: {exc.strerror}")
    if path.suffix.lower() in {".html", ".htm"}:
        text, published = html_to_text(raw)
        return Article(article_id, text, str(path), published_at=published)
    return Article(article_id, raw, str(path))


def article_from_row(obj: object, source: str, default_id: str, columns: Columns) -> Article:
    """An article from a JSONL object, CSV row or Ray Data row; a missing or empty text becomes its problem."""
    if not isinstance(obj, dict):
        return Article(default_id, "", source, problem="the line is not a JSON object")
    article_id = str(obj.get(columns.id) or default_id)
    text = obj.get(columns.text)
    url, published = obj.get(columns.url) or None, obj.get(columns.published_at) or None
    if not isinstance(text, str) or not text.strip():
        return Article(article_id, "", source, url, published, problem=f"no text in column {columns.text!r}")
    return Article(
        article_id, text, source, None if url is None else str(url), None if published is None else str(published)
    )


def _jsonl_articles(lines: Iterable[str], source: str, columns: Columns) -> Iterator[Article]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:  # not JSON, or (Python 3.11+) an integer of more than 4,300 digits
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield Article(f"{source}:{number}", "", source, problem=f"line {number} is not JSON: {reason}")
            continue
        yield article_from_row(obj, source, f"{source}:{number}", columns)


def _csv_articles(path: Path, columns: Columns) -> Iterator[Article]:
    csv.field_size_limit(2**31 - 1)  # an article is one (large) field
    # utf-8-sig: spreadsheet exports start with a BOM; "replace": one broken byte must not stop a whole file
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        if columns.text not in (reader.fieldnames or []):
            raise InputError(
                f"{path} has no {columns.text!r} column (columns: {', '.join(reader.fieldnames or [])}); "
                "name the text column with --text-column"
            )
        for number, row in enumerate(reader, 1):
            yield article_from_row(row, str(path), f"{path}:{number}", columns)


def _stdin_articles(stream: IO[str], columns: Columns) -> Iterator[Article]:
    """JSONL when the first non-blank character is '{', else the whole input is one plain-text article."""
    first = ""
    for line in stream:
        if line.strip():
            first = line
            break
    if first.lstrip().startswith("{"):
        yield from _jsonl_articles(_chain([first], stream), "<stdin>", columns)
    elif first:
        yield Article("<stdin>", first + stream.read(), "<stdin>")


def _chain(head: list[str], tail: Iterable[str]) -> Iterator[str]:
    yield from head
    yield from tail


def iter_articles(
    inputs: Sequence[str | Path], columns: Columns = Columns(), stdin: IO[str] | None = None
) -> Iterator[Article]:
    """Stream the articles of every input, in order: folders (.txt/.html, recursively), JSONL, CSV/TSV, single
    text or HTML files, or "-" for standard input. Raises `InputError` for an input that cannot be read at all."""
    for item in inputs:
        if str(item) == "-":
            if stdin is None and hasattr(sys.stdin, "reconfigure"):
                sys.stdin.reconfigure(errors="replace")  # as for files: a broken byte is not worth a crash
            yield from _stdin_articles(stdin or sys.stdin, columns)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
            for file in files:
                yield _file_article(file, file.relative_to(path).as_posix())
        elif not path.is_file():
            raise InputError(f"no such file or folder: {item}")
        elif path.suffix.lower() in JSONL_SUFFIXES or path.suffix.lower() == ".json":
            with path.open(encoding="utf-8-sig", errors="replace") as handle:
                yield from _jsonl_articles(handle, str(path), columns)
        elif path.suffix.lower() in CSV_SUFFIXES:
            yield from _csv_articles(path, columns)
        else:
            yield _file_article(path, path.name)


def count_articles(inputs: Sequence[str | Path], columns: Columns = Columns()) -> int | None:
    """How many articles the inputs hold (for the progress bar's ETA), or None when one is standard input."""
    if any(str(i) == "-" for i in inputs):
        return None
    return sum(1 for _ in iter_articles(inputs, columns))
