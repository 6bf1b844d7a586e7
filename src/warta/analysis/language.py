"""Which language an article is written in.

Identification is py3langid's (a maintained Python port of langid.py's
naive Bayes model of byte n-grams, 142 languages), chosen by measurement in
``benchmarks/eval_langid.py`` (figures in ``docs/langid.md``): it was the
only candidate with every one of 1,200 labelled articles right, at
0.6 ms an article on the first `SAMPLE_CHARS` characters.

Every candidate, py3langid included, takes a share of Indonesian sentences
for Malay, the closest language, and that is where an Indonesian news tool
cannot afford mistakes.  So when the model answers Indonesian or Malay, the
choice between the two is made by words, of three kinds:

* Malay-only (`MALAY_WORDS`): spellings and words standard Indonesian does
  not write (``bahawa``, ``kerana``, ``peratus``, ``kenderaan``...).  Each is
  in at most six of the 48,786 texts of the Indonesian corpora of
  ``../shared/data`` (id-news, hoax600, turnbackhoax, PANL-BPPT), in Malay
  quotations and typos.
* Malay-leaning (`MALAY_LEANING_WORDS`): frequent in Malay news but Indonesian
  words too, in a literary register (``selepas``, in 106 of those texts;
  ``berjaya``, ``pelancong``, ``manakala``) or in another sense
  (``polis`` an insurance policy, ``percuma`` in vain, ``doktor`` a
  doctorate, ``bas`` a bass guitar, ``kemalangan`` misfortune, ``suspek`` a
  suspected case of a disease).
* Indonesian-only (`INDONESIAN_WORDS`): ``bahwa``, ``karena``, ``uang``...

Malay needs Malay-only evidence: it is the answer when the text has a
Malay-only word and its Malay words (only and leaning) outnumber its
Indonesian ones; any other text with a telling word is Indonesian.  A
Malay-leaning word alone does not decide against the model: without
Malay-only or Indonesian words, it makes Malay the answer when the model
prefers Malay at all, where a text with no telling word needs the model to
prefer Malay by `MALAY_MARGIN`.  Each word counts once however often it is
repeated: an article about a refinery says ``kilang`` eight times, and that
is one word's evidence, not eight.

This replaced (issue 17) one list of Malay words, counted at every
occurrence, that held the leaning words and two that are no evidence at all:
``kilang`` (``kilang minyak`` is the Indonesian for an oil refinery) and
``ringgit`` (a currency the news of both countries name).  It tagged 26
Indonesian articles of id-news as Malay, 21 of them against a model that
preferred Indonesian: eleven on oil refineries, thirteen for one
``selepas``, ``berjaya``, ``pelancong``, ``percuma`` or ``bas``, one for a
typo (``bahawa``) beside a capitalised ``Bahwa`` that was not counted, and
one whose opening was a prayer in Arabic script, with no telling word in
lower case but a ``Senin`` (Monday).  Capitalised words still do not count
(``Wang`` is a surname, ``Universiti Malaya`` a name in Indonesian news),
except those that cannot be names: the days of the week and the
conjunctions that open sentences (`NOT_NAMES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# The title and the start of the body say which language an article is in;
# reading more costs time (py3langid walks the text byte by byte in Python)
# and changed no answer on the labelled articles.
SAMPLE_CHARS = 400

# A text with fewer letters than this is identified among SHORT_TEXT_LANGUAGES only.
SHORT_TEXT_LETTERS = 60
SHORT_TEXT_LANGUAGES = frozenset({"id", "ms", "en"})

# Spellings and words of everyday news text that Malaysian, Bruneian and
# Singaporean Malay use and Indonesian does not (or the other way round).
# Only words frequent in news count: rare ones would almost never decide.
MALAY_WORDS = frozenset(
    """
    bahawa iaitu kerana wang sahaja bilion trilion teksi isnin khamis jumaat gabenor menerusi
    sebarang peratus membabitkan terbabit dirasmikan sempena kakitangan mesyuarat lebuh hospital
    stesen universiti baharu kenderaan syarikat aktiviti
    """.split()
)
# Frequent in Malay news, but Indonesian words as well (see the module's docstring): evidence
# that supports Malay-only words or the model, never enough on its own.
MALAY_LEANING_WORDS = frozenset(
    """
    selepas manakala berjaya pelancong polis percuma doktor bas kemalangan suspek mangsa projek
    """.split()
)
INDONESIAN_WORDS = frozenset(
    """
    bahwa yaitu karena polisi uang pemerintah saja setelah miliar triliun kantor taksi bus
    gratis senin kamis jumat gubernur pengadilan apapun pernyataan provinsi rupiah mobil
    bandara bisa persen tim karyawan pajak wisatawan bupati kabupaten kecamatan kemarin
    nggak enggak diresmikan berhasil tersangka korban kecelakaan dokter stasiun universitas
    kendaraan pabrik perusahaan proyek aktivitas
    """.split()
)
# Words both languages use often (dari, tidak, boleh, negeri, kereta, jabatan, kilang...)
# are left out even where one leans one way; each list is long enough that a
# text is decided by counting rather than by any one word.

# Words of the lists that also count when capitalised, as none of them is a name: days of
# the week (always capitalised) and conjunctions that open a sentence.
NOT_NAMES = frozenset(
    "senin kamis jumat isnin khamis jumaat bahwa karena setelah yaitu bahawa kerana iaitu".split()
)
_NOT_NAMES_RE = re.compile("|".join(rf"\b{w.capitalize()}\b" for w in sorted(NOT_NAMES)))

_WORD_RE = re.compile(r"\b[a-z]+\b")  # whole words in lower case, not the tail of "Ibas"
_LETTER_RE = re.compile(r"[^\W\d_]")


# Without telling words, Malay needs the model to prefer it by this much (log
# probability per character of the sample): py3langid leans Malay on short
# Indonesian text.  Chosen on the development half of the labelled sentences
# (benchmarks/eval_langid.py --split dev): Indonesian 99.3 %, Malay 88.8 %
# (with the word list of the time).
MALAY_MARGIN = 0.08


# The languages an article can be identified as: the major written languages
# of the model's 142.  Left out are regional languages and varieties that
# short news text is mistaken for (Javanese, Acehnese, Bikol and Kabyle for
# Indonesian headlines; Nigerian Pidgin, Latin, Extremaduran for English
# ones): a corpus in one of them states its language in a ``lang`` field.
LANGUAGES = frozenset(
    """
    af am ar az be bg bn bs ca cs cy da de el en es et eu fa fi fr ga gl gu ha he hi hr hu hy id
    is it ja ka kk km kn ko ky lo lt lv mk ml mn mr ms mt my ne nl nn no pa pl ps pt ro ru si sk
    sl so sq sr sv sw ta te th tl tr uk ur uz vi zh zu
    """.split()
)


@lru_cache(maxsize=1)
def _rank() -> Callable[[str], list[tuple[str, float]]]:
    """py3langid's ranking over `LANGUAGES`; its model loads on first use (about 0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)  # our own: py3langid's global stays as it is
    identifier.set_languages(sorted(LANGUAGES & set(identifier.nb_classes)))
    return identifier.rank  # type: ignore[no-any-return]


