"""The built summary: a bilingual news brief from grounded fields only (who, what, when, where, status).

The wording lives in `prompts/fallback_summary.j2`; this module decides what the template needs and the Arabic
agreement it cannot: a verb before its subject is singular and takes the gender of the first subject
(«وقّعت الجمعية ومجلس …», «وقّع المجلس والجمعية …»); a dual or plural subject named collectively is «الطرفان»
(masculine: «لم يوقّع الطرفان»), «الجمعيتان»/«المؤسستان» when both are of that kind (feminine), and a plural of
things takes a feminine singular verb («لم توقّع الأطراف»).
"""

from __future__ import annotations

from typing import Any

from .arabic import normalize
from .countries import arabic_name, country_code, english_name
from .prompts import render
from .schema import Agreement, InstrumentKind, Party, PartyKind, Sector, Summary

_KIND = {  # kind: (Arabic singular, dual, plural, feminine?, English)
    InstrumentKind.PARTNERSHIP: ("اتفاقية شراكة", "اتفاقيتي شراكة", "اتفاقيات شراكة", True, "partnership agreement"),
    InstrumentKind.COOPERATION: ("اتفاقية تعاون", "اتفاقيتي تعاون", "اتفاقيات تعاون", True, "cooperation agreement"),
    InstrumentKind.MEMORANDUM_OF_UNDERSTANDING: (
        "مذكرة تفاهم",
        "مذكرتي تفاهم",
        "مذكرات تفاهم",
        True,
        "memorandum of understanding",
    ),
    InstrumentKind.FRAMEWORK: ("اتفاقية إطار", "اتفاقيتي إطار", "اتفاقيات إطار", True, "framework agreement"),
    InstrumentKind.PROTOCOL: ("بروتوكول تعاون", "بروتوكولي تعاون", "بروتوكولات تعاون", False, "cooperation protocol"),
    InstrumentKind.TWINNING: ("اتفاقية توأمة", "اتفاقيتي توأمة", "اتفاقيات توأمة", True, "twinning agreement"),
    InstrumentKind.LOAN_OR_GRANT: ("اتفاقية تمويل", "اتفاقيتي تمويل", "اتفاقيات تمويل", True, "financing agreement"),
}
_ANY_KIND = ("اتفاقية", "اتفاقيتين", "اتفاقيات", True, "agreement")
# Numbers 3-10 take the opposite gender of what they count: «ست اتفاقيات», «ستة بروتوكولات».
_AR_COUNT = {
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
    10: ("عشر", "عشرة"),
}
_EN_COUNT = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
_COLLECTIVE = {PartyKind.ASSOCIATION: ("الجمعيتان", "الجمعيات"), PartyKind.FOUNDATION: ("المؤسستان", "المؤسسات")}
_GENERIC_EN = {
    PartyKind.ASSOCIATION: "an association",
    PartyKind.FOUNDATION: "a foundation",
    PartyKind.LOCAL_AUTHORITY: "a local authority",
    PartyKind.GOVERNMENT_BODY: "a government body",
    PartyKind.MUTUAL_OR_COOPERATIVE: "a mutual society",
    PartyKind.COMPANY: "a company",
    PartyKind.UNIVERSITY: "a university",
    PartyKind.INTERNATIONAL_ORGANISATION: "an international body",
}
_SECTOR_AR = {
    Sector.HEALTH: "الصحة",
    Sector.SOCIAL: "العمل الاجتماعي",
    Sector.EDUCATION: "التعليم",
    Sector.TRAINING: "التكوين",
    Sector.CULTURE: "الثقافة",
    Sector.HERITAGE: "التراث",
    Sector.YOUTH: "الشباب",
    Sector.WOMEN: "المرأة",
    Sector.DISABILITY: "الإعاقة",
    Sector.MEDIA: "الإعلام",
    Sector.SPORT: "الرياضة",
    Sector.ENVIRONMENT: "البيئة",
    Sector.AGRICULTURE: "الفلاحة",
    Sector.ECONOMY: "الاقتصاد",
    Sector.TOURISM: "السياحة",
    Sector.INFRASTRUCTURE: "البنية التحتية",
    Sector.TECHNOLOGY: "التكنولوجيا",
    Sector.GOVERNANCE: "الحكامة",
    Sector.HUMANITARIAN: "العمل الإنساني",
}
_SECTOR_EN = {
    Sector.SOCIAL: "social work",
    Sector.HUMANITARIAN: "humanitarian work",
    Sector.ECONOMY: "the economy",
    Sector.ENVIRONMENT: "the environment",
}
_MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_RECENTLY = {normalize(w) for w in ("مؤخرا", "مؤخراً", "أخيرا", "أخيراً")}
# Countries whose Arabic name is masculine («وقّع المغرب»); the others are feminine («وقّعت مصر»).
_MASCULINE_COUNTRIES = {normalize(n) for n in ("المغرب", "العراق", "الأردن", "لبنان", "السودان", "اليمن", "البحرين")}
MAX_NAMES = 4
"""Parties named in one brief; the rest are counted («و3 أطراف أخرى»)."""


def feminine(name: str) -> bool:
    """Grammatical gender of an organisation's Arabic name: that of its head noun («جمعية» f., «مجلس» m.)."""
    words = normalize(name).split()
    if not words:
        return True
    head = words[0].removeprefix("ال")
    if normalize(name) in _MASCULINE_COUNTRIES or head in _MASCULINE_COUNTRIES:
        return False
    return head.endswith("ه") or country_code(name) is not None


