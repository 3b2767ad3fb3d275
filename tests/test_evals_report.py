"""`evaluate`, the reports and the `eval` command, driven by a stand-in extractor that answers with hand-edited gold
annotations (never model output). Offline; no model is loaded."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from agreement_llm import cli
from agreement_llm.errors import InputError, ModelGaveUpError
from agreement_llm.evals.report import (
    Report,
    compare,
    evaluate,
    load_gold,
    load_report,
    render_markdown,
    stable_json,
    write_report,
)
from agreement_llm.schema import Agreement, RunInfo, Status, Usage
from conftest import ROOT

# Three small seeds keep the suite fast; seed 001 (seven parties, six instruments) is covered in test_evals_score.
STEMS = ("000_fd964e18e62d9c2a", "003_2a9a14652ac9d66d", "004_20b8b520d1dc0b02")


class StandIn:
    """Answers each seed with its gold annotation (optionally edited), stamped with a `run` like `Extractor` does."""

    def __init__(
        self,
        gold_dir: Path,
        edits: dict[str, dict[str, object]] | None = None,
        fail: str | None = None,
        seconds: float = 1.5,
    ) -> None:
        self.answers: dict[str, tuple[str, Agreement]] = {}
        for stem, agreement in load_gold(gold_dir).items():
            text = (ROOT / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
            self.answers[text] = (stem, agreement.model_copy(deep=True, update=(edits or {}).get(stem, {})))
        self.fail, self.seconds = fail, seconds

    def summarize(self, text: str) -> Agreement:
        stem, agreement = self.answers[text]
        if stem == self.fail:
            raise ModelGaveUpError(
                "the model gave no valid answer in 3 tries", attempts=3, last_error="x", raw_replies=[]
            )
        run = RunInfo(
            model="stand-in",
            backend="replay",
            prompt_version="p-test",
            library_version="0.0",
            seconds=self.seconds,
            usage=Usage(prompt_tokens=100, completion_tokens=20, total_tokens=120),
        )
        return agreement.model_copy(update={"run": run})


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "gold"
    directory.mkdir()
    for stem in STEMS:
        shutil.copy(ROOT / "evals" / "gold" / f"{stem}.json", directory)
    return directory


def run(gold_dir: Path, **options: object) -> Report:
    return evaluate(StandIn(gold_dir, **options), ROOT / "seeds", gold_dir)  # type: ignore[arg-type]


def test_gold_answers_score_one_everywhere(gold_dir: Path) -> None:
    report = run(gold_dir)
    agg = report.aggregate
    assert (agg.articles, agg.scored, agg.anls_star, agg.status_accuracy, agg.grounding_rate, agg.invented) == (
        3,
        3,
        1.0,
        1.0,
        1.0,
        0,
    )
    assert all(v in (1.0, None) for v in agg.fields.values())
    assert report.model == "stand-in" and report.prompt_version == "p-test"
    assert report.usage.total_tokens == 360
    assert all(r.prediction is not None and r.prediction.run is None for r in report.articles)  # run is lifted out


def test_a_failed_article_is_recorded_and_counts_zero_in_the_headline(gold_dir: Path) -> None:
    report = run(gold_dir, fail=STEMS[1])
    failed = next(r for r in report.articles if r.stem == STEMS[1])
    assert failed.error is not None and failed.error.startswith("ModelGaveUpError")
    assert report.aggregate.scored == 2 and report.aggregate.anls_star == pytest.approx(2 / 3, abs=1e-4)
    assert report.aggregate.fields["status"] == 1.0  # field means are over the scored articles
    assert "| 003_2a9a14652ac9d66d | planned | error |" in render_markdown(report)


def test_a_wrong_status_shows_in_the_aggregate(gold_dir: Path) -> None:
    report = run(gold_dir, edits={STEMS[1]: {"status": Status.SIGNED}})
    assert report.aggregate.status_accuracy == pytest.approx(2 / 3, abs=1e-4)
    assert "| 003_2a9a14652ac9d66d | planned | signed |" in render_markdown(report)


def test_two_runs_on_the_same_answers_give_the_same_report_but_for_volatile(gold_dir: Path, tmp_path: Path) -> None:
    first, second = run(gold_dir, seconds=1.0), run(gold_dir, seconds=9.0)
    assert first.volatile.seconds != second.volatile.seconds
    assert stable_json(first) == stable_json(second)
    assert render_markdown(first) == render_markdown(second)
    json_a, md_a = write_report(first, tmp_path / "a")
    _, md_b = write_report(second, tmp_path / "b")
    assert md_a.read_bytes() == md_b.read_bytes()
    assert json_a.name == "stand-in__p-test.json"
    assert stable_json(load_report(json_a)) == stable_json(first)  # the written JSON reads back to the same report
    assert "run_at" not in md_a.read_text(encoding="utf-8")


def test_compare_puts_two_reports_side_by_side(gold_dir: Path) -> None:
    good = run(gold_dir)
    worse = run(gold_dir, edits={STEMS[0]: {"parties": []}})
    table = compare(good, worse)
    row = next(line for line in table.splitlines() if line.startswith("| field parties |"))
    assert row.split("|")[2].strip() == "1.000" and row.split("|")[4].strip().startswith("-")


def test_missing_gold_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no gold annotations"):
        load_gold(tmp_path)


def test_a_replay_folder_with_hand_written_replies_is_refused(gold_dir: Path, tmp_path: Path) -> None:
    from agreement_llm.transport.recording import FORMAT

    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "0001.json").write_text(json.dumps({"format": FORMAT, "hand_written": True}), encoding="utf-8")
    stand_in = StandIn(gold_dir)
    stand_in.settings = SimpleNamespace(replay_dir=str(folder))  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="hand-written"):
        evaluate(stand_in, ROOT / "seeds", gold_dir)


def test_eval_command_writes_reports_and_compare_prints_them(
    gold_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import agreement_llm.extract

    class FakeExtractor(StandIn):
        def __init__(self, strict: bool = False, **options: object) -> None:
            super().__init__(gold_dir)

        def __enter__(self) -> FakeExtractor:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(agreement_llm.extract, "Extractor", FakeExtractor)
    out = tmp_path / "results"
    code = cli.main(
        ["eval", "--seeds", str(ROOT / "seeds"), "--gold", str(gold_dir), "--out", str(out), "--backend", "replay"]
    )
    assert code == 0
    written = out / "stand-in__p-test.json"
    assert json.loads(written.read_text(encoding="utf-8"))["aggregate"]["anls_star"] == 1.0
    assert (out / "stand-in__p-test.md").is_file()
    capsys.readouterr()
    assert cli.main(["eval", "--compare", str(written), str(written)]) == 0
    assert "| ANLS* | 1.000 | 1.000 | +0.000 |" in capsys.readouterr().out
    assert cli.main(["eval", "--compare", str(written), str(tmp_path / "nope.json")]) == 2


RECORDINGS = ROOT / "tests" / "recordings" / "embedded"


def _recorded() -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RECORDINGS.glob("*.json"))]


COMMITTED = ROOT / "evals" / "results"
FULL_DRAFT = ROOT / "tests" / "recordings" / "full-draft"
# The full-draft recording of dev was stopped when a session's time ran out (2 cores, ~2 minutes an article, AVX2
# build); the embedded model now uses the lean draft, recorded in full. Those 28 of 36 are kept as the before of
# issue 14.
PARTLY_RECORDED = {("dev", FULL_DRAFT / "dev")}
LEAN = ROOT / "tests" / "recordings" / "lean"
# The full draft again, on the build and sampler the lean draft was recorded with (same day, same machine): the
# lean draft's quality is compared against these (`test_the_lean_reply_is_the_full_replys_beginning`).
SAME_BUILD_FULL = ROOT / "tests" / "recordings" / "full-draft-avx512"
REPLAYED = [  # (set, recordings, profile, folder of the committed report under evals/results/SET)
    ("seeds", RECORDINGS, "core", ""),
    ("dev", ROOT / "tests" / "recordings" / "embedded-dev", "core", ""),
    ("dev-test", ROOT / "tests" / "recordings" / "embedded-dev-test", "core", ""),
    ("seeds", FULL_DRAFT / "seeds", "full", ""),
    ("dev", FULL_DRAFT / "dev", "full", ""),
    ("dev-test", FULL_DRAFT / "dev-test", "full", ""),
    ("seeds", LEAN / "seeds", "lean", ""),
    ("dev", LEAN / "dev", "lean", ""),
    ("dev-test", LEAN / "dev-test", "lean", ""),
    ("seeds", SAME_BUILD_FULL / "seeds", "full", "full-draft-avx512"),
    ("dev-test", SAME_BUILD_FULL / "dev-test", "full", "full-draft-avx512"),
]


@pytest.mark.parametrize(
    ("set_name", "recordings", "profile", "reports"),
    REPLAYED,
    ids=[f"{s}-{p}{'-' + r if r else ''}" for s, _, p, r in REPLAYED],
)
def test_the_replayed_eval_reproduces_the_committed_report_exactly(
    set_name: str, recordings: Path, profile: str, reports: str, tmp_path: Path
) -> None:
    """`agreement-llm eval --set SET --replay tests/recordings/embedded[-SET]` gives the report committed in
    evals/results/SET/."""
    from agreement_llm.profiles import PROFILES

    recorded = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(recordings.glob("*.json"))]
    versions = {str(r.get("prompt_version")) for r in recorded}
    expected = PROFILES[profile].version
    assert versions == {expected}, (
        f"recordings are of {sorted(versions)}, the {profile} prompt is {expected}: re-record"
    )
    out = tmp_path / "results"
    # the folder as the README's command names it (a replay miss quotes it in the report)
    folder = os.path.relpath(recordings) if Path.cwd() == ROOT else str(recordings)
    assert cli.main(["eval", "--set", set_name, "--replay", folder, "--out", str(out)]) in (0, 1)
    (made_json,) = sorted(out.glob("*.json"))
    committed_json = COMMITTED / set_name / reports / made_json.name
    assert committed_json.is_file(), f"no committed report {committed_json}: run the eval and commit evals/results"
    made = load_report(made_json)
    errors = [r.error or "" for r in made.articles if r.error]
    if (
        set_name,
        recordings,
    ) in PARTLY_RECORDED:  # what is not recorded yet shows as a replay miss, and nothing else fails
        assert all(e.startswith("ReplayMissError") for e in errors), errors
        assert len(errors) < len(made.articles) / 2
    else:
        assert not errors, "every article must be answered by a recording"
    assert stable_json(made) == stable_json(load_report(committed_json))
    assert made_json.with_suffix(".md").read_bytes() == committed_json.with_suffix(".md").read_bytes()


def _tool_arguments(recording: dict[str, Any]) -> str:
    message = recording["response"]["body"]["choices"][0]["message"]
    return str(message["tool_calls"][0]["function"]["arguments"])


def _user_message(recording: dict[str, Any]) -> str:
    return str(recording["request"]["body"]["messages"][-1]["content"])


@pytest.mark.parametrize("set_name", ["seeds", "dev-test"])
def test_the_lean_reply_is_the_full_replys_beginning(set_name: str) -> None:
    """The lean draft's quality claim (profiles.py), on real recordings: on the same build, what the model wrote
    before the cut (status, date, place, parties and their people) is what it wrote in the full draft, token for
    token, article for article (seed 001's full reply even ran out of tokens later on). The two sets were recorded
    the same day; a re-recording of only one of them fails here."""
    full = {}
    for path in sorted((SAME_BUILD_FULL / set_name).glob("*.json")):
        recording = json.loads(path.read_text(encoding="utf-8"))
        full[_user_message(recording)] = _tool_arguments(recording)
    lean = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((LEAN / set_name).glob("*.json"))]
    assert len(lean) == len(full) >= 5
    for recording in lean:
        arguments = _tool_arguments(recording)  # cut at "instruments" and closed by the transport
        written = json.loads(arguments)
        assert list(written)[-1] == "parties" and "instruments" not in written
        assert arguments.endswith("}") and full[_user_message(recording)].startswith(arguments[:-1])