# Abbreviations that tell the two apart, written as they are: currencies and time zones.
_MALAY_ABBREVIATIONS_RE = re.compile(r"\bRM\s?\d")
_INDONESIAN_ABBREVIATIONS_RE = re.compile(r"\bRp\.?\s?\d|\bWI[BT]A?\b")


def indonesian_or_malay(text: str, malay_margin: float = 0.0) -> str:
    """Indonesian (``"id"``) or Malay (``"ms"``) by the words of *text* that tell them apart.

    Only words written in lower case count, and the few of `NOT_NAMES`
    capitalised: a capitalised word may be a name (Wang is a surname in
    Indonesian sports news as well as money in Malay).  When *text* has no
    Malay-only and no Indonesian word, *malay_margin* (how much more likely
    the model found Malay, in log probability per character) decides.
    """
    return _indonesian_or_malay(text, _WORD_RE.findall(text), malay_margin, short=False)


def _indonesian_or_malay(text: str, words: list[str], malay_margin: float, *, short: bool) -> str:
    """`indonesian_or_malay` with the lower-case words of *text* already found.

    For a *short* text (a headline) the model's margin alone never makes it Malay.
    """
    found = set(words)
    found.update(w.lower() for w in _NOT_NAMES_RE.findall(text))
    malay = len(found & MALAY_WORDS) + bool(_MALAY_ABBREVIATIONS_RE.search(text))
    indonesian = len(found & INDONESIAN_WORDS) + bool(_INDONESIAN_ABBREVIATIONS_RE.search(text))
    leaning = len(found & MALAY_LEANING_WORDS)
    if malay or indonesian:
        return "ms" if malay and malay + leaning > indonesian else "id"
    if leaning:  # the model and a word that Malay writes far more often than Indonesian agree
        return "ms" if malay_margin > 0 else "id"
    return "ms" if not short and malay_margin > MALAY_MARGIN else "id"


