"""The word lists the summary check reads: English months, connectors and generic words, the English-to-Arabic
glossary of organisation words, demonyms, Arabic country aliases, and Arabic type words, honorifics and clitics.

Data only. The tables are packed several entries a line (`fmt: off`): one entry a line would make some 500 lines of them.
"""

from __future__ import annotations

from ..arabic import normalize

# fmt: off
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9})
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Words joining the parts of a name ("Ministry of Health", "Ras El Hekma"); never checked themselves.
CONNECTORS = {"of", "for", "and", "the", "in", "on", "de", "du", "des", "la", "le", "les", "al", "el", "d", "l",
              "et", "bin", "ben", "ibn", "abu", "bou", "a", "an", "to", "at", "s"}
# Capitalised words that are kinds, titles or common sentence words, not names: the result's `kind` fields and
# the status check cover them. (A checker that flags "Ministry" or "Agreement" flags correct text.)
GENERIC = {
    "association", "associations", "foundation", "foundations", "commune", "communes", "municipality", "council",
    "centre", "center", "institute", "institution", "organisation", "organization", "ministry", "minister", "ministers",
    "agreement", "agreements", "memorandum", "understanding", "protocol", "partnership", "cooperation", "convention",
    "charter", "accord", "framework", "twinning", "mou", "president", "vice", "chairman", "chairwoman", "chair", "head",
    "director", "general", "secretary", "ambassador", "governor", "mayor", "prime", "deputy", "king", "prince",
    "princess", "sheikh", "sheikha", "dr", "mr", "mrs", "ms", "professor", "prof", "engineer", "chief", "executive",
    "ceo", "member", "members", "delegation", "team", "committee", "board", "union", "federation", "company",
    "corporation", "group", "bank", "fund", "agency", "authority", "office", "department", "directorate",
    "directorate-general", "university", "college", "school", "hospital", "club", "league", "network", "alliance",
    "society", "mutual", "cooperative", "chamber", "province", "region", "district", "city", "governorate", "wilaya",
    "prefecture", "state", "kingdom", "republic", "government", "sultanate", "emirate", "his", "her", "their", "its",
    "this", "that", "these", "those", "it", "they", "he", "she", "we", "our", "on", "in", "at", "during", "after",
    "before", "earlier", "later", "meanwhile", "also", "under", "with", "without", "according", "by", "both", "each",
    "all", "some", "no", "not", "nothing", "there", "then", "while", "when", "where", "as", "first", "second", "third",
    "new", "sir", "article", "participants", "parties", "side", "sides", "representatives", "officials", "grand",
    "great"
}
# English words of organisation names and their Arabic stems (matching form): "National Election Authority" is
# supported by «الهيئة الوطنية للانتخابات» because "national" and "election" have their stems in the article.
GLOSSARY = {
    "national": "وطني قومي", "international": "دولي", "islamic": "اسلام", "arab": "عرب", "african": "افريق",
    "african's": "افريق", "european": "اوروب", "human": "انسان بشري", "rights": "حقوق", "election": "انتخاب",
    "elections": "انتخاب", "drug": "دواء ادوي", "medicine": "دواء طب", "medical": "طب", "health": "صح",
    "healthcare": "صح رعاي", "care": "رعاي", "public": "عام عموم", "business": "اعمال", "sector": "قطاع",
    "foreign": "خارج", "affairs": "شوون", "social": "اجتماع", "development": "تنمي", "sustainable": "مستدام",
    "culture": "ثقاف", "cultural": "ثقاف", "youth": "شباب", "women": "نساء مراه امراه", "solidarity": "تضامن",
    "education": "تعليم تربي", "higher": "عالي", "research": "بحث", "scientific": "علم", "science": "علم",
    "training": "تكوين تدريب", "media": "اعلام", "information": "اعلام معلوم", "communication": "اتصال تواصل",
    "culinary": "طهي", "arts": "فنون", "art": "فن", "heritage": "تراث", "environment": "بيي", "water": "ماء مياه",
    "agriculture": "زراع فلاح", "industry": "صناع", "industrial": "صناع", "commerce": "تجار", "trade": "تجار",
    "economic": "اقتصاد", "economy": "اقتصاد", "finance": "مالي", "financial": "مالي", "investment": "استثمار",
    "tourism": "سياح", "transport": "نقل", "energy": "طاق", "electricity": "كهرب", "housing": "اسكان سكن",
    "interior": "داخلي", "justice": "عدل", "defence": "دفاع", "defense": "دفاع", "labour": "شغل عمل",
    "labor": "شغل عمل", "employment": "تشغيل شغل", "work": "عمل", "workers": "عمال", "volunteer": "تطوع",
    "voluntary": "تطوع", "civil": "مدني اهلي", "civic": "مدني", "charity": "خيري", "charitable": "خيري",
    "humanitarian": "انسان", "relief": "اغاث", "good": "خير", "ambassadors": "سفراء", "staff": "موظف",
    "employees": "موظف", "personnel": "موظف", "administration": "ادار", "administrations": "ادار",
    "administrative": "ادار", "management": "تدبير ادار", "holding": "قابض", "holdings": "قابض", "city": "مدين",
    "new": "جديد", "red": "احمر", "crescent": "هلال", "cross": "صليب", "children": "طفل اطفال", "child": "طفل",
    "family": "اسر", "families": "اسر", "disabled": "اعاق", "disability": "اعاق", "people": "اشخاص ساكن شعب",
    "sport": "رياض", "sports": "رياض", "football": "قدم", "olympic": "اولمب", "digital": "رقم", "technology": "تكنولوج تقن",
    "innovation": "ابتكار", "planning": "تخطيط", "local": "محلي", "regional": "جهوي اقليم", "provincial": "اقليم",
    "supreme": "اعلي", "high": "اعلي سامي", "central": "مركز", "general's": "عام", "united": "متحد",
    "nations": "امم", "world": "عالم دولي", "food": "غذاء اغذي", "program": "برنامج", "programme": "برنامج",
    "support": "دعم", "fight": "محارب", "poverty": "فقر", "preschool": "اولي", "tribe": "قبيل", "district": "حي",
    "quarter": "حي", "neighbourhood": "حي", "vision": "رويه بصر", "clear": "واضح", "light": "نور ضوء",
    "hope": "امل", "future": "مستقبل", "peace": "سلام", "unity": "وحد", "life": "حياه", "morocco": "مغرب",
    "egypt": "مصر", "civilian": "مدني", "police": "شرط امن", "security": "امن", "customs": "جمارك",
    "railways": "سكك", "ports": "موان", "port": "مينا", "airport": "مطار", "airports": "مطار", "oil": "نفط بترول",
    "petroleum": "بترول نفط", "gas": "غاز", "mining": "معادن منجم", "telecom": "اتصال", "post": "بريد",
    "statistics": "احصا", "nation": "امه امم", "audit": "حسابات تدقيق", "court": "محكم", "parliament": "برلمان نواب",
    "senate": "شيوخ مستشار", "house": "مجلس بيت دار", "representatives": "نواب", "endowments": "اوقاف",
    "religious": "دين", "sharia": "شريع", "quran": "قران", "mosque": "مسجد", "awqaf": "اوقاف",
    "petrochemical": "بتروكيما كيماو", "petrochemicals": "بتروكيما كيماو", "belt": "حزام", "road": "طريق طرق", "roads": "طرق",
    "initiative": "مبادر", "river": "نهر", "north": "شمال", "northern": "شمال", "south": "جنوب", "southern": "جنوب",
    "east": "شرق", "eastern": "شرق", "west": "غرب", "western": "غرب", "middle": "اوسط وسط", "gulf": "خليج",
    "grand": "كبير", "serail": "سراي", "bar": "محام نقاب", "lawyers": "محام", "mediterranean": "متوسط",
    "euro": "اورو", "aerospace": "طيران فضاء", "aviation": "طيران", "airlines": "طيران", "expo": "اكسبو معرض",
    "exhibition": "معرض", "conference": "موتمر موتمرات", "forum": "منتدي ملتقي", "summit": "قم", "free": "حر",
    "zone": "منطق", "industries": "صناع", "sea": "بحر", "mall": "مول", "market": "سوق", "stock": "بورص اسهم",
    "exchange": "بورص صرف", "emirates": "امارات", "kingdom": "مملك", "arabian": "عرب", "saudi": "سعود",
    "rapid": "سريع", "forces": "قوات", "army": "جيش", "armed": "مسلح", "renaissance": "نهض", "dam": "سد",
    "declaration": "اعلان", "principles": "مبادي", "chemical": "كيماو كيميا",
}

