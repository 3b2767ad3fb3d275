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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import ConfigurationError, InputError

ARTICLE_COLUMNS = (
    "id", "source", "url", "ok", "error_type", "error", "status", "is_agreement", "kind", "date", "date_precision",
    "date_text", "place_city", "place_city_en", "place_country", "sectors", "summary_ar", "summary_en",
    "parties_count", "model", "prompt_version", "prompt_tokens", "completion_tokens", "attempts", "seconds",
)
PARTY_COLUMNS = ("party_index", "party_name", "party_name_en", "party_kind", "party_country")
REPRESENTATIVE_COLUMNS = ("representative_name", "representative_role", "representative_role_en")
COLUMNS = ARTICLE_COLUMNS + PARTY_COLUMNS + REPRESENTATIVE_COLUMNS


def _article_fields(record: dict[str, Any]) -> dict[str, Any]:
    a = record.get("agreement") or {}
    error = record.get("error") or {}
    usage = record.get("usage") or {}
    date, place, summary = a.get("date") or {}, a.get("place") or {}, a.get("summary") or {}
    return {
        "id": record.get("id"), "source": record.get("source"), "url": record.get("url"), "ok": bool(record.get("ok")),
        "error_type": error.get("type"), "error": error.get("message"),
        "status": a.get("status"), "is_agreement": a.get("is_agreement", a.get("status") not in (None, "not_an_agreement")) if a else None,
        "kind": a.get("kind"), "date": date.get("iso"), "date_precision": date.get("precision"), "date_text": date.get("text"),
        "place_city": place.get("city"), "place_city_en": place.get("city_en"), "place_country": place.get("country"),
        "sectors": "; ".join(a.get("sectors") or []) or None,
        "summary_ar": summary.get("ar"), "summary_en": summary.get("en"),
        "parties_count": len(a.get("parties") or []) if a else None,
        "model": record.get("model"), "prompt_version": record.get("prompt_version"),
        "prompt_tokens": usage.get("prompt_tokens"), "completion_tokens": usage.get("completion_tokens"),
        "attempts": usage.get("attempts"), "seconds": record.get("seconds"),
    }


def rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The flat rows of one result record, every row holding every column of `COLUMNS`."""
    article = _article_fields(record)
    parties = (record.get("agreement") or {}).get("parties") or []
    empty_party = dict.fromkeys(PARTY_COLUMNS)
    empty_rep = dict.fromkeys(REPRESENTATIVE_COLUMNS)
    if not parties:
        yield {**article, **empty_party, **empty_rep}
        return
    for index, party in enumerate(parties):
        party_fields = {
            "party_index": index, "party_name": party.get("name"), "party_name_en": party.get("name_en"),
            "party_kind": party.get("kind"), "party_country": party.get("country"),
        }
        people = party.get("representatives") or []
        if not people:
            yield {**article, **party_fields, **empty_rep}
        for person in people:
            yield {
                **article, **party_fields, "representative_name": person.get("name"),
                "representative_role": person.get("role"), "representative_role_en": person.get("role_en"),
            }


def _records(source: str | Path | Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if isinstance(source, (str, Path)):
        from .bulk import read_results

        path = Path(source)
        if not path.is_file():
            raise InputError(f"no results file at {source}: pass the JSONL written by `agreement-llm run`")
        return read_results(path)
    return iter(source)


def iter_rows(source: str | Path | Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Flat rows of a results file (path) or of records already in memory, streamed."""
    for record in _records(source):
        yield from rows(record)


def write_csv(source: str | Path | Iterable[dict[str, Any]], output: str | Path) -> int:
    """Write the flat rows as UTF-8 CSV (with a BOM, so spreadsheet programs read Arabic right); returns the row count."""
    count = 0
    with Path(output).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in iter_rows(source):
            writer.writerow(row)
            count += 1
    return count


def to_dataframe(source: str | Path | Iterable[dict[str, Any]]) -> Any:
    """A pandas DataFrame of the flat rows (columns in `COLUMNS` order)."""
    pandas = _require("pandas")
    return pandas.DataFrame.from_records(list(iter_rows(source)), columns=list(COLUMNS))


def write_parquet(source: str | Path | Iterable[dict[str, Any]], output: str | Path, *, batch_rows: int = 10_000) -> int:
    """Write the flat rows as Parquet, in batches so memory stays flat; returns the row count."""
    pa = _require("pyarrow")
    parquet = _require("pyarrow.parquet")
    schema = pa.schema([pa.field(name, getattr(pa, _ARROW_TYPES.get(name, "string"))()) for name in COLUMNS])
    count = 0
    with parquet.ParquetWriter(str(output), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in iter_rows(source):
            batch.append(row)
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def export(source: str | Path, output: str | Path) -> int:
    """Write `output` as CSV or Parquet, chosen by its suffix; returns the row count."""
    suffix = Path(output).suffix.lower()
    if suffix == ".csv":
        return write_csv(source, output)
    if suffix in (".parquet", ".pq"):
        return write_parquet(source, output)
    raise InputError(f"cannot export to {output}: name the file .csv or .parquet")


_ARROW_TYPES = {
    "ok": "bool_", "is_agreement": "bool_", "parties_count": "int64", "prompt_tokens": "int64",
    "completion_tokens": "int64", "attempts": "int64", "seconds": "float64", "party_index": "int64",
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


__all__ = ["COLUMNS", "export", "iter_rows", "rows", "to_dataframe", "write_csv", "write_parquet"]