# A text whose opening has at least this many different Indonesian-only words
# (`INDONESIAN_WORDS`), no Malay one and hardly any English function word is
# Indonesian without asking the model.  py3langid was a fifth of ingest's CPU
# time on id-news (a Python loop over the sample's bytes, then a gather from a
# 32 MB table); this answers for 42 % of id-news's articles at a twentieth
# of the cost.  Checked: on every id-news article it answers, the model answers
# the same, and it answers for none of 5,648 English articles (bbc, TIME,
# news-en); `benchmarks/eval_langid.py` gives the same figures with it.
SURELY_INDONESIAN_WORDS = 3
# Indonesian-only among Malay and Indonesian, but words of European languages too
# (Dutch dokter, bus, gratis, kantor; Latin universitas): not enough to skip the model.
_SHARED_WITH_EUROPE = frozenset("bus gratis tim mobil dokter universitas kantor".split())
_TELLING_INDONESIAN = INDONESIAN_WORDS - _SHARED_WITH_EUROPE
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the and of to in is that for with was on as by are from this have has".split()
)


def _surely_indonesian(words: list[str]) -> bool:
    if len(_TELLING_INDONESIAN.intersection(words)) < SURELY_INDONESIAN_WORDS:
        return False
    if not MALAY_WORDS.isdisjoint(words):
        return False
    return sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) < 3


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language *text* is written in, or None when it has no letters."""
    window = text[: SAMPLE_CHARS * 4]  # where Indonesian and Malay words are looked for
    words = _WORD_RE.findall(window)
    if _surely_indonesian(words):
        return "id"
    sample = text[:SAMPLE_CHARS]
    letters = _LETTER_RE.findall(sample)
    if not letters:
        return None
    if sample.isupper():
        sample = sample.lower()  # the model was trained on ordinary case; headline caps confuse it
    ranked = _rank()(sample)
    # a short Latin-script text: other scripts name their language well enough in a few letters
    short = len(letters) < SHORT_TEXT_LETTERS and all(c < "\u0250" for c in letters)
    if short:
        # a headline alone: too little to tell most languages apart ("Korupsi" reads as Turkish,
        # "Jokowi" as Polish), so only the languages of Indonesian news are considered
        ranked = [pair for pair in ranked if pair[0] in SHORT_TEXT_LANGUAGES] or ranked
    code = ranked[0][0]
    if code in ("id", "ms"):
        scores = dict(ranked[:10])
        floor = ranked[min(9, len(ranked) - 1)][1]  # the other of the two, if not among the first ten
        margin = (scores.get("ms", floor) - scores.get("id", floor)) / len(sample)
        # a headline's margin says little: there Malay needs words too
        return _indonesian_or_malay(window, words, margin, short=short)
    return str(code)


# Stored for an article whose language neither its record nor its text tells (ISO 639-2).
UNDETERMINED = "und"

# How records name languages besides ISO 639-1 codes: ISO 639-2/3 codes, old
# Java locale codes ("in"), and English and Indonesian names.
_LANGUAGE_NAMES = {
    "in": "id", "ind": "id", "indonesian": "id", "indonesia": "id", "bahasa indonesia": "id",
    "bahasa": "id", "msa": "ms", "may": "ms", "zsm": "ms", "malay": "ms", "melayu": "ms",
    "bahasa melayu": "ms", "bahasa malaysia": "ms", "eng": "en", "english": "en", "inggris": "en",
    "bahasa inggris": "en", "jav": "jv", "javanese": "jv", "jawa": "jv", "sun": "su", "sundanese": "su",
    "sunda": "su", "ara": "ar", "arabic": "ar", "arab": "ar", "zho": "zh", "chi": "zh",
    "chinese": "zh", "mandarin": "zh", "fra": "fr", "fre": "fr", "french": "fr", "deu": "de",
    "ger": "de", "german": "de", "spa": "es", "spanish": "es", "nld": "nl", "dut": "nl", "dutch": "nl",
    "jpn": "ja", "japanese": "ja", "kor": "ko", "korean": "ko", "rus": "ru", "russian": "ru",
    "por": "pt", "portuguese": "pt", "ita": "it", "italian": "it", "tha": "th", "thai": "th",
    "vie": "vi", "vietnamese": "vi", "tgl": "tl", "tagalog": "tl", "fil": "tl", "filipino": "tl",
    "deutsch": "de", "français": "fr", "francais": "fr", "español": "es", "espanol": "es",
    "nederlands": "nl", "italiano": "it", "português": "pt", "portugues": "pt", "русский": "ru",
    "українська": "uk", "日本語": "ja", "中文": "zh", "한국어": "ko", "tiếng việt": "vi", "ไทย": "th",
    "und": UNDETERMINED, "unknown": UNDETERMINED,
}  # fmt: skip


def normalise_language(value: str) -> str | None:
    """A language as a record states it (``id``, ``id-ID``, ``ind``, ``Indonesian``) as its code.

    None when *value* names no language warta can tell; the text is then
    identified instead.
    """
    text = " ".join(value.strip().lower().replace("_", "-").split())
    if text in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[text]
    code = text.split("-")[0]  # a region or script subtag: en-US, zh-Hant
    code = _LANGUAGE_NAMES.get(code, code)
    if (len(code) == 2 and code.isalpha() and code.isascii()) or code == UNDETERMINED:
        return code
    return None
