"""Flat tables from a results file (`agreement-llm run` output), for notebooks, spreadsheets and other tools.

One row per representative of each party (a party nobody represented gets one row with empty representative
columns, and an article with no parties, or a failed one, gets one row), so a table keeps every person, every
organisation and every article. The columns are fixed (`COLUMNS`), so files from different runs line up.

CSV needs nothing beyond the standard library; `to_dataframe` needs pandas and Parquet needs pyarrow
(`pip install 'agreement-llm[export]'`).

>>> record = {"id": "a1", "ok": True, "agreement": {"status": "signed", "summary": {"ar": "…", "en": "…"},
...     "parties": [{"name": "جمعية", "kind": "association", "representatives": [{"name": "علي"}, {"name": "سعاد"}]}]}}
>>> [(r["party_name"], r["representative_name"]) for r in rows(record)]
[('جمعية', 'علي'), ('جمعية', 'سعاد')]
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeAlias

from .errors import ConfigurationError, InputError

ARTICLE_COLUMNS = (
    "id",
    "source",
    "url",
    "ok",
    "error_type",
    "error",
    "status",
    "is_agreement",
    "kind",
    "date",
    "date_precision",
    "date_text",
    "place_city",
    "place_city_en",
    "place_country",
    "sectors",
    "summary_ar",
    "summary_en",
    "parties_count",
    "model",
    "prompt_version",
    "prompt_tokens",
    "completion_tokens",
    "attempts",
    "seconds",
    # added later; at the end so files written before still line up with these column for column
    "published_at",
    "outlet",
    "author",
    "headline",
    "objectives",
    "commitments",
    "beneficiaries",
    "notes",
    "notes_count",
    "cache_hits",
    "status_evidence",
    "evidence_start",
    "evidence_end",
    "date_start",
    "date_end",
    "place_start",
    "place_end",
)
PARTY_COLUMNS = (
    "party_index",
    "party_name",
    "party_name_en",
    "party_kind",
    "party_country",
    "party_start",
    "party_end",
)
REPRESENTATIVE_COLUMNS = (
    "representative_name",
    "representative_role",
    "representative_role_en",
    "representative_start",
    "representative_end",
)
COLUMNS = ARTICLE_COLUMNS + PARTY_COLUMNS + REPRESENTATIVE_COLUMNS
SEP = "; "  # joins list values (sectors, objectives, notes) in one cell


def _article_fields(record: dict[str, Any]) -> dict[str, Any]:
    a = record.get("agreement") or {}
    error = record.get("error") or {}
    usage = record.get("usage") or {}
    date, place, summary = a.get("date") or {}, a.get("place") or {}, a.get("summary") or {}
    source, evidence, notes = a.get("source") or {}, a.get("status_evidence") or {}, a.get("notes") or []
    return {
        "id": record.get("id"),
        "source": record.get("source"),
        "url": record.get("url"),
        "ok": bool(record.get("ok")),
        "error_type": error.get("type"),
        "error": error.get("message"),
        "status": a.get("status"),
        "is_agreement": a.get("is_agreement", a.get("status") not in (None, "not_an_agreement")) if a else None,
        "kind": a.get("kind"),
        "date": date.get("iso"),
        "date_precision": date.get("precision"),
        "date_text": date.get("text"),
        "place_city": place.get("city"),
        "place_city_en": place.get("city_en"),
        "place_country": place.get("country"),
        "sectors": "; ".join(a.get("sectors") or []) or None,
        "summary_ar": summary.get("ar"),
        "summary_en": summary.get("en"),
        "parties_count": len(a.get("parties") or []) if a else None,
        "model": record.get("model"),
        "prompt_version": record.get("prompt_version"),
        "prompt_tokens": usage.get("prompt_tokens"),
        "completion_tokens": usage.get("completion_tokens"),
        "attempts": usage.get("attempts"),
        "seconds": record.get("seconds"),
        "published_at": record.get("published_at") or source.get("published_at"),
        "outlet": source.get("outlet"),
        "author": source.get("author"),
        "headline": source.get("headline"),
        **{
            name: SEP.join(q["text"] for q in a.get(name) or []) or None
            for name in ("objectives", "commitments", "beneficiaries")
        },
        "notes": SEP.join(f"{n['action']} {n['field']}: {n['reason']}" for n in notes) or None,
        "notes_count": len(notes) if a else None,
        "cache_hits": usage.get("cache_hits"),
        "status_evidence": evidence.get("text"),
        **_span("evidence", evidence),
        **_span("date", date),
        **_span("place", place),
    }


def _span(prefix: str, value: dict[str, Any] | None) -> dict[str, int | None]:
    span = (value or {}).get("span") or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end")}


PER = ("representative", "article")


def rows(record: dict[str, Any], per: str = "representative") -> Iterator[dict[str, Any]]:
    """The flat rows of one result record, every row holding every column of `COLUMNS` (`per="representative"`)
    or of `ARTICLE_COLUMNS` (`per="article"`: one row per article, the parties joined in `party_name`)."""
    if per not in PER:
        raise InputError(f"per={per!r}: choose 'representative' (one row per party/representative) or 'article'")
    article = _article_fields(record)
    if per == "article":
        names = [p.get("name") for p in (record.get("agreement") or {}).get("parties") or []]
        yield {**article, "parties": SEP.join(n for n in names if n) or None}
        return
    parties = (record.get("agreement") or {}).get("parties") or []
    empty_party = dict.fromkeys(PARTY_COLUMNS)
    empty_rep = dict.fromkeys(REPRESENTATIVE_COLUMNS)
    if not parties:
        yield {**article, **empty_party, **empty_rep}
        return
    for index, party in enumerate(parties):
        party_fields = {
            "party_index": index,
            "party_name": party.get("name"),
            "party_name_en": party.get("name_en"),
            "party_kind": party.get("kind"),
            "party_country": party.get("country"),
            **_span("party", party),
        }
        people = party.get("representatives") or []
        if not people:
            yield {**article, **party_fields, **empty_rep}
        for person in people:
            yield {
                **article,
                **party_fields,
                "representative_name": person.get("name"),
                "representative_role": person.get("role"),
                "representative_role_en": person.get("role_en"),
                **_span("representative", person),
            }


ARTICLE_ROW_COLUMNS = ARTICLE_COLUMNS + ("parties",)


def columns(per: str = "representative") -> tuple[str, ...]:
    """The columns of a table with one row per representative (`COLUMNS`) or per article."""
    return ARTICLE_ROW_COLUMNS if per == "article" else COLUMNS


Source: TypeAlias = str | Path | Iterable[Any]
"""What the exporters read: a results JSONL path ("-": standard input), result records, or `Agreement`s."""


def _as_record(item: Any, index: int) -> dict[str, Any]:
    """A result record from a record (as is) or an `Agreement` (made into the record a run would write)."""
    if isinstance(item, dict):
        return item
    if hasattr(item, "model_dump") and hasattr(item, "summary"):
        run = item.run
        return {
            "id": str(index),
            "ok": True,
            "agreement": item.model_dump(mode="json"),
            "error": None,
            "usage": run.usage.model_dump() if run else {},
            "model": run.model if run else None,
            "prompt_version": run.prompt_version if run else None,
            "seconds": run.seconds if run else None,
        }
    raise InputError(f"cannot export a {type(item).__name__}: pass a results JSONL path, Agreements or result records")


def _records(source: Source) -> Iterator[dict[str, Any]]:
    from .bulk import read_results

    if isinstance(source, (str, Path)):
        path = Path(source)
        if str(source) != "-" and not path.is_file():
            raise InputError(f"no results file at {source}: pass the JSONL written by `agreement-llm run`")
        return read_results(source)
    return (_as_record(item, i) for i, item in enumerate(source))


def iter_rows(source: Source, per: str = "representative") -> Iterator[dict[str, Any]]:
    """Flat rows of a results file (path, or "-" for standard input), of records, or of `Agreement`s, streamed."""
    for record in _records(source):
        yield from rows(record, per)


def write_csv(source: Source, output: str | Path, *, per: str = "representative") -> int:
    """Write the flat rows as UTF-8 CSV (with a BOM, so spreadsheet programs read Arabic right; none on standard
    output, "-", where the next program reads it); returns the row count."""
    count = 0
    with _open_text(output) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns(per))
        writer.writeheader()
        for row in iter_rows(source, per):
            writer.writerow(row)
            count += 1
    return count


@contextmanager
def _open_text(output: str | Path) -> Iterator[IO[str]]:
    if str(output) == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with Path(output).open("w", encoding="utf-8-sig", newline="") as handle:
            yield handle


def to_dataframe(source: Source, per: str = "representative") -> Any:
    """A pandas DataFrame of the flat rows: one row per party/representative (`per="representative"`, columns
    `COLUMNS`) or per article (`per="article"`). `source` is a results JSONL path, result records, or `Agreement`s.

    Typed: `date` and `published_at` are datetimes (a month or year precision dates its first day; `date_precision`
    says which), counts and offsets nullable integers, flags nullable booleans.
    """
    pandas = _require("pandas")
    frame = pandas.DataFrame.from_records(list(iter_rows(source, per)), columns=list(columns(per)))
    frame["date"] = pandas.to_datetime(frame["date"], format="ISO8601", errors="coerce")
    frame["published_at"] = pandas.to_datetime(frame["published_at"], format="ISO8601", errors="coerce", utc=True)
    for name in frame.columns:
        kind = _ARROW_TYPES.get(name)
        if kind == "int64":
            frame[name] = frame[name].astype("Int64")
        elif kind == "bool_":
            frame[name] = frame[name].astype("boolean")
        elif kind == "float64":
            frame[name] = frame[name].astype("Float64")
    return frame


def write_parquet(source: Source, output: str | Path, *, per: str = "representative", batch_rows: int = 10_000) -> int:
    """Write the flat rows as Parquet ("-": standard output), in batches so memory stays flat; returns the row count."""
    pa = _require("pyarrow")
    parquet = _require("pyarrow.parquet")
    schema = pa.schema([pa.field(name, getattr(pa, _ARROW_TYPES.get(name, "string"))()) for name in columns(per)])
    count = 0
    sink: Any = sys.stdout.buffer if str(output) == "-" else str(output)
    with parquet.ParquetWriter(sink, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in iter_rows(source, per):
            batch.append(row)
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


FORMATS = ("csv", "parquet")


def export(source: Source, output: str | Path, *, per: str = "representative", format: str | None = None) -> int:
    """Write `output` as CSV or Parquet, chosen by `format` or else by its suffix ("-": CSV on standard output);
    returns the row count."""
    suffix = Path(output).suffix.lower()
    format = format or (
        "csv" if str(output) == "-" or suffix == ".csv" else "parquet" if suffix in (".parquet", ".pq") else None
    )
    if format == "csv":
        return write_csv(source, output, per=per)
    if format == "parquet":
        return write_parquet(source, output, per=per)
    raise InputError(f"cannot export to {output}: name the file .csv or .parquet (or pass --format)")


_ARROW_TYPES = {
    "ok": "bool_",
    "is_agreement": "bool_",
    "parties_count": "int64",
    "prompt_tokens": "int64",
    "completion_tokens": "int64",
    "attempts": "int64",
    "seconds": "float64",
    "party_index": "int64",
    "notes_count": "int64",
    "cache_hits": "int64",
    **{
        f"{name}_{end}": "int64"
        for name in ("evidence", "date", "place", "party", "representative")
        for end in ("start", "end")
    },
}


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        package = module.split(".")[0]
        raise ConfigurationError(
            f"this export needs {package}, which is not installed: pip install 'agreement-llm[export]' "
            f"(or pip install {package}); CSV export works without it"
        ) from None


__all__ = ["COLUMNS", "columns", "export", "iter_rows", "rows", "to_dataframe", "write_csv", "write_parquet"]