def collective(parties: list[Party]) -> tuple[str, bool]:
    """How the Arabic brief names all parties at once, and whether its verb is feminine."""
    kinds = {p.kind for p in parties}
    if len(kinds) == 1 and (kind := kinds.pop()) in _COLLECTIVE:
        return _COLLECTIVE[kind][0 if len(parties) == 2 else 1], True
    return ("الطرفان", False) if len(parties) == 2 else ("الأطراف", True)


def _principal(agreement: Agreement) -> Party | None:
    """The one party in every instrument when there are several (the commune that signs six agreements)."""
    if len(agreement.instruments) < 2:
        return None
    common = set.intersection(*(set(map(normalize, i.parties)) for i in agreement.instruments))
    return next((p for p in agreement.parties if normalize(p.name) in common), None) if len(common) == 1 else None


def _label_en(p: Party) -> str:
    return p.name_en or _GENERIC_EN.get(p.kind, "an organisation")


def _count(n: int, kind: tuple[str, str, str, bool, str]) -> tuple[str, str]:
    """«ست اتفاقيات شراكة» / "six partnership agreements" for n instruments."""
    ar_one, ar_two, ar_many, fem, en = kind
    if n == 1:
        return ar_one, ("an " if en[0] in "aeiou" else "a ") + en
    if n == 2:
        ar = ar_two
    elif n <= 10:
        ar = f"{_AR_COUNT[n][0 if fem else 1]} {ar_many}"
    else:
        ar = f"{n} {ar_one}"
    return ar, f"{_EN_COUNT.get(n, str(n))} {en}s" if not en.startswith(
        "memorandum"
    ) else f"{n} memoranda of understanding"


def _when(agreement: Agreement) -> tuple[str | None, str | None]:
    d = agreement.date
    if d is None:
        return None, None
    if not d.iso:
        return (d.text, "recently") if normalize(d.text) in _RECENTLY else (None, None)
    parts = [int(p) for p in d.iso.split("-")]
    if len(parts) == 3:
        return (
            f"يوم {parts[2]} {_MONTHS_AR[parts[1] - 1]} {parts[0]}",
            f"on {parts[2]} {_MONTHS_EN[parts[1] - 1]} {parts[0]}",
        )
    if len(parts) == 2:
        return f"في {_MONTHS_AR[parts[1] - 1]} {parts[0]}", f"in {_MONTHS_EN[parts[1] - 1]} {parts[0]}"
    return f"عام {parts[0]}", f"in {parts[0]}"


def _where(agreement: Agreement) -> tuple[str | None, str | None]:
    place = agreement.place
    if place is None:
        return None, None
    ar_country = arabic_name(place.country) if place.country else None
    en_country = english_name(place.country) if place.country else None
    ar = " في ".join(filter(None, [place.city, None if place.city else ar_country]))
    en = ", ".join(filter(None, [place.city_en, en_country])) if place.city_en or not place.city else en_country
    return ar or None, en or None


def brief_variables(agreement: Agreement) -> dict[str, Any]:
    """What `fallback_summary.j2` needs: names, verbs' gender, instrument phrases, date, place, purpose."""
    parties = agreement.parties
    principal = _principal(agreement)
    subjects = [principal] if principal else parties[:MAX_NAMES]
    others = [p for p in parties if p is not principal][:MAX_NAMES] if principal else []
    hidden = len(parties) - len(subjects) - len(others)
    kind = _KIND.get(agreement.kind, _ANY_KIND) if agreement.kind else _ANY_KIND
    count_ar, count_en = _count(max(1, len(agreement.instruments)), kind)
    together, together_fem = collective(parties)
    purposes = [i.purpose.text for i in agreement.instruments if i.purpose]
    when_ar, when_en = _when(agreement)
    where_ar, where_en = _where(agreement)
    sectors = [s for s in agreement.sectors if s in _SECTOR_AR][:3]
    return dict(
        status=agreement.status.value,
        subjects_ar=[p.name for p in subjects],
        subjects_en=list(dict.fromkeys(_label_en(p) for p in subjects)),
        others_ar=[p.name for p in others],
        others_en=list(dict.fromkeys(_label_en(p) for p in others)),
        hidden=hidden,
        feminine=feminine(subjects[0].name) if subjects else True,
        together=together,
        together_feminine=together_fem,
        instrument_ar=count_ar,
        instrument_en=count_en,
        instrument_feminine=kind[3],
        purpose=purposes[0] if len(purposes) == 1 and len(purposes[0].split()) <= 15 else None,
        sectors_ar=[_SECTOR_AR[s] for s in sectors],
        sectors_en=[_SECTOR_EN.get(s, s.value) for s in sectors],
        when_ar=when_ar,
        when_en=when_en,
        where_ar=where_ar,
        where_en=where_en,
    )


def build_summary(agreement: Agreement) -> Summary:
    """The bilingual brief of `agreement`, from its grounded fields only."""
    variables = brief_variables(agreement)
    return Summary(
        ar=render("fallback_summary.j2", lang="ar", **variables),
        en=render("fallback_summary.j2", lang="en", **variables),
    )


__all__ = ["MAX_NAMES", "brief_variables", "build_summary", "collective", "feminine"]
