"""Tests for agreement_llm.arabic.clean (scraped-page noise, offsets kept)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.arabic.clean import CleanedText, clean
from conftest import seed

# 1-based line numbers of the article body paragraphs in each seed.
BODY_LINES = {
    "000": [12, 16, 20],
    "001": list(range(3, 16)),
    "002": [1],
    "003": [9, 11, 13, 15, 17],
    "004": list(range(2, 14)),
}


def body_sentences(prefix: str) -> list[str]:
    lines = seed(prefix).split("\n")
    sentences = []
    for number in BODY_LINES[prefix]:
        paragraph = lines[number - 1].strip()
        sentences += [s for s in re.split(r"(?<=[.!؟?…:])\s+", paragraph) if s]
    return sentences


def reasons(cleaned: CleanedText) -> list[str]:
    return [r.reason for r in cleaned.removed]


@pytest.mark.parametrize("prefix", sorted(BODY_LINES))
def test_every_body_sentence_survives_verbatim(prefix: str) -> None:
    cleaned = clean(seed(prefix))
    sentences = body_sentences(prefix)
    assert len(sentences) >= 3
    for sentence in sentences:
        assert sentence in cleaned.text


@pytest.mark.parametrize("prefix", sorted(BODY_LINES))
def test_sentence_offsets_map_back(prefix: str) -> None:
    cleaned = clean(seed(prefix))
    for sentence in body_sentences(prefix):
        start = cleaned.text.index(sentence)
        a, b = cleaned.span_to_original(start, start + len(sentence))
        assert cleaned.original[a:b] == sentence


def test_seed_000() -> None:
    cleaned = clean(seed("000"))
    headline = "أكادير: التوقيع على اتفاقية شراكة وتعاون بين “سفراء الخير” ومؤسسة كليير فيزيون"
    assert cleaned.headline == headline
    assert cleaned.text.split("\n")[0] == headline
    assert cleaned.text.count(headline) == 1  # the repeat is gone
    assert cleaned.outlet == "بلوس24"
    assert cleaned.author is None
    assert cleaned.published_at == datetime(2022, 1, 2, 16, 46, 34, tzinfo=timezone.utc)
    assert cleaned.updated_at == datetime(2022, 1, 2, 16, 48, 20, tzinfo=timezone.utc)
    for noise in ("BIG HEADER", "WhatsApp", "Plus24", "2022-01-02T", "آخر تحديث", "\nمجتمع\n", "بلوس24\n"):
        assert noise not in cleaned.text
    assert sorted(reasons(cleaned)) == sorted(
        [
            "placeholder",
            "site name",
            "timestamp",
            "timestamp",
            "category",
            "byline",
            "duplicate headline",
            "caption",
            "caption",
        ]
    )
    assert len(cleaned.text.split("\n")) == 4  # headline + 3 paragraphs


def test_seed_001_footer() -> None:
    cleaned = clean(seed("001"))
    assert cleaned.headline.startswith("جماعة أيت ملول توقّع اتفاقيات شراكة")
    assert cleaned.text.endswith("نهجا في تدبير الشأن المحلي.")
    for noise in ("الأخبار ذات الصلة", "1 من 746", "اترك تعليقا", "بريدك الإلكتروني"):
        assert noise not in cleaned.text
    assert reasons(cleaned) == ["footer"]
    footer = cleaned.removed[0]
    assert cleaned.original[footer.start : footer.end].startswith("الأخبار ذات الصلة")
    assert cleaned.original[footer.start : footer.end].endswith("مشار إليها بـ *")
    # Short list items of the body stay.
    assert "وشملت الاتفاقيات الموقعة كلا من:" in cleaned.text


def test_seed_002_is_all_body() -> None:
    original = seed("002")
    cleaned = clean(original)
    assert cleaned.text == original.strip()
    assert cleaned.headline is None and cleaned.removed == ()


def test_seed_003_author_and_newspaper() -> None:
    cleaned = clean(seed("003"))
    assert cleaned.author == "عادل خالص"
    assert cleaned.outlet == "جريدة النهضة الدولية"
    assert "بقلم" not in cleaned.text and "جريدة النهضة" not in cleaned.text
    assert cleaned.headline.endswith("التابعة لإقليم صفرو")
    assert cleaned.text.startswith(cleaned.headline + "\nالتزاما منها")
    # Internal spacing of the body is kept as written.
    assert "محمد الحاجي\xa0 \xa0\xa0-بصفته" in cleaned.text


def test_seed_004_site_suffix() -> None:
    cleaned = clean(seed("004"))
    headline = "التحالف الوطني للعمل الأهلي يتفق مع مؤسسة كير للتنمية على تبادل الخبرات"
    assert cleaned.headline == headline
    assert cleaned.text.split("\n")[0] == headline
    assert cleaned.outlet == "يلا شوت"
    assert "يلا شوت" not in cleaned.text
    assert not cleaned.text.endswith("تعليقات")
    assert sorted(reasons(cleaned)) == ["footer", "site name"]
    # Sub-headings inside the body are kept.
    assert "\nنبيلة مكرم: نؤمن بأهمية هذه الشراكة\n" in cleaned.text
    assert "\nأبرز نقاط الاتفاق بين التحالف وكير مصر\n" in cleaned.text
    suffix = next(r for r in cleaned.removed if r.reason == "site name")
    assert cleaned.original[suffix.start : suffix.end] == " | يلا شوت"


def test_span_across_removed_caption() -> None:
    cleaned = clean(seed("000"))
    text = cleaned.text
    start = text.index("ساكنة إقليم السمارة.")
    end = text.index("وأكد السيد المصطفى الحرمة") + len("وأكد")
    a, b = cleaned.span_to_original(start, end)
    assert "WhatsApp Image" in cleaned.original[a:b]  # the gap is inside
    assert cleaned.original[a:b].startswith("ساكنة") and cleaned.original[a:b].endswith("وأكد")


def test_to_original_bounds() -> None:
    cleaned = clean(seed("004"))
    assert cleaned.to_original(0) == 0
    assert cleaned.to_original(len(cleaned.text)) == cleaned.index_map[-1] + 1
    with pytest.raises(IndexError):
        cleaned.to_original(len(cleaned.text) + 1)
    with pytest.raises(IndexError):
        cleaned.span_to_original(3, 2)
    assert clean("").text == "" and clean("").to_original(0) == 0


BODY = "وقعت الجمعية اتفاقية شراكة مع المؤسسة من أجل تنظيم حملة طبية لفائدة الساكنة."


@pytest.mark.parametrize(
    "caption",
    [
        "IMG_20240101_123456.jpg",
        "IMG-20220102-WA0001",
        "صورة: رئيس الجمعية خلال التوقيع",
        "صورة أرشيفية",
        "WhatsApp Image 2024 03 05 at 10.00.00",
        "photo_2024.png",
    ],
)
def test_generic_captions(caption: str) -> None:
    cleaned = clean(f"عنوان الخبر عن الشراكة\n{BODY}\n{caption}\n{BODY}")
    assert caption not in cleaned.text
    assert reasons(cleaned) == ["caption"]
    assert cleaned.text.count(BODY) == 2


@pytest.mark.parametrize("marker", ["الأخبار ذات الصلة", "اترك تعليقا", "تعليقات", "مقالات ذات صلة", "اقرأ أيضا"])
def test_footer_markers(marker: str) -> None:
    cleaned = clean(f"عنوان الخبر عن الشراكة\n{BODY}\n{marker}\nخبر آخر عن موضوع آخر\nتعليق قصير")
    assert cleaned.text == f"عنوان الخبر عن الشراكة\n{BODY}"
    assert reasons(cleaned) == ["footer"]


def test_read_also_inside_article_keeps_prose() -> None:
    raw = f"عنوان الخبر عن الشراكة\n{BODY}\nاقرأ أيضا: عنوان خبر آخر\n{BODY} وتستمر الاتفاقية ثلاث سنوات قابلة للتجديد."
    cleaned = clean(raw)
    assert "اقرأ أيضا" not in cleaned.text
    assert "وتستمر الاتفاقية ثلاث سنوات قابلة للتجديد." in cleaned.text


def test_short_lines_kept_without_body_paragraph() -> None:
    # Without a body paragraph below, short lines may be the article itself.
    cleaned = clean("عنوان الخبر هنا\nنص قصير")
    assert cleaned.text == "عنوان الخبر هنا\nنص قصير"


def test_sentence_starting_with_kataba_is_not_a_byline() -> None:
    raw = f"عنوان الخبر عن الشراكة\nكتبت الجمعية رسالة إلى الوزير\n{BODY}"
    cleaned = clean(raw)
    assert cleaned.author is None
    assert "كتبت الجمعية رسالة إلى الوزير" in cleaned.text
    assert clean(f"عنوان الخبر عن الشراكة\nكتب: محمد العلوي\n{BODY}").author == "محمد العلوي"


def test_crlf_and_dateline_fallback() -> None:
    raw = "عنوان الخبر عن الشراكة\r\nالأحد 24 دجنبر 2023\r\n" + BODY + "\r\n"
    cleaned = clean(raw)
    assert cleaned.text == "عنوان الخبر عن الشراكة\n" + BODY
    assert cleaned.published_at == datetime(2023, 12, 24)
    assert reasons(cleaned) == ["timestamp"]


# --- Properties -------------------------------------------------------------------

NOISE_LINES = [
    "BIG HEADER",
    "",
    "   ",
    "\xa0",
    "2022-01-02T16:46:34+00:00",
    "2024-05-01T08:00:00Z",
    "WhatsApp Image 2022 01 02 at 17.44.02 - بلوس24 | Plus24",
    "IMG_0001.jpg",
    "صورة: الحفل",
    "بلوس242 يناير 2022آخر تحديث : منذ 7 أشهر",
    "مجتمع",
    "بلوس24",
    "1 من 746",
    "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
    "بقلم عادل خالص",
    "جريدة النهضة الدولية فرع إقليم صفرو",
    "\r",
]
FOOTER_LINES = ["الأخبار ذات الصلة", "اترك تعليقا", "تعليقات", "مقالات ذات صلة", "اقرأ أيضا"]
ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
word = st.text(alphabet=ARABIC, min_size=2, max_size=8)
sentence = st.lists(word, min_size=8, max_size=20).map(lambda ws: " ".join(ws) + ".")
headline = st.lists(word, min_size=3, max_size=12).map(" ".join)
noise = st.sampled_from(NOISE_LINES)


@st.composite
def scraped_pages(draw) -> tuple[str, list[str]]:
    """A page: header noise, headline, body sentences mixed with noise, footer."""
    body = draw(st.lists(sentence, min_size=1, max_size=6))
    lines = draw(st.lists(noise, max_size=4))
    title = draw(headline)
    lines.append(title + draw(st.sampled_from(["", " | يلا شوت"])))
    lines += draw(st.lists(noise, max_size=4))
    for paragraph in body:
        lines.append(paragraph)
        lines += draw(st.lists(noise, max_size=2))
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(FOOTER_LINES)), *draw(st.lists(st.one_of(noise, sentence), max_size=3))]
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    return separator.join(lines), [title, *body]


def check_invariants(cleaned: CleanedText) -> None:
    original, text, index_map = cleaned.original, cleaned.text, cleaned.index_map
    assert len(index_map) == len(text)
    assert all(a < b for a, b in pairwise(index_map))
    assert all(original[j] == ch for ch, j in zip(text, index_map, strict=True))
    covered = set(index_map)
    for r in cleaned.removed:
        assert 0 <= r.start <= r.end <= len(original) and r.reason
        covered.update(range(r.start, r.end))
    for k, ch in enumerate(original):
        # Anything neither kept nor reported is whitespace or invisible.
        assert k in covered or ch.isspace() or unicodedata.category(ch) == "Cf"
    if cleaned.headline is not None:
        assert text.split("\n")[0] == cleaned.headline
    for start in range(0, len(text), 7):
        a, b = cleaned.span_to_original(start, min(len(text), start + 5))
        assert original[a] == text[start]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=ARABIC + " \n\r\t\xa0|-.:٠١٢0123456789")))
def test_clean_never_crashes(raw: str) -> None:
    check_invariants(clean(raw))


@settings(max_examples=200, deadline=None)
@given(scraped_pages())
def test_clean_keeps_body_and_drops_noise(page: tuple[str, list[str]]) -> None:
    raw, kept = page
    cleaned = clean(raw)
    check_invariants(cleaned)
    for paragraph in kept:
        assert paragraph in cleaned.text
    for line in ("BIG HEADER", "WhatsApp", "IMG_0001", "صورة: الحفل", "1 من 746", "لن يتم نشر", "آخر تحديث", "T16:46"):
        assert line not in cleaned.text
