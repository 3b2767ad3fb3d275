"""Evaluation sets: the shipped ones, a user's own folder of gold, and the publication dates a set passes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from agreement_llm import cli
from agreement_llm.errors import InputError
from agreement_llm.evals.report import evaluate, load_report
from agreement_llm.evals.sets import from_folder, load_set
from agreement_llm.schema import Agreement
from conftest import ROOT


def test_the_shipped_sets_are_found_with_their_articles_and_dates() -> None:
    for name in ("seeds", "dev", "dev-test"):
        s = load_set(name)
        assert s.ids and all(s.article(i).is_file() for i in s.ids), name
    dev = load_set("dev")
    assert dev.published["lev_01"] == "2023-01-29"  # Al Mayadeen's own publication time
    assert all(row["split"] == "dev" for row in dev.sources.values())
    assert not set(load_set("dev").ids) & set(load_set("dev-test").ids)  # the held-out part is held out


def test_an_unknown_set_or_an_empty_folder_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no shipped set"):
        load_set("train")
    with pytest.raises(InputError, match="no gold annotations"):
        from_folder(tmp_path)


class Recorder:
    """Answers with the gold of the article and keeps the publication date each call was given."""

    def __init__(self, answers: dict[str, Agreement]) -> None:
        self.answers, self.published = answers, {}

    def summarize(self, text: str, *, published_at: str | None = None) -> Agreement:
        stem = next(s for s, a in self.answers.items() if a.source.headline and text.startswith(a.source.headline))
        self.published[stem] = published_at
        return self.answers[stem]


def _my_set(tmp_path: Path) -> Path:
    """A user's own set in the documented layout: gold/, articles/, sources.jsonl."""
    folder = tmp_path / "mine"
    (folder / "gold").mkdir(parents=True)
    (folder / "articles").mkdir()
    rows = []
    for stem in ("lev_01", "lev_02"):
        shutil.copy(ROOT / "evals" / "dev" / "gold" / f"{stem}.json", folder / "gold")
        shutil.copy(ROOT / "evals" / "dev" / "articles" / f"{stem}.txt", folder / "articles")
        rows.append({"id": stem, "published_at": "2024-03-25" if stem == "lev_01" else None})
    (folder / "sources.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


def test_a_folder_of_gold_is_scored_with_the_publication_dates_it_gives(tmp_path: Path) -> None:
    folder = _my_set(tmp_path)
    eval_set = from_folder(folder)
    answers = {
        s: Agreement.model_validate_json((folder / "gold" / f"{s}.json").read_text(encoding="utf-8"))
        for s in eval_set.ids
    }
    stand_in = Recorder(answers)
    report = evaluate(stand_in, eval_set)  # type: ignore[arg-type]
    assert stand_in.published == {"lev_01": "2024-03-25", "lev_02": None}
    assert report.aggregate.scored == 2 and report.aggregate.anls_star == 1.0


def test_eval_gold_takes_any_folder_and_the_oracle_runs_no_model(tmp_path: Path) -> None:
    folder, out = _my_set(tmp_path), tmp_path / "out"
    assert cli.main(["eval", "--gold", str(folder), "--oracle", "--out", str(out)]) == 0
    (made,) = out.glob("*.json")
    report = load_report(made)
    assert report.model == "oracle" and report.aggregate.status_accuracy == 1.0 and report.usage.attempts == 2


def test_a_gold_file_whose_article_is_missing_is_reported_not_raised(tmp_path: Path) -> None:
    folder = _my_set(tmp_path)
    (folder / "articles" / "lev_02.txt").unlink()
    out = tmp_path / "out"
    assert cli.main(["eval", "--gold", str(folder), "--oracle", "--out", str(out)]) == 1
    (made,) = out.glob("*.json")
    errors = {a.stem: a.error for a in load_report(made).articles if a.error}
    assert list(errors) == ["lev_02"] and "no article" in errors["lev_02"]
