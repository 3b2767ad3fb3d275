"""The configured key, whatever its shape, and bearer tokens never reach stderr, logs at any level, results and
errors files, recordings or the cache (issue 9). The 401 route of the fault server echoes the key it was sent."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from agreement_llm import cli, redact
from agreement_llm.errors import ConfigurationError
from agreement_llm.extract import Extractor
from conftest import seed_path
from fault_server import FaultServer
from hand_written import SEED_000_DRAFT, Script, completion

SEED = seed_path("000")
KEYS = ["gw-Zq9local-token-7731", "sk-proj-abcdefghijklmnop1234", "eyJhbGciOiJIUzI1NiJ9.e30.sig"]


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    fault_server = FaultServer()
    yield fault_server
    fault_server.close()


@pytest.mark.parametrize("key", KEYS)
def test_a_401_that_echoes_the_key_never_prints_it_even_with_vv(
    key: str,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", key)
    caplog.set_level(logging.DEBUG)
    record = tmp_path / "recordings"
    code = cli.main(["-vv", "summarize", str(SEED), "--base-url", server.url("401"), "--record", str(record)])
    out, err = capsys.readouterr()
    assert code == 2 and "OPENAI_API_KEY" in err
    written = "".join(p.read_text(encoding="utf-8") for p in record.glob("*.json"))
    assert written and "***" in written  # the exchange was recorded, with the echoed key masked
    for text in (out, err, caplog.text, written):
        assert key not in text


def test_results_and_errors_files_never_hold_the_key(
    server: FaultServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = KEYS[0]
    monkeypatch.setenv("OPENAI_API_KEY", key)
    # a 500 whose message we make echo the key: the per-article error lands in both files
    out = tmp_path / "r.jsonl"
    script = Script([completion(content=f"broken for {key}")] * 4)
    with Extractor(model="m", api_key=key, transport=script.transport(), reasks=1) as extractor:
        from agreement_llm.bulk import iter_articles, run

        stats = run(iter_articles([SEED]), extractor, out)
    assert stats.failed == 1
    text = out.read_text(encoding="utf-8") + (tmp_path / "r.errors.jsonl").read_text(encoding="utf-8")
    assert "ModelGaveUpError" in text and key not in text


def test_the_cache_never_holds_the_key(tmp_path: Path) -> None:
    key = "local-gateway-Secret-42"
    echoed = {**SEED_000_DRAFT, "summary_en": f"The parties signed an agreement (debug: key {key})."}
    script = Script([completion(echoed)])
    with Extractor(model="m", api_key=key, transport=script.transport(), cache_dir=str(tmp_path / "cache")) as ex:
        ex.summarize(SEED.read_text(encoding="utf-8"))
    cached = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "cache").rglob("*.json"))
    assert cached and key not in cached


def test_the_api_error_never_holds_the_key_and_says_what_to_check(server: FaultServer) -> None:
    key = "Zq9-any-shape-at-all"
    with (
        pytest.raises(ConfigurationError) as caught,
        Extractor(base_url=server.url("401"), api_key=key, model="m") as ex,
    ):
        ex.summarize(SEED.read_text(encoding="utf-8"))
    assert key not in str(caught.value) and "check OPENAI_API_KEY" in str(caught.value)


def test_masking_covers_bearer_tokens_and_leaves_placeholders_alone() -> None:
    redact.register("not-needed")
    assert redact.mask("Authorization: Bearer abc123") == "Authorization: Bearer ***"
    assert redact.mask("the key not-needed is fine") == "the key not-needed is fine"
    assert redact.mask_data({"a": ["sk-abcdefghijkl"]}) == {"a": ["***"]}
