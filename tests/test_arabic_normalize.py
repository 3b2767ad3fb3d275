"""Tests for agreement_llm.arabic.normalize (matching forms, quote search)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.arabic.normalize import (
    find_quote,
    is_arabic_script,
    is_latin_script,
    normalize,
    normalize_with_map,
    to_original_span,
)
from conftest import seed

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u0640"
arabic_text = st.text(alphabet=ARABIC_LETTERS + DIACRITICS + ' \n\xa0.,،:“”«»"-–0123456789٠١٢٣٤٥٦٧٨٩', max_size=120)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("اتفاقيّةٌ", "اتفاقيه"),  # shadda + tanween, ta marbuta
        ("الـتـحـالـف", "التحالف"),  # tatweel
        ("أإآٱا", "ااااا"),  # alef forms
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مؤسسة", "موسسه"),  # waw hamza
        ("رئيس", "رييس"),  # yeh hamza
        ("٢٠٢٥ ۱۴۴۵", "2025 1445"),  # Eastern Arabic and Persian digits
        ("“سفراء” «الخير» 'x' ‘y’", '"سفراء" "الخير" "x" "y"'),
        ("المغرب – إفريقيا — ‐", "المغرب - افريقيا - -"),
        ("Plus24 WhatsApp", "plus24 whatsapp"),
        ("  سطر\n\n  ثان\xa0\t ثالث  ", "سطر ثان ثالث"),
        ("ﻻ", "لا"),  # presentation-form ligature
        ("", ""),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_with_map_points_at_source_chars() -> None:
    raw = "  وقّعت  “جمعية”"
    norm, index_map = normalize_with_map(raw)
    assert norm == 'وقعت "جمعيه"'
    assert len(index_map) == len(norm)
    assert [raw[i] for i in index_map] == list("وقعت “جمعية”".replace("ّ", "").replace("  ", " "))


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # exact substring
        ("الشراكة بين القطاع التنموي بمختلف مؤسساته", "الشراكة بين القطاع التنموي بمختلف مؤسساته"),
        # hamza / ta marbuta / alef maqsura spelled differently
        ("الاستفادة القصوي من الموارد المتاحه", "الاستفادة القصوى من الموارد المتاحة"),
        # quote marks unbalanced and extra spaces: the words are located
        ('"الشراكة  بين القطاع التنموي"', "الشراكة بين القطاع التنموي"),
        # punctuation differs from the source
        ("كيان واحد.", "كيان واحد"),
        (
            "المدير التنفيذي للمؤسسة وعدد من ممثلي ومسؤولي البرامج بالمؤسسة وأكدت",
            "المدير التنفيذي للمؤسسة وعدد من ممثلي ومسؤولي البرامج بالمؤسسة،وأكدت",
        ),
    ],
)
def test_find_quote_in_seed(quote: str, expected: str) -> None:
    text = seed("004")
    span = find_quote(text, quote)
    assert span is not None
    assert text[span[0] : span[1]] == expected


def test_find_quote_diacritics_in_haystack() -> None:
    text = seed("001")
    span = find_quote(text, "جماعة أيت ملول توقع اتفاقيات شراكة")
    assert span == (0, len("جماعة أيت ملول توقّع اتفاقيات شراكة"))


@pytest.mark.parametrize(
    "quote",
    [
        "وقعت التعاضدية اتفاقية مع هيئة فرنسية في الدار البيضاء",  # paraphrase
        "هيئة لافاييت ستفتح مكتبا في أكادير",
        "",
        "   \n ",
        "«»…",
    ],
)
def test_find_quote_rejects(quote: str) -> None:
    assert find_quote(seed("002"), quote) is None


@pytest.mark.parametrize(
    ("text", "arabic", "latin"),
    [
        ("وقعت جماعة أيت ملول اتفاقيات شراكة مع جمعيات", True, False),
        ("Aït Melloul commune signed partnership agreements with associations.", False, True),
        ("وقعت جمعية سفراء الخير اتفاقية مع Clear Vision", True, False),
        ("The Plus24 site reported an agreement with جمعية", False, True),
        ("2025-07-02 — 12 / 746", False, False),
        ("", False, False),
    ],
)
def test_script_checks(text: str, arabic: bool, latin: bool) -> None:
    assert is_arabic_script(text) is arabic
    assert is_latin_script(text) is latin


def test_script_threshold() -> None:
    half = "abcd ابجد"
    assert is_arabic_script(half, min_share=0.5)
    assert not is_arabic_script(half)
    assert is_latin_script(half, min_share=0.5)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_with_map_properties(text: str) -> None:
    norm, index_map = normalize_with_map(text)
    assert norm == normalize(text)
    assert len(index_map) == len(norm)
    assert all(0 <= i < len(text) for i in index_map)
    assert all(a <= b for a, b in pairwise(index_map))
    assert norm == norm.strip() and "  " not in norm


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), arabic_text))
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_arabic_map_is_strict(text: str) -> None:
    # Arabic input folds one char to at most one char: strictly increasing.
    _, index_map = normalize_with_map(text)
    assert all(a < b for a, b in pairwise(index_map))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), arabic_text), st.data())
def test_find_quote_finds_any_slice(haystack: str, data) -> None:
    i = data.draw(st.integers(0, len(haystack)))
    j = data.draw(st.integers(i, len(haystack)))
    quote = haystack[i:j]
    span = find_quote(haystack, quote)
    if not quote.strip():
        assert span is None
    else:
        assert span is not None and haystack[span[0] : span[1]] == quote.strip()


@settings(max_examples=300, deadline=None)
@given(arabic_text, st.data())
def test_find_quote_finds_normalized_slice(haystack: str, data) -> None:
    i = data.draw(st.integers(0, len(haystack)))
    j = data.draw(st.integers(i, len(haystack)))
    quote = normalize(haystack[i:j])
    span = find_quote(haystack, quote)
    if quote:
        assert span is not None
        assert normalize(haystack[span[0] : span[1]]) == quote


def test_to_original_span_rejects_bad_span() -> None:
    with pytest.raises(ValueError):
        to_original_span("abc", [0, 1, 2], 2, 1)


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
    | st.text(alphabet="أإآٱاىيةهؤئ ـًٌٍَُِّْ٠١٢۳\\t\\n ،.“”«»–—", max_size=80)
)
def test_fast_normalize_equals_the_mapped_one(text: str) -> None:
    assert normalize(text) == normalize_with_map(text)[0]


@given(st.text(max_size=60) | st.text(alphabet="abcوقعتاتفاقيةﻻ١٢ ًé", max_size=60))
def test_script_shares_agree_with_the_character_predicates(text: str) -> None:
    from agreement_llm.arabic.normalize import _is_arabic_letter, _is_latin_letter, _letter_share

    letters = [c for c in text if c.isalpha()]
    for predicate in (_is_arabic_letter, _is_latin_letter):
        expected = sum(map(predicate, letters)) / len(letters) if letters else None
        assert _letter_share(text, predicate) == expected
