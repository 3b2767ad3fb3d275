"""Command-line habits: pipes both ways, quiet library use, help with examples."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from agreement_llm.cli import main
from conftest import RECORDINGS, ROOT, SEEDS
from test_export import FAILED, SIGNED


def test_run_dash_o_streams_json_lines_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(SEEDS), "-o", "-", "--replay", str(RECORDINGS), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5 and all(r["ok"] for r in records)
    # each line carries the article its spans point into
    for r in records:
        assert r["text"] == (SEEDS / r["id"]).read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == []  # no file named "-", no errors file


def test_export_reads_stdin_and_writes_csv_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (SIGNED, FAILED))
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["export", "-", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["representative_name"] for r in table] == ["علي", "سعاد", "", ""] and "wrote 4 rows to stdout" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["export", "-", "-o", "-", "--per", "article"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in table] == ["a1", "a2"] and table[0]["parties"] == "جمعية سفراء الخير; مؤسسة كليير فيزيون"


def test_a_pipe_from_run_to_export(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "agreement_llm", "run", str(SEEDS), "-o", "-", "--replay", str(RECORDINGS), "-q"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    export = subprocess.run(
        [sys.executable, "-m", "agreement_llm", "export", "-", "-o", "-", "--per", "article"],
        input=run.stdout,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert len(list(csv.DictReader(io.StringIO(export.stdout)))) == 5


@pytest.mark.parametrize("command", ["summarize", "run", "export", "review", "eval", "schema"])
def test_help_texts_carry_examples(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"agreement-llm {command}" in out.split("examples:")[1]


QUIET = """
import agreement_llm
agreement_llm.summarize(open({seed!r}, encoding="utf-8").read(), replay_dir={recordings!r})
"""


def test_library_use_is_quiet_unless_asked() -> None:
    # Seed 000's recorded reply fails a check: instructor logs that at ERROR, ~1 kB, through Python's last resort.
    code = QUIET.format(seed=str(SEEDS / "000_fd964e18e62d9c2a.txt"), recordings=str(RECORDINGS))
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert quiet.stderr == ""
    asked = "import logging; logging.basicConfig(); logging.getLogger('instructor').setLevel(logging.DEBUG)\n" + code
    loud = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True, check=True, cwd=ROOT)
    assert "Max retries exceeded" in loud.stderr