DEMONYMS = {"egyptian": "EG", "moroccan": "MA", "lebanese": "LB", "saudi": "SA", "emirati": "AE", "qatari": "QA",
            "kuwaiti": "KW", "bahraini": "BH", "omani": "OM", "jordanian": "JO", "syrian": "SY", "iraqi": "IQ",
            "palestinian": "PS", "tunisian": "TN", "algerian": "DZ", "libyan": "LY", "sudanese": "SD",
            "mauritanian": "MR", "yemeni": "YE", "french": "FR", "american": "US", "british": "GB", "german": "DE",
            "chinese": "CN", "japanese": "JP", "turkish": "TR", "italian": "IT", "spanish": "ES", "russian": "RU",
            "indian": "IN", "korean": "KR", "canadian": "CA", "belgian": "BE", "dutch": "NL", "senegalese": "SN",
            "iranian": "IR", "ethiopian": "ET", "kenyan": "KE", "nigerian": "NG", "pakistani": "PK"}
# Arabic: organisation type words (matching form, no article); honorifics; place words.
AR_ORG = set(normalize("جمعية مؤسسة وزارة هيئة جامعة مجلس شركة منظمة مركز بنك مصرف جماعة بلدية تعاضدية تعاونية "
                       "اتحاد غرفة وكالة معهد نادي صندوق مديرية كلية مستشفى رابطة شبكة تحالف مجموعة").split())
AR_HONORIFIC = set(normalize("السيد السيدة الدكتور الدكتورة السفير السفيرة الأستاذ الأستاذة المهندس الحاج").split())
AR_PLACE = set(normalize("مدينة إقليم جهة عمالة ولاية محافظة منطقة حي بلدة قرية").split())
AR_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
# fmt: on
