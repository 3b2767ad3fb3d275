"""The summary fact check (`agreement_llm.summaries`) and the built brief (`agreement_llm.briefs`)."""

from __future__ import annotations

import glob
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.arabic import is_arabic_script
from agreement_llm.briefs import build_summary
from agreement_llm.countries import arabic_name, country_code
from agreement_llm.schema import (
    Agreement,
    DateInfo,
    DatePrecision,
    Instrument,
    InstrumentKind,
    Party,
    PartyKind,
    Place,
    Status,
    Summary,
)
from agreement_llm.summaries import check_summaries, unsupported_claims
from conftest import ROOT, seed_path

SEED = seed_path("000")
ARTICLE = SEED.read_text(encoding="utf-8")
GOLD = Agreement.model_validate_json((ROOT / "evals/gold/000_fd964e18e62d9c2a.json").read_text(encoding="utf-8"))


def _with(summary_en: str = GOLD.summary.en, summary_ar: str = GOLD.summary.ar) -> Agreement:
    return GOLD.model_copy(update={"summary": Summary(ar=summary_ar, en=summary_en), "notes": []})


def _gold_pairs() -> list[tuple[Path, Path]]:
    pairs = [(p, ROOT / "seeds" / f"{p.stem}.txt") for p in sorted((ROOT / "evals/gold").glob("*.json"))]
    for path in sorted(Path(p) for p in glob.glob("/work/devset/*/gold/*.json")):  # the dev set, where present
        article = path.parent.parent / "articles" / f"{path.stem}.txt"
        if article.is_file():
            pairs.append((path, article))
    return pairs


@pytest.mark.parametrize("gold_path,article_path", _gold_pairs(), ids=lambda p: p.stem)
def test_gold_summaries_pass_unchanged(gold_path: Path, article_path: Path) -> None:
    """The oracle: summaries that say only what the article says are left exactly as they are."""
    try:
        gold = Agreement.model_validate_json(gold_path.read_text(encoding="utf-8"))
    except ValueError:
        pytest.skip(f"{gold_path} is not (yet) a valid Agreement")
    article = article_path.read_text(encoding="utf-8")
    assert unsupported_claims(gold.summary.ar, "ar", gold, article) == []
    assert unsupported_claims(gold.summary.en, "en", gold, article) == []
    checked = check_summaries(gold.model_copy(update={"notes": []}), article)
    assert checked.summary == gold.summary and checked.notes == []
    built = build_summary(gold)
    assert unsupported_claims(built.ar, "ar", gold, article) == []
    assert unsupported_claims(built.en, "en", gold, article) == []


@pytest.mark.parametrize(
    "sentence,claim",
    [
        ("The agreement was signed with the Islamic University of Khartoum.", "name"),
        ("The signing took place on 3 March 2021.", "date"),
        ("The agreement will benefit 4500 families.", "number"),
        ("They met in Algeria.", "name"),
    ],
)
def test_unsupported_english_sentence_dropped_with_note(sentence: str, claim: str) -> None:
    checked = check_summaries(_with(GOLD.summary.en + " " + sentence), ARTICLE)
    assert sentence not in checked.summary.en
    assert checked.summary.en == GOLD.summary.en  # the supported sentences stay, word for word
    note = next(n for n in checked.notes if n.field == "summary.en")
    assert note.action == "dropped" and claim in note.reason and note.model_value == sentence


def test_unsupported_arabic_name_and_eastern_digits() -> None:
    bad = "ووقعت جمعية النور الخيرية اتفاقية مع مؤسسة كليير فيزيون بتاريخ ٣ مارس ٢٠٢١."
    claims = unsupported_claims(bad, "ar", GOLD, ARTICLE)
    assert any(c.startswith("date") for c in claims) and any("النور" in c for c in claims)
    ok = "وقعت الجمعية والمؤسسة الاتفاقية يوم ٠١ يناير ٢٠٢٢ في أكادير."  # the same date in Eastern Arabic digits
    assert unsupported_claims(ok, "ar", GOLD, ARTICLE) == []


