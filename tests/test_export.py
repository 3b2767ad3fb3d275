"""Exports flatten parties and representatives into one row each, for CSV, Parquet and pandas."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from agreement_llm import cli
from agreement_llm.errors import ConfigurationError, InputError
from agreement_llm.export import COLUMNS, export, iter_rows, rows, to_dataframe, write_csv

SIGNED = {
    "key": "k1",
    "id": "a1",
    "source": "in.jsonl",
    "url": "https://example.org/a1",
    "ok": True,
    "model": "m",
    "prompt_version": "extract@x",
    "seconds": 1.5,
    "usage": {"prompt_tokens": 900, "completion_tokens": 200, "total_tokens": 1100, "attempts": 1},
    "agreement": {
        "status": "signed",
        "is_agreement": True,
        "kind": "partnership",
        "date": {"text": "يوم السبت 01 يناير 2022", "iso": "2022-01-01", "precision": "day"},
        "place": {"city": "أكادير", "city_en": "Agadir", "country": "MA"},
        "sectors": ["health", "social"],
        "summary": {"ar": "وقعت الجمعية والمؤسسة اتفاقية شراكة.", "en": "The association and the foundation signed."},
        "parties": [
            {
                "name": "جمعية سفراء الخير",
                "name_en": "Ambassadors of Good",
                "kind": "association",
                "country": "MA",
                "representatives": [{"name": "علي", "role": "رئيسها", "role_en": "President"}, {"name": "سعاد"}],
            },
            {"name": "مؤسسة كليير فيزيون", "kind": "foundation", "representatives": []},
        ],
    },
    "error": None,
}
FAILED = {
    "key": "k2",
    "id": "a2",
    "source": "in.jsonl",
    "ok": False,
    "agreement": None,
    "usage": {"attempts": 3},
    "error": {"type": "ModelGaveUpError", "message": "no valid answer"},
}


def write_results(path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (SIGNED, FAILED)) + '{"torn', encoding="utf-8"
    )
    return path


def test_one_row_per_representative_and_per_unrepresented_party() -> None:
    got = list(rows(SIGNED))
    assert [(r["party_index"], r["party_name"], r["representative_name"]) for r in got] == [
        (0, "جمعية سفراء الخير", "علي"),
        (0, "جمعية سفراء الخير", "سعاد"),
        (1, "مؤسسة كليير فيزيون", None),
    ]
    first = got[0]
    assert list(first) == list(COLUMNS)
    assert first["representative_role_en"] == "President" and first["party_kind"] == "association"
    assert first["date"] == "2022-01-01" and first["sectors"] == "health; social" and first["place_city_en"] == "Agadir"
    assert first["prompt_tokens"] == 900 and first["parties_count"] == 2


def test_a_failed_article_keeps_one_row_with_its_error() -> None:
    (row,) = rows(FAILED)
    assert (
        row["ok"] is False
        and row["error_type"] == "ModelGaveUpError"
        and row["status"] is None
        and row["party_name"] is None
    )


def test_csv_roundtrip_skips_a_torn_line(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert write_csv(write_results(tmp_path / "r.jsonl"), out) == 4
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [r["representative_name"] for r in table] == ["علي", "سعاد", "", ""]
    assert table[3]["error_type"] == "ModelGaveUpError"


def test_dataframe_and_parquet(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    results = write_results(tmp_path / "r.jsonl")
    frame = to_dataframe(results)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 4
    assert frame.loc[0, "party_name"] == "جمعية سفراء الخير"
    assert export(results, tmp_path / "out.parquet") == 4
    back = pandas.read_parquet(tmp_path / "out.parquet")
    assert back["representative_name"].tolist()[:2] == ["علي", "سعاد"] and back["ok"].tolist() == [
        True,
        True,
        True,
        False,
    ]


def test_records_in_memory_work_too() -> None:
    assert len(list(iter_rows([SIGNED, FAILED]))) == 4


def test_missing_optional_dependency_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pandas(name: str, *args: object, **kwargs: object) -> object:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    monkeypatch.setattr("importlib.import_module", lambda name: no_pandas(name))
    with pytest.raises(ConfigurationError, match=r"agreement-llm\[export\]"):
        to_dataframe([SIGNED])


def test_bad_export_target_and_missing_results(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=".csv or .parquet"):
        export(write_results(tmp_path / "r.jsonl"), tmp_path / "out.xlsx")
    assert cli.main(["export", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.csv")]) == 2


def test_top_level_to_dataframe_takes_agreements_records_or_a_path_with_typed_columns(seed_results: Path) -> None:
    pandas = pytest.importorskip("pandas")
    import agreement_llm
    from agreement_llm import Agreement
    from agreement_llm.bulk import read_results

    records = list(read_results(seed_results))
    agreements = [Agreement.model_validate(r["agreement"]) for r in records]
    by_path = agreement_llm.to_dataframe(seed_results)
    by_objects = agreement_llm.to_dataframe(agreements)
    assert len(by_path) == len(by_objects) == len(agreement_llm.to_dataframe(records)) > 5
    assert by_path["party_name"].tolist() == by_objects["party_name"].tolist()
    assert pandas.api.types.is_datetime64_any_dtype(by_path["date"])
    assert by_path.loc[0, "date"] == pandas.Timestamp("2022-01-01") and by_path.loc[0, "outlet"] == "بلوس24"
    assert pandas.api.types.is_datetime64_any_dtype(by_path["published_at"]) and by_path.loc[0, "published_at"].tzinfo
    assert str(by_path["party_start"].dtype) == "Int64" and str(by_path["ok"].dtype) == "boolean"
    text = records[0]["text"]  # spans point into the article
    first = by_path.iloc[0]
    assert text[first["party_start"] : first["party_end"]] == first["party_name"]
    assert text[first["date_start"] : first["date_end"]] == first["date_text"]
    assert first["notes_count"] == len(agreements[0].notes) >= 5  # every guard note of seed 000, counted
    assert "not found in the article" in first["notes"] and first["objectives"]

    articles = agreement_llm.to_dataframe(seed_results, per="article")
    assert len(articles) == 5 and articles["parties"].notna().all() and "party_name" not in articles.columns
    assert articles["date"].isna().tolist() == [False, False, True, False, True]  # «مؤخرا» and no date: NaT


def test_per_must_be_known() -> None:
    with pytest.raises(InputError, match="per='party'"):
        list(iter_rows([SIGNED], per="party"))
