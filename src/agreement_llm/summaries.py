"""Check both summaries against the grounded `Agreement` and the article: a summary may name only what the result
carries or the article states.

What a summary names, and what supports it:

* numbers (any digit set): a number of the article, or a count the result carries (parties, instruments);
* dates (English day/month/year forms; Arabic ones through `arabic.find_dates`, every month set and digit set): the
  result's date, a date the article states, or the publication date; day, month and year must agree where given;
* English names (runs of capitalised words): each word is a word of an English name the result carries (`name_en`,
  `city_en`, `role_en`, its countries), a country the result or the article names, a glossary word whose Arabic
  stems occur in the article, or a transliteration of words of the article (consonant skeletons compared);
* Arabic names: an organisation («جمعية X», «الهيئة الوطنية …»), a person after an honorific («السيد X»), a place
  after a place word («إقليم X») must stand in the article or the result; a country must be one of the result's or
  the article's; Latin words must be the result's English names or the article's own.

Hygiene: letters of other scripts (CJK, Cyrillic, …), Arabic in the English text (Latin in the Arabic text is a
name, checked above), a repeated phrase of six words, a last sentence cut off by the 600-character limit, and more
than `MAX_CHARS` characters. A sentence with an unsupported claim or a hygiene fault is dropped; a side with less
than a third of its text left is rebuilt from grounded fields (`briefs.build_summary`). Each change is a `Note`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import product

from .arabic import find_dates, find_quote, normalize
from .countries import arabic_country_names, country_code
from .schema import Agreement, Note, Summary

MAX_CHARS = 700
"""Longest summary side kept; gold summaries of the seeds are 330-490 characters (three sentences)."""

_CUT_AT = 590  # the draft schema bounds each summary at 600 characters: an unfinished last sentence there was cut

# ---------------------------------------------------------------------------------------------- word lists

_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        1,
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9})
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Words joining the parts of a name ("Ministry of Health", "Ras El Hekma"); never checked themselves.
_CONNECTORS = {
    "of",
    "for",
    "and",
    "the",
    "in",
    "on",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "al",
    "el",
    "d",
    "l",
    "et",
    "bin",
    "ben",
    "ibn",
    "abu",
    "bou",
    "a",
    "an",
    "to",
    "at",
    "s",
}
# Capitalised words that are kinds, titles or common sentence words, not names: the result's `kind` fields and
# the status check cover them. (A checker that flags "Ministry" or "Agreement" flags correct text.)
_GENERIC = set(
    ["association", "associations", "foundation", "foundations", "commune", "communes", "municipality", "council", "centre", "center", "institute", "institution", "organisation", "organization", "ministry", "minister", "ministers", "agreement", "agreements", "memorandum", "understanding", "protocol", "partnership", "cooperation", "convention", "charter", "accord", "framework", "twinning", "mou", "president", "vice", "chairman", "chairwoman", "chair", "head", "director", "general", "secretary", "ambassador", "governor", "mayor", "prime", "deputy", "king", "prince", "princess", "sheikh", "sheikha", "dr", "mr", "mrs", "ms", "professor", "prof", "engineer", "chief", "executive", "ceo", "member", "members", "delegation", "team", "committee", "board", "union", "federation", "company", "corporation", "group", "bank", "fund", "agency", "authority", "office", "department", "directorate", "directorate-general", "university", "college", "school", "hospital", "club", "league", "network", "alliance", "society", "mutual", "cooperative", "chamber", "province", "region", "district", "city", "governorate", "wilaya", "prefecture", "state", "kingdom", "republic", "government", "sultanate", "emirate", "his", "her", "their", "its", "this", "that", "these", "those", "it", "they", "he", "she", "we", "our", "on", "in", "at", "during", "after", "before", "earlier", "later", "meanwhile", "also", "under", "with", "without", "according", "by", "both", "each", "all", "some", "no", "not", "nothing", "there", "then", "while", "when", "where", "as", "at", "first", "second", "third", "new", "sir", "article", "participants", "parties", "side", "sides", "representatives", "officials", "grand", "great"]
)
# English words of organisation names and their Arabic stems (matching form): "National Election Authority" is
# supported by «الهيئة الوطنية للانتخابات» because "national" and "election" have their stems in the article.
_GLOSSARY = {
    "national": "وطني قومي",
    "international": "دولي",
    "islamic": "اسلام",
    "arab": "عرب",
    "african": "افريق",
    "african's": "افريق",
    "european": "اوروب",
    "human": "انسان بشري",
    "rights": "حقوق",
    "election": "انتخاب",
    "elections": "انتخاب",
    "drug": "دواء ادوي",
    "medicine": "دواء طب",
    "medical": "طب",
    "health": "صح",
    "healthcare": "صح رعاي",
    "care": "رعاي",
    "public": "عام عموم",
    "business": "اعمال",
    "sector": "قطاع",
    "foreign": "خارج",
    "affairs": "شوون",
    "social": "اجتماع",
    "development": "تنمي",
    "sustainable": "مستدام",
    "culture": "ثقاف",
    "cultural": "ثقاف",
    "youth": "شباب",
    "women": "نساء مراه امراه",
    "solidarity": "تضامن",
    "education": "تعليم تربي",
    "higher": "عالي",
    "research": "بحث",
    "scientific": "علم",
    "science": "علم",
    "training": "تكوين تدريب",
    "media": "اعلام",
    "information": "اعلام معلوم",
    "communication": "اتصال تواصل",
    "culinary": "طهي",
    "arts": "فنون",
    "art": "فن",
    "heritage": "تراث",
    "environment": "بيي",
    "water": "ماء مياه",
    "agriculture": "زراع فلاح",
    "industry": "صناع",
    "industrial": "صناع",
    "commerce": "تجار",
    "trade": "تجار",
    "economic": "اقتصاد",
    "economy": "اقتصاد",
    "finance": "مالي",
    "financial": "مالي",
    "investment": "استثمار",
    "tourism": "سياح",
    "transport": "نقل",
    "energy": "طاق",
    "electricity": "كهرب",
    "housing": "اسكان سكن",
    "interior": "داخلي",
    "justice": "عدل",
    "defence": "دفاع",
    "defense": "دفاع",
    "labour": "شغل عمل",
    "labor": "شغل عمل",
    "employment": "تشغيل شغل",
    "work": "عمل",
    "workers": "عمال",
    "volunteer": "تطوع",
    "voluntary": "تطوع",
    "civil": "مدني اهلي",
    "civic": "مدني",
    "charity": "خيري",
    "charitable": "خيري",
    "humanitarian": "انسان",
    "relief": "اغاث",
    "good": "خير",
    "ambassadors": "سفراء",
    "staff": "موظف",
    "employees": "موظف",
    "personnel": "موظف",
    "administration": "ادار",
    "administrations": "ادار",
    "administrative": "ادار",
    "management": "تدبير ادار",
    "holding": "قابض",
    "holdings": "قابض",
    "city": "مدين",
    "new": "جديد",
    "red": "احمر",
    "crescent": "هلال",
    "cross": "صليب",
    "children": "طفل اطفال",
    "child": "طفل",
    "family": "اسر",
    "families": "اسر",
    "disabled": "اعاق",
    "disability": "اعاق",
    "people": "اشخاص ساكن شعب",
    "sport": "رياض",
    "sports": "رياض",
    "football": "قدم",
    "olympic": "اولمب",
    "digital": "رقم",
    "technology": "تكنولوج تقن",
    "innovation": "ابتكار",
    "planning": "تخطيط",
    "local": "محلي",
    "regional": "جهوي اقليم",
    "provincial": "اقليم",
    "supreme": "اعلي",
    "high": "اعلي سامي",
    "central": "مركز",
    "general's": "عام",
    "united": "متحد",
    "nations": "امم",
    "world": "عالم دولي",
    "food": "غذاء اغذي",
    "program": "برنامج",
    "programme": "برنامج",
    "support": "دعم",
    "fight": "محارب",
    "poverty": "فقر",
    "preschool": "اولي",
    "tribe": "قبيل",
    "district": "حي",
    "quarter": "حي",
    "neighbourhood": "حي",
    "vision": "رويه بصر",
    "clear": "واضح",
    "light": "نور ضوء",
    "hope": "امل",
    "future": "مستقبل",
    "peace": "سلام",
    "unity": "وحد",
    "life": "حياه",
    "morocco": "مغرب",
    "egypt": "مصر",
    "civilian": "مدني",
    "police": "شرط امن",
    "security": "امن",
    "customs": "جمارك",
    "railways": "سكك",
    "ports": "موان",
    "port": "مينا",
    "airport": "مطار",
    "airports": "مطار",
    "oil": "نفط بترول",
    "petroleum": "بترول نفط",
    "gas": "غاز",
    "mining": "معادن منجم",
    "telecom": "اتصال",
    "post": "بريد",
    "statistics": "احصا",
    "nation": "امه امم",
    "audit": "حسابات تدقيق",
    "court": "محكم",
    "parliament": "برلمان نواب",
    "senate": "شيوخ مستشار",
    "house": "مجلس بيت دار",
    "representatives": "نواب",
    "endowments": "اوقاف",
    "religious": "دين",
    "sharia": "شريع",
    "quran": "قران",
    "mosque": "مسجد",
    "awqaf": "اوقاف",
    "petrochemical": "بتروكيما كيماو",
    "petrochemicals": "بتروكيما كيماو",
    "belt": "حزام",
    "road": "طريق طرق",
    "roads": "طرق",
    "initiative": "مبادر",
    "river": "نهر",
    "north": "شمال",
    "northern": "شمال",
    "south": "جنوب",
    "southern": "جنوب",
    "east": "شرق",
    "eastern": "شرق",
    "west": "غرب",
    "western": "غرب",
    "middle": "اوسط وسط",
    "gulf": "خليج",
    "grand": "كبير",
    "serail": "سراي",
    "bar": "محام نقاب",
    "lawyers": "محام",
    "mediterranean": "متوسط",
    "euro": "اورو",
    "aerospace": "طيران فضاء",
    "aviation": "طيران",
    "airlines": "طيران",
    "expo": "اكسبو معرض",
    "exhibition": "معرض",
    "conference": "موتمر موتمرات",
    "forum": "منتدي ملتقي",
    "summit": "قم",
    "free": "حر",
    "zone": "منطق",
    "industries": "صناع",
    "sea": "بحر",
    "mall": "مول",
    "market": "سوق",
    "stock": "بورص اسهم",
    "exchange": "بورص صرف",
    "emirates": "امارات",
    "kingdom": "مملك",
    "arabian": "عرب",
    "saudi": "سعود",
    "rapid": "سريع",
    "forces": "قوات",
    "army": "جيش",
    "armed": "مسلح",
    "renaissance": "نهض",
    "dam": "سد",
    "declaration": "اعلان",
    "principles": "مبادي",
    "chemical": "كيماو كيميا",
}

_DEMONYMS = {
    "egyptian": "EG",
    "moroccan": "MA",
    "lebanese": "LB",
    "saudi": "SA",
    "emirati": "AE",
    "qatari": "QA",
    "kuwaiti": "KW",
    "bahraini": "BH",
    "omani": "OM",
    "jordanian": "JO",
    "syrian": "SY",
    "iraqi": "IQ",
    "palestinian": "PS",
    "tunisian": "TN",
    "algerian": "DZ",
    "libyan": "LY",
    "sudanese": "SD",
    "mauritanian": "MR",
    "yemeni": "YE",
    "french": "FR",
    "american": "US",
    "british": "GB",
    "german": "DE",
    "chinese": "CN",
    "japanese": "JP",
    "turkish": "TR",
    "italian": "IT",
    "spanish": "ES",
    "russian": "RU",
    "indian": "IN",
    "korean": "KR",
    "canadian": "CA",
    "belgian": "BE",
    "dutch": "NL",
    "senegalese": "SN",
    "iranian": "IR",
    "ethiopian": "ET",
    "kenyan": "KE",
    "nigerian": "NG",
    "pakistani": "PK",
}
# Arabic names of countries that pycountry's translations give only in their long form («الإمارات العربية المتحدة»).
_COUNTRY_ALIASES = {
    normalize(k): v
    for k, v in {
        "الإمارات": "AE",
        "إيران": "IR",
        "سوريا": "SY",
        "سورية": "SY",
        "أمريكا": "US",
        "أميركا": "US",
        "بريطانيا": "GB",
        "روسيا": "RU",
        "كوريا": "KR",
        "تركيا": "TR",
        "فنزويلا": "VE",
        "بوليفيا": "BO",
        "تنزانيا": "TZ",
    }.items()
}
# Arabic: organisation type words (matching form, no article); honorifics; place words.
_AR_ORG = set(
    normalize(
        "جمعية مؤسسة وزارة هيئة جامعة مجلس شركة منظمة مركز بنك مصرف جماعة بلدية تعاضدية تعاونية "
        "اتحاد غرفة وكالة معهد نادي صندوق مديرية كلية مستشفى رابطة شبكة تحالف مجموعة"
    ).split()
)
_AR_HONORIFIC = set(normalize("السيد السيدة الدكتور الدكتورة السفير السفيرة الأستاذ الأستاذة المهندس الحاج").split())
_AR_PLACE = set(normalize("مدينة إقليم جهة عمالة ولاية محافظة منطقة حي بلدة قرية").split())
_AR_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")

_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]+(?:['’][A-Za-z]+)?")
_DIGITS = re.compile(r"(?<!\w)\d+(?:[.,]\d+)?(?!\w)")  # "4G", "COP28", "19th" are names or ordinals, not numbers
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff][\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\s]*")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_DATES = [  # (pattern, group order) — "1 January 2022", "January 1, 2022", "January 2022", "2022-01-01"
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I), "dmy"),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I), "mdy"),
    (re.compile(rf"\b({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "my"),
    (re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b"), "iso"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "dmy_num"),
    (re.compile(rf"\b({_MONTH_RE})\b", re.I), "m"),
]


# ---------------------------------------------------------------------------------------------- support


@dataclass
class Support:
    """What a summary may name for one result and its article, prepared once."""

    article: str
    article_key: str
    tokens: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[float]
    dates: list[tuple[int | None, int | None, int | None]]
    en_words: set[str]
    countries: set[str]
    skeletons: set[str]
    names_key: str = ""
    latin: set[str] = field(default_factory=set)

    @cached_property
    def shortened(self) -> set[str]:
        """The article's skeletons less one consonant (built on first need: most summaries never ask)."""
        return {sk[:i] + sk[i + 1 :] for sk in self.skeletons if len(sk) >= 4 for i in range(len(sk))}