def test_transliterated_names_supported_by_the_article() -> None:
    text = "El Moustapha El Horma and Hicham Masfar signed for Clear Vision in Agadir."
    assert unsupported_claims(text, "en", GOLD, ARTICLE) == []
    assert unsupported_claims("Karim Benzema signed for the foundation.", "en", GOLD, ARTICLE) == ["name Karim Benzema"]


def test_a_country_read_by_its_common_english_name_is_supported_by_its_arabic_name() -> None:
    # A review's probe: once "Brunei" read as a country, a faithful sentence about an article naming «بروناي» was
    # dropped, the Arabic tables lacking the short name.
    article = ARTICLE + "\nووقعت المؤسسة اتفاقية مع وزارة الطاقة في بروناي."
    assert (
        unsupported_claims("The foundation also signed with the Ministry of Energy in Brunei.", "en", GOLD, article)
        == []
    )
    assert unsupported_claims("The foundation also signed in Brunei.", "en", GOLD, ARTICLE) != []
    # names that are as often something else's: a foundation, Latin America (a review's probes)
    hollande = ARTICLE + "\nووقعت مؤسسة هولاند للتنمية اتفاقية مماثلة."
    assert unsupported_claims("The Holland Foundation signed a similar agreement.", "en", GOLD, hollande) == []


def test_cjk_and_cyrillic_cut() -> None:
    text = GOLD.summary.en + " A medical team for受益 people. Соглашение подписано."
    checked = check_summaries(_with(text), ARTICLE)
    assert checked.summary.en == GOLD.summary.en
    assert [n.reason.startswith("letters of another script") for n in checked.notes] == [True, True]


def test_repeated_phrase_cut() -> None:
    first = GOLD.summary.en.split(". ")[0] + "."
    again = "It was signed to support social work for the people of Smara province in the end."
    checked = check_summaries(_with(GOLD.summary.en + " " + again), ARTICLE)
    assert again not in checked.summary.en and first in checked.summary.en
    assert any(n.reason == "repeats an earlier phrase" for n in checked.notes)


def test_too_little_left_is_rebuilt() -> None:
    checked = check_summaries(_with("The Islamic University of Khartoum signed it on 3 March 2021."), ARTICLE)
    assert checked.summary.en == build_summary(GOLD).en
    assert any(n.action == "corrected" and "rebuilt" in n.reason for n in checked.notes)


def _party(name: str, kind: PartyKind, name_en: str | None = None) -> Party:
    return Party(name=name, name_en=name_en, kind=kind)


def _brief(status: Status, parties: list[Party], **extra: object) -> Summary:
    return build_summary(Agreement(status=status, parties=parties, summary=Summary(ar="", en=""), **extra))


def test_arabic_agreement_one_two_many_parties() -> None:
    association = _party("جمعية الأمل", PartyKind.ASSOCIATION, "Hope Association")
    council = _party("المجلس البلدي", PartyKind.LOCAL_AUTHORITY, "Municipal Council")
    other = _party("جمعية النور", PartyKind.ASSOCIATION)
    assert _brief(Status.SIGNED, [association]).ar.startswith("وقّعت جمعية الأمل اتفاقية")
    assert _brief(Status.SIGNED, [council]).ar.startswith("وقّع المجلس البلدي اتفاقية")
    assert _brief(Status.SIGNED, [council, association]).ar.startswith("وقّع المجلس البلدي وجمعية الأمل")
    assert "ولم توقّع الجمعيتان أي اتفاقية" in _brief(Status.AGREED_IN_PRINCIPLE, [association, other]).ar
    assert "ولم يوقّع الطرفان أي اتفاقية" in _brief(Status.PLANNED, [council, association]).ar
    assert "ولم توقّع الأطراف أي اتفاقية" in _brief(Status.PLANNED, [council, association, other]).ar
    planned = _brief(Status.PLANNED, [council, association])
    assert planned.ar.startswith("عقد المجلس البلدي وجمعية الأمل لقاء")
    assert planned.en.startswith("Municipal Council and Hope Association met")
    assert _brief(Status.SIGNED, [association, other]).en.startswith("Hope Association and an association signed")


