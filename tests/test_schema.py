"""The exported JSON Schema is the public contract: the file in schemas/ must match the model."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from agreement_llm.cli import main
from agreement_llm.countries import country_code
from agreement_llm.schema import Agreement, Party, Status, Summary
from conftest import ROOT

SCHEMA_FILE = ROOT / "schemas" / "agreement.schema.json"


def test_schema_file_matches_the_model() -> None:
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == Agreement.model_json_schema(mode="serialization"), (
        "schemas/agreement.schema.json drifted from schema.py: run `agreement-llm schema -o schemas/agreement.schema.json`"
    )


def test_cli_prints_the_same_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_country_codes_are_checked() -> None:
    assert Party(name="جماعة أيت ملول", country="ma").country == "MA"
    with pytest.raises(ValidationError, match="ISO 3166-1 alpha-2"):
        Party(name="جماعة أيت ملول", country="Morocco")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Turkey", "TR"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Russia", "RU"),
        ("the Netherlands", "NL"),
        ("UAE", "AE"),
        ("Cote d'Ivoire", "CI"),  # accents folded
        ("Holland", "NL"),  # as a country field; not read in a summary's sentence (test_summaries)
        ("Korea", None),  # two countries
    ],
)
def test_a_country_the_model_writes_by_its_common_english_name_is_read(written: str, code: str | None) -> None:
    # The lean draft gave "Turkey", "UK" and "Russia" as parties' countries (dev lev_03, egs2_06; dev-test mgh2_09),
    # and each was dropped as "not a country": ISO 3166 says "Türkiye", "United Kingdom", "Russian Federation".
    assert country_code(written) == code


def test_not_an_agreement_round_trips_through_json() -> None:
    a = Agreement(status=Status.NOT_AN_AGREEMENT, summary=Summary(ar="لا اتفاقية.", en="No agreement."))
    again = Agreement.model_validate_json(a.model_dump_json())
    assert again == a and again.is_agreement is False and json.loads(a.model_dump_json())["is_agreement"] is False