def _bare(token: str) -> str:
    """An Arabic token without its clitics and article («وبالرباط» -> «رباط»), kept when too little is left."""
    for clitic in _AR_CLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 2:
            return token[len(clitic) :]
    return token


def _ar_words(text: str) -> list[str]:
    return [_bare(t) for t in re.findall(r"\w+", normalize(text)) if not t.isdigit()]


def en_key(word: str) -> str:
    """Latin matching form: accents dropped, lower case, possessive and plural 's' dropped ("Meknès" = "meknes")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['’]s?$", "", plain)
    if len(plain) > 4 and plain.endswith("ies"):
        return plain[:-3] + "y"
    return plain[:-1] if len(plain) > 3 and plain.endswith("s") and not plain.endswith("ss") else plain


# Consonant classes shared by Latin transliterations and Arabic letters; vowels, و ي ا ع ء ة and h-less glides drop.
_LATIN_CLASSES = [
    ("sch", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "X"),
    ("gh", "K"),
    ("th", "T"),
    ("dh", "Z"),
    ("ph", "F"),
    ("dj", "K"),
    ("ou", ""),
    ("ck", "K"),
    ("ce", "Z"),
    ("ci", "Z"),
    ("cy", "Z"),
    ("x", "KZ"),
]
_LATIN_SINGLE = dict(
    b="B",
    p="B",
    t="T",
    d="D",
    s="Z",
    z="Z",
    c="K",
    k="K",
    q="K",
    g="K",
    j="K",
    h="H",
    f="F",
    v="F",
    l="L",
    m="M",
    n="N",
    r="R",
)
# g, j, k, q and ج غ ق ك are one class: «رجب» is "Recep" in Turkish, «جاسم» "Gasim" in the Gulf, «قاسم» "Kassem".
_ARABIC_CLASSES = dict(zip("بتثدذضظسصزشجغقكخحهفلمنرطپگچژڤ", "BTZDZDZZZZSKKKKXHHFLMNRTBKSZF"))


def latin_skeleton(word: str) -> str:
    """Consonant skeleton of a Latin word ("Khattab" -> "XTB"), repeated classes collapsed."""
    w, out = en_key(word), []
    i = 0
    while i < len(w):
        for pair, cls in _LATIN_CLASSES:
            if w.startswith(pair, i):
                out.append(cls)
                i += len(pair)
                break
        else:
            out.append(_LATIN_SINGLE.get(w[i], ""))
            i += 1
    return re.sub(r"(.)\1+", r"\1", "".join(out))


class _SkeletonTable(dict):
    """`str.translate` table: consonants to their class, every other character dropped."""

    def __missing__(self, codepoint: int) -> str:
        self[codepoint] = _ARABIC_CLASSES.get(chr(codepoint), "")
        return self[codepoint]


_SKELETON_TABLE = _SkeletonTable()


def _joined(*skeletons: str) -> str:
    """Skeletons of consecutive words as one, a class repeated across the joint collapsed."""
    out = ""
    for sk in skeletons:
        out += sk[1:] if out and sk and out[-1] == sk[0] else sk
    return out


def arabic_skeleton(token: str) -> str:
    """Consonant skeleton of a matching-form Arabic token («خطاب» -> "XTB")."""
    return re.sub(r"(.)\1+", r"\1", token.translate(_SKELETON_TABLE))


def prepare(agreement: Agreement, article: str) -> Support:
    """Everything the checks compare against, for one result and its article."""
    key = normalize(article)
    raw = re.findall(r"\w+", key)
    words = [_bare(t) for t in raw]
    numbers = {float(n.replace(",", ".")) for n in _DIGITS.findall(key)}
    numbers |= {float(len(agreement.parties)), float(len(agreement.instruments))}
    published = agreement.source.published_at.date() if agreement.source.published_at else None
    isos = [m.parsed.iso for m in find_dates(article, published) if m.parsed.iso]
    isos += [agreement.date.iso] if agreement.date and agreement.date.iso else []
    isos += [published.isoformat()] if published else []
    dates = [tuple(int(p) for p in iso.split("-")) + (None,) * (3 - len(iso.split("-"))) for iso in isos]
    countries = {
        c for c in [agreement.place.country if agreement.place else None, *(p.country for p in agreement.parties)] if c
    }
    for name, code in (arabic_country_names() | _COUNTRY_ALIASES).items():
        # A substring: «اللبناني» names Lebanon; «الليبيون» names Libya through its adjective «ليبي».
        adjective = name[:-1] + ("" if name[:-1].endswith("ي") else "ي") if name.endswith("ا") else name
        if len(name) >= 3 and (name in key or adjective in key):
            countries.add(code)
    en_words: set[str] = set()
    names = [p.name_en for p in agreement.parties] + [r.role_en for p in agreement.parties for r in p.representatives]
    names += [agreement.place.city_en] if agreement.place else []
    names += re.findall(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’\- ]+", article)  # Latin the article itself writes
    for name in filter(None, names):
        en_words |= {en_key(w) for w in _LATIN_WORD.findall(name)}
    skeletons: set[str] = set()
    # Each word bare and as written («بلارة» is not «ب» + «لارة»), with and without its taa marbuta («الحرمة» "Horma").
    forms = [
        {arabic_skeleton(f) for f in {w, r} | {f[:-1] for f in (w, r) if f.endswith("ه")}} for w, r in zip(words, raw)
    ]
    for i in range(len(words)):
        for n in (1, 2, 3):  # "Abdelmoula" is «عبد المولى», two words, its article kept
            if i + n <= len(words):
                skeletons |= {_joined(*combo) for combo in product(*forms[i : i + n])}
    party_names = " ".join(p.name for p in agreement.parties)
    return Support(
        article=article,
        article_key=key,
        tokens=set(words) | set(raw),
        bigrams=set(zip(words, words[1:])) | set(zip(_ar_words(party_names), _ar_words(party_names)[1:])),
        numbers=numbers,
        dates=dates,
        en_words=en_words,
        countries=countries,
        skeletons=skeletons,
        names_key=normalize(party_names),
        latin={en_key(w) for w in _LATIN_WORD.findall(article)},
    )


# ---------------------------------------------------------------------------------------------- claims


def _date_ok(s: Support, y: int | None, m: int | None, d: int | None) -> bool:
    return any(
        (y is None or y == ky)
        and (m is None or km is None or m == km)
        and (d is None or kd is None or d == kd)
        and not (m is not None and km is None and d is not None)
        for ky, km, kd in s.dates
    )


def _en_dates(sentence: str) -> tuple[list[tuple[str, tuple[int | None, int | None, int | None]]], str]:
    """English date mentions as (text, (year, month, day)), and the sentence with them blanked out."""
    found = []
    for pattern, order in _EN_DATES:
        for match in pattern.finditer(sentence):
            g = match.groups()
            if order == "m" and g[0].lower() == "may" and match.group(0) == "may":
                continue  # the verb "may"
            month = g[1] if order == "dmy" else g[0]
            if order == "iso":
                ymd = (int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
            elif order == "dmy_num":
                ymd = (int(g[2]), int(g[1]), int(g[0]))
            else:
                day = g[0] if order == "dmy" else (g[1] if order == "mdy" else None)
                year = g[2] if order in ("dmy", "mdy") else (g[1] if order == "my" else None)
                ymd = (int(year) if year else None, _MONTHS[month.lower().rstrip(".")], int(day) if day else None)
            if order != "m":  # a month alone ("late July") is too vague to check: mgh2_05's «أواخر جويلية»
                found.append((match.group(0), ymd))
            sentence = sentence[: match.start()] + " " * len(match.group(0)) + sentence[match.end() :]
    return found, sentence


def _number_claims(s: Support, text: str) -> list[str]:
    out = []
    for n in _DIGITS.findall(normalize(text)):
        value = float(n.replace(",", "."))
        if value in s.numbers or (len(n) == 4 and 1900 <= value <= 2100 and any(int(value) == d[0] for d in s.dates)):
            continue
        out.append(f"number {n}")
    return out


def _word_supported(s: Support, word: str) -> bool:
    key = en_key(word)
    if key in _GENERIC or key in _CONNECTORS or key in _MONTHS or key in _WEEKDAYS or key in s.en_words:
        return True
    code = _DEMONYMS.get(key) or _country(word)
    if code:  # a country is the result's or the article's, never a chance transliteration ("Algeria" in seed 003)
        return code in s.countries
    if key in _glossary():
        return any(stem in s.article_key for stem in _glossary()[key])
    # Two consonants ("Qian" for «تشيان», "Iran") are too few to tell a transliteration from chance: not judged.
    skeleton = latin_skeleton(word)
    # One consonant more or less on either side: «بروكسل» is "Brussels", «طرابلس» "Tripoli".
    return len(skeleton) < 3 or skeleton in s.skeletons or skeleton in s.shortened or skeleton[:-1] in s.skeletons


@lru_cache(maxsize=1)
def _glossary() -> dict[str, tuple[str, ...]]:
    """`_GLOSSARY` keyed like the words looked up ("Rights" -> "right"), stems in matching form."""
    out: dict[str, tuple[str, ...]] = {}
    for word, stems in _GLOSSARY.items():
        out[en_key(word)] = out.get(en_key(word), ()) + tuple(normalize(stems).split())
    return out


@lru_cache(maxsize=4096)
def _country(word: str) -> str | None:
    return country_code(word) if len(word) > 3 and word[0].isupper() else None


def _en_names(s: Support, sentence: str) -> list[str]:
    """Runs of capitalised words (a name with its connectors) that name something the result and article lack."""
    out: list[str] = []
    run: list[tuple[int, str]] = []
    tokens = [t.group(0) for t in re.finditer(r"[A-Za-zÀ-ɏḀ-ỿ]+(?:['’][A-Za-z]+)?|[^\sA-Za-zÀ-ɏḀ-ỿ]", sentence)]
    first = next((i for i, t in enumerate(tokens) if t[0].isalpha()), -1)

    def close() -> None:
        while run and en_key(run[-1][1]) in _CONNECTORS:
            run.pop()
        # A sentence's first word alone is capitalised for the sentence ("During", "Participants"), not a name.
        if run and not (len(run) == 1 and run[0][0] == first):
            words = [w for _, w in run]
            for n in (4, 3, 2):  # "United Arab Emirates" is one country, not three words
                for i in range(len(words) - n + 1):
                    if (code := _country(" ".join(words[i : i + n]))) and code in s.countries:
                        words[i : i + n] = ["the"] * n
            if not all(_word_supported(s, w) for w in words):
                out.append(" ".join(words))
        run.clear()

    for i, word in enumerate(tokens):
        if word[0].isupper():
            run.append((i, word))
        elif run and word in "–-&":
            continue
        elif run and en_key(word) in _CONNECTORS:
            run.append((i, word))
        else:
            close()
    close()
    return [f"name {n}" for n in out]


def _ar_names(s: Support, sentence: str) -> list[str]:
    """Organisations, people and places an Arabic sentence names that neither the article nor the result has."""
    out = []
    for clause in re.split(r"[،,:؛()«»\"“”\-–]", normalize(sentence)):
        raw = re.findall(r"\w+", clause)
        words = [_bare(t) for t in raw]
        for i, (r, w) in enumerate(zip(raw, words)):
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is None or nxt.isdigit():
                continue
            definite = r.startswith(("ال", "وال", "بال", "لل", "فال"))
            follower_definite = raw[i + 1].startswith(("ال", "لل", "وال", "بال"))
            if w in _AR_ORG and (not definite or follower_definite) or w in _AR_PLACE and not definite:
                # The name word must be the article's («شركة النورس العمانية» for «النورس»), its type word need not.
                if (w, nxt) not in s.bigrams and nxt not in s.tokens and nxt not in _AR_ORG:
                    out.append(f"name {' '.join(raw[i : i + 3])}")
            elif r in _AR_HONORIFIC and nxt not in s.tokens:
                out.append(f"name {' '.join(raw[i : i + 3])}")
        for name, code in (arabic_country_names() | _COUNTRY_ALIASES).items():
            if len(name) >= 3 and re.search(rf"(?<!\w)(?:و|ب|ل|ف)?{name}(?!\w)", clause) and code not in s.countries:
                out.append(f"country {name}")
    for word in _LATIN_WORD.findall(sentence):
        if en_key(word) not in s.en_words and en_key(word) not in s.latin:
            out.append(f"name {word}")
    return out


def sentence_claims(s: Support, sentence: str, lang: str) -> list[str]:
    """The unsupported numbers, dates and names of one sentence, as short labels ("date 2 January 2025")."""
    out = []
    if lang == "en":
        dates, rest = _en_dates(sentence)
        out += [f"date {text}" for text, ymd in dates if not _date_ok(s, *ymd)]
        out += _number_claims(s, rest) + _en_names(s, rest)
    else:
        rest = sentence
        for mention in find_dates(sentence):
            iso = mention.parsed.iso
            if iso and not _date_ok(s, *(tuple(int(p) for p in iso.split("-")) + (None,) * (3 - len(iso.split("-"))))):
                out.append(f"date {mention.text}")
            rest = rest[: mention.start] + " " * (mention.end - mention.start) + rest[mention.end :]
        out += _number_claims(s, rest) + _ar_names(s, rest)
    return out


def hygiene(sentence: str, lang: str, s: Support) -> str | None:
    """Why a sentence is in the wrong script (other scripts' letters, Arabic in English), else None."""
    for ch in sentence:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith(("LATIN", "ARABIC")):
            continue
        return f"letters of another script ({ch})"
    if lang == "en":
        for run in _ARABIC_RUN.findall(sentence):
            if len(run.split()) > 6 or find_quote(s.article, run.strip()) is None:
                return "Arabic text in the English summary"
    return None


_SENTENCE = re.compile(r"(?<=[.!?؟؛])(?<!\d\.)\s+|\n+")  # a point inside "2.16" ends no sentence


def _split(text: str) -> list[str]:
    """Sentences with their end punctuation, in order (joined back with single spaces)."""
    return [p.strip() for p in _SENTENCE.split(text) if p.strip()]


@dataclass
class SideCheck:
    """One summary side after the check: the sentences kept and why each other one went."""

    kept: list[str]
    dropped: list[tuple[str, str]]  # (sentence, reason)
    claims: list[str]  # unsupported claims found (the eval metric)


def check_side(text: str, lang: str, s: Support) -> SideCheck:
    """Check one side sentence by sentence: claims, script, repeats, a cut-off last sentence, the length bound."""
    kept, dropped, claims, seen = [], [], [], set()
    parts = _split(text)
    for i, sentence in enumerate(parts):
        found = sentence_claims(s, sentence, lang)
        claims += found
        reason = "unsupported: " + "; ".join(found) if found else hygiene(sentence, lang, s)
        words = [w for w in re.findall(r"\w+", normalize(sentence))]
        grams = {" ".join(words[j : j + 6]) for j in range(len(words) - 5)}
        if reason is None and grams & seen:
            reason = "repeats an earlier phrase"
        if (
            reason is None
            and i == len(parts) - 1
            and i > 0
            and len(text) >= _CUT_AT
            and not re.search(r"[.!?؟]\W*$", sentence)
        ):
            reason = "cut off by the length limit"
        if reason is None and len(" ".join(kept + [sentence])) > MAX_CHARS:
            reason = f"past the {MAX_CHARS}-character bound"
        seen |= grams
        (dropped.append((sentence, reason)) if reason else kept.append(sentence))
    return SideCheck(kept=kept, dropped=dropped, claims=claims)


def unsupported_claims(
    text: str, lang: str, agreement: Agreement, article: str, support: Support | None = None
) -> list[str]:
    """The unsupported names, numbers and dates one summary side makes (the eval's count). Pass `support` (from
    `prepare(agreement, article)`) to check several texts against one result without preparing it again."""
    return check_side(text, lang, support or prepare(agreement, article)).claims


def check_summaries(agreement: Agreement, article: str) -> Agreement:
    """`agreement` with both summary sides checked: bad sentences dropped, a side rebuilt when under a third is left,
    and a `Note` per change. Never adds text of its own except a rebuilt side (from grounded fields only)."""
    from .briefs import build_summary

    s = prepare(agreement, article)
    sides, notes = {}, list(agreement.notes)
    built: Summary | None = None
    for lang in ("ar", "en"):
        text = getattr(agreement.summary, lang)
        result = check_side(text, lang, s)
        for sentence, reason in result.dropped:
            notes.append(Note(field=f"summary.{lang}", action="dropped", reason=reason, model_value=sentence))
        kept = " ".join(result.kept)
        # The lead sentence says who: what follows leans on it (seed 002 kept "the university" of a dropped lead).
        lead_lost = (
            bool(result.dropped) and result.dropped[0][0] == _split(text)[0] and "unsupported" in result.dropped[0][1]
        )
        if result.dropped and (lead_lost or len(kept) * 3 < len(text.strip())):
            built = built or build_summary(agreement)
            notes.append(
                Note(
                    field=f"summary.{lang}",
                    action="corrected",
                    reason="too little was left, or not its lead; rebuilt from grounded fields",
                    model_value=kept or None,
                )
            )
            kept = getattr(built, lang)
        sides[lang] = kept if result.dropped else text
    return agreement.model_copy(update={"summary": Summary(**sides), "notes": notes})


__all__ = [
    "MAX_CHARS",
    "SideCheck",
    "Support",
    "check_side",
    "check_summaries",
    "prepare",
    "sentence_claims",
    "unsupported_claims",
]