def test_brief_news_elements_from_grounded_fields() -> None:
    commune = _party("جماعة أيت ملول", PartyKind.LOCAL_AUTHORITY, "Ait Melloul Commune")
    partners = [_party(f"جمعية رقم {i}", PartyKind.ASSOCIATION, f"Association {i}") for i in range(6)]
    agreement = Agreement(
        status=Status.SIGNED,
        kind=InstrumentKind.PARTNERSHIP,
        parties=[commune, *partners],
        instruments=[Instrument(kind=InstrumentKind.PARTNERSHIP, parties=[commune.name, p.name]) for p in partners],
        date=DateInfo(text="يوم الأربعاء 2 يوليوز 2025", iso="2025-07-02", precision=DatePrecision.DAY),
        place=Place(city="أيت ملول", city_en="Ait Melloul", country="MA"),
        summary=Summary(ar="", en=""),
    )
    brief = build_summary(agreement)
    assert brief.ar.startswith("وقّعت جماعة أيت ملول ست اتفاقيات شراكة مع")
    assert "يوم 2 يوليو 2025 في أيت ملول" in brief.ar and "وأطراف أخرى" in brief.ar
    assert brief.en.startswith("Ait Melloul Commune signed six partnership agreements with Association 0")
    assert brief.en.endswith("on 2 July 2025 in Ait Melloul, Morocco.")


def test_states_take_their_verbs_gender_and_their_arabic_names() -> None:
    # Replayed dev briefs said «وقّع سوريا والأردن» (a short name pycountry lacks was read as no state, so as
    # masculine) and «في Iran» (pycountry leaves Iran's and Türkiye's common names untranslated)
    syria, jordan = _party("سوريا", PartyKind.GOVERNMENT_BODY, "Syria"), _party("الأردن", PartyKind.GOVERNMENT_BODY)
    assert _brief(Status.SIGNED, [syria, jordan]).ar.startswith("وقّعت سوريا والأردن")
    assert _brief(Status.SIGNED, [jordan, syria]).ar.startswith("وقّع الأردن وسوريا")
    for code, arabic in (("IR", "إيران"), ("TR", "تركيا"), ("SY", "سوريا"), ("MA", "المغرب")):
        assert _brief(Status.SIGNED, [syria], place=Place(country=code)).ar.endswith(f"في {arabic}.")


@settings(deadline=None, max_examples=60)
@given(ar=st.text(max_size=300), en=st.text(max_size=300))
def test_check_never_raises_and_never_adds_text(ar: str, en: str) -> None:
    agreement = _with(summary_en=en, summary_ar=ar)
    checked = check_summaries(agreement, ARTICLE)
    built = build_summary(agreement)
    for lang, original in (("ar", ar), ("en", en)):
        out = getattr(checked.summary, lang)
        rebuilt = any(n.field == f"summary.{lang}" and n.action == "corrected" for n in checked.notes)
        if rebuilt:
            assert out == getattr(built, lang)
        else:
            kept = out.split()
            assert all(word in original.split() for word in kept)
            assert len(out) <= len(original)


@pytest.mark.parametrize("code", sorted(c.alpha_2 for c in pycountry.countries))
def test_the_arabic_name_a_brief_writes_reads_back_as_the_same_country(code: str) -> None:
    # A brief says «في <arabic_name>», and the summary check reads the country back: every ISO code round-trips
    # (the catalogue had Moldova as «المالديف», Serbia as «صربية», the Holy See as «المقعد المقدّس»)
    name = arabic_name(code)
    assert name and is_arabic_script(name) and "،" not in name and "(" not in name and "\u0651" not in name
    assert country_code(name) == code
