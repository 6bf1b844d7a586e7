"""The pieces of a news article: outlet, dateline, date, paragraphs, quotes and speakers.

Pure text functions, no engine: they take an article's text and say what
they find in it, or None when they find nothing.  Nothing is guessed: a date
read from the text (`dates.find_date`) without a year gets one only when its
weekday fixes it.

`parse_article` puts them together; ingest stores what it finds (date,
outlet, dateline, speakers) and where each paragraph and quote lies, so that
they can be searched as units, and ``warta show`` displays it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import ParsedArticle, Quote
from .dates import WEEKDAYS, find_date
from .outlets import is_web_address, names_outlet, outlet_from_url

# -- outlet and dateline -----------------------------------------------------------

# "HOLOPIS.COM, JAKARTA –", "JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -", "Jakarta -"
_LEAD_SEPARATOR_RE = re.compile(r"\s[–—-]{1,2}\s")
_PLACE_RE = re.compile(r"^[A-Z][A-Za-z'.]*(?:\s[A-Z][A-Za-z'.]*){0,3}$")
_BRACKETED_RE = re.compile(r"\((?P<outlet>[A-Za-z][\w .]{1,30})\)")


@dataclass(slots=True, frozen=True)
class Dateline:
    outlet: str | None  # "Holopis.com"
    place: str | None  # "JAKARTA"
    end: int  # where the article proper starts


def _may_be_outlet(words: list[str]) -> bool:
    """Up to three words naming an outlet after the place (not a weekday: "JAKARTA, Senin -")."""
    if not 1 <= len(words) <= 3 or words[0].lower() in WEEKDAYS:
        return False
    return bool(_PLACE_RE.match(" ".join(words))) or (len(words) == 1 and words[0].isalnum())


def find_dateline(text: str) -> Dateline | None:
    """The outlet and place an article opens with, before its first dash.

    ``HOLOPIS.COM, JAKARTA –``, ``JAKARTA, KOMPAS.com -``, ``Jakarta -``, and
    outlets that are not web addresses after the place: ``SURABAYA, ANTARA -``,
    ``Jakarta (ANTARA) -``, ``Jakarta, CNN Indonesia --``.
    """
    head = text.lstrip(" ,.-\n")
    offset = len(text) - len(head)
    sep = _LEAD_SEPARATOR_RE.search(head[:120])
    if sep is None:
        return None
    opening = head[: sep.start()]
    outlet = place = None
    if bracket := _BRACKETED_RE.search(opening):  # "Jakarta (ANTARA)"
        if names_outlet(bracket["outlet"]):
            outlet = bracket["outlet"].strip()
        opening = opening[: bracket.start()] + opening[bracket.end() :]
    for part in opening.replace(",", " , ").split(","):
        words = part.split()
        # an outlet may come twice, as a logo and as text: "Holopis.com HOLOPIS.COM"
        for word in list(words):
            if is_web_address(word):
                outlet = outlet or word
                words.remove(word)
        rest = " ".join(words)
        if rest and _PLACE_RE.match(rest) and place is None:
            place = rest
        elif rest and place is not None and outlet is None and _may_be_outlet(words):
            # "SURABAYA, ANTARA", "Jakarta, CNN Indonesia", "JAKARTA, detikcom"; not the
            # country of "SOFIA, Bulgaria", which stays part of the place
            outlet = rest if names_outlet(rest) else None
        elif rest:
            return None  # not a dateline: a sentence with a dash in it
    if outlet is None and place is None:
        return None
    return Dateline(outlet, place, offset + sep.end())


# -- paragraphs ------------------------------------------------------------------------

# id-news joins paragraphs with "," after a sentence's end: "... Riau.,Penangkapan ..."
# Only after a sentence's end (a closing quote mark may follow it) and before what
# can start a paragraph: `“Kami siap”, kata Blinken` and `siap.”, kata dia` go on.
_JOINED_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s*,+(?=\s*[^\s,a-z])")


_EDGE = " ,\t\r\n"  # what a paragraph does not start or end with
_BLANK_LINE_RE = re.compile(r"\n[ \t\r]*\n")
_WRAPPED_BLOCK_RE = re.compile(r"(?:[^\n]|\n(?![ \t\r]*\n))+")
_LINE_BLOCK_RE = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)(?=\s)[^\n]*)*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Where each paragraph of *text* starts and ends, also when a scrape joined them with commas.

    Offsets, not copies, so that a paragraph indexed as a unit can be shown
    from the article's stored text.
    """
    spans = []
    # With blank lines between paragraphs, a single line break is a wrapped line;
    # without any, each line is a paragraph (an indented line continues one).
    block_re = _WRAPPED_BLOCK_RE if _BLANK_LINE_RE.search(text) else _LINE_BLOCK_RE
    for block in block_re.finditer(text):
        cuts = [block.start()]
        for sep in _JOINED_RE.finditer(text, block.start(), block.end()):
            cuts += [sep.start(), sep.end()]
        cuts.append(block.end())
        for begin, end in zip(cuts[::2], cuts[1::2], strict=True):
            part = text[begin:end]
            kept = part.strip(_EDGE)
            if kept:
                begin += len(part) - len(part.lstrip(_EDGE))
                spans.append((begin, begin + len(kept)))
    return spans


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an article, whitespace tidied."""
    return [" ".join(text[a:b].split()) for a, b in paragraph_spans(text)]


def is_subheading(paragraph: str) -> bool:
    """A short line without a sentence's end: "Israel dan Hamas Saling Menyalahkan".

    Only meaningful for paragraphs that stood on lines of their own.
    """
    words = paragraph.split()
    return (
        1 < len(words) <= 10
        and not paragraph.endswith((".", ",", ":", ";", "”", '"', "?", "!"))
        and not paragraph.startswith(("“", '"', "'", "‘"))
    )


# -- quotes and speakers ----------------------------------------------------------

# A quote does not run over a line break: an unclosed mark must not swallow paragraphs.
_QUOTE_RE = re.compile(r"“([^”\n]{2,})”|\"([^\"\n]{2,})\"")
_VERBS = "kata|ujar|ucap|tutur|ungkap|jelas|papar|imbuh|tegas|terang|sebut|tambah|pungkas|lanjut|sambung"
# Capitalised words, short abbreviations with their full stop ("Ir.", "H."), and
# the particles of Indonesian and Dutch names; a sentence's full stop ends it.
_NAME_WORD = r"(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'-]*)"
_NAME = r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:" + _NAME_WORD + r"|bin|binti|van|de|al))*)"
# “…,” kata Antony Blinken    /    “…,” ujar Kapolres AKBP Budi
_AFTER_RE = re.compile(r"^[\s,.]*(?:" + _VERBS + r")\s+" + _NAME)
# "kata Kepala Pelaksana BPBD DKI, Isnawa Adji.": an office, then the person holding it
_OFFICES = (
    "Kepala|Ketua|Wakil|Menteri|Direktur|Dirut|Gubernur|Bupati|Wali|Walikota|Camat|Lurah|Kapolri|"
    "Kapolda|Kapolres|Kapolresta|Kapolsek|Kasat|Kabid|Kabag|Kasubag|Kadis|Kanit|Sekretaris|Sekjen|"
    "Juru|Jubir|Presiden|Panglima|Komandan|Koordinator|Manajer|Pengamat|Plt|Anggota|Deputi|Staf|"
    "Komisioner|Jaksa|Hakim|Rektor|Dekan|Pelatih|Pimpinan|Pemimpin|Kabareskrim|Kadiv|Karo"
)
_HOLDER_RE = re.compile(r"^,\s+(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)\s*(?:[.,]|$)")
# “…,” jelasnya   /   “…,” katanya
_PRONOUN_RE = re.compile(r"^[\s,.]*(?:" + _VERBS + r")nya\b")
# Menurut X, “…”   /   X mengatakan, “…”
_SAYS = "mengatakan|menyatakan|menjelaskan|menegaskan|mengungkapkan|menuturkan|menambahkan|berkata|bilang"


def _named_before_quote(lead: str, name: str, verbs: str) -> re.Pattern[str]:
    """A quote's speaker named just before it: "<lead> NAME, “…”" or "NAME <verb>, “…”".

    *name* is a pattern with a ``name`` group; the second form captures it as ``subject``.
    """
    subject = name.replace("<name>", "<subject>")
    return re.compile(r"(?:" + lead + r"\s+" + name + r"|" + subject + r"\s+(?:" + verbs + r"))[\s,:]*$")


_BEFORE_RE = _named_before_quote(r"[Mm]enurut", _NAME, _SAYS)
# a named subject opening a sentence: "Antony Blinken mengklaim bahwa ...",
# "Sri Mulyani hadir dalam rapat." (a later "imbuhnya" refers to her)
_SUBJECT_RE = re.compile(r"(?:^|[.!?]\s+)(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)\s+[a-z]")
# Sentence openers that are not names: "Nantinya Satgas Pangan ...", "Selain Jakarta ..."
_NOT_A_NAME_RE = re.compile(
    r"(?:\w+nya|Selain|Namun|Sementara|Saat|Ketika|Kemudian|Menurut|Dalam|Pada|Di|Ke|Dari|Untuk|Dengan|"
    r"Bagi|Oleh|Sejak|Hingga|Jika|Kalau|Meski|Walau|Karena|Usai|Setelah|Sebelum|Adapun|Terkait|Bahkan)\b"
)


# English: “…,” said Theresa May / “…,” Mr Smith told reporters / According to X, “…”
# / “…,” he said (the person last named).  Names are capitalised words, titles included.
_EN_SAYS = r"(?:said|says|told|added|asked|wrote|explained|warned|insisted|argued)"
_EN_NAME_WORD = r"(?:(?:Mr|Mrs|Ms|Dr|St|Sen|Gov|Rep|Gen|Col|Lt|Prof)\.|[A-Z][\w'-]*)"
_EN_NAME = r"(?P<name>" + _EN_NAME_WORD + r"(?:\s+(?:" + _EN_NAME_WORD + r"|de|van|von|bin|al))*)"
_EN_AFTER_RE = re.compile(
    r"^[\s,]*(?:"
    + _EN_SAYS
    + r"\s+"
    + _EN_NAME
    + r"|"
    + _EN_NAME.replace("<name>", "<subject>")
    + r"\s+"
    + _EN_SAYS
    + r"\b)"
)
_EN_BEFORE_RE = _named_before_quote(r"[Aa]ccording\s+to", _EN_NAME, r"said|says|told\s+\w+|added")
_EN_PRONOUN_RE = re.compile(r"^[\s,]*(?:he|she)\s+" + _EN_SAYS + r"\b")
# Capitalised sentence openers that are not part of a name: "And Mr Goodridge said", "With Germany..."
_EN_OPENERS = frozenset(
    "The A An In On At But And However After Before When While If Last This That It He She They We "
    "With As For From So Yet Also Meanwhile Instead Although Since Because Many Some Several Other "
    "Most All Both Each".split()
)
# "said Atletico sporting director Toni Munoz": an organisation and a role before the person
_EN_ROLE_THEN_NAME_RE = re.compile(
    r"^(?:\s+(?!of\b|at\b|in\b|for\b|from\b|and\b)[a-z][\w-]*){1,3},?\s+(?P<name>"
    + _EN_NAME_WORD
    + r"(?:\s+"
    + _EN_NAME_WORD
    + r")+)"
)
# "he said" refers back to the last person quoted, or to one named with a title
_EN_TITLED_RE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Prof|Professor|Lord|Lady|Sir|Dame|President|Senator)\b")


def _english_name(name: str | None) -> str | None:
    words = (name or "").split()
    while words and words[0] in _EN_OPENERS:
        words.pop(0)
    return " ".join(words) or None


def quotes(text: str, lang: str | None = None) -> list[Quote]:
    """Direct quotes with the person each is attributed to (None when the text does not say).

    Attribution follows Indonesian news forms, or English ones for *lang* ``en``.
    """
    english = lang == "en"
    speaker_of = _english_speaker if english else _indonesian_speaker
    found: list[Quote] = []
    last_person: str | None = None
    position = 0
    for m in _QUOTE_RE.finditer(text):
        raw = m.group(1) or m.group(2)
        quoted = raw.strip().rstrip(",").rstrip()  # “…,” kata X: the comma is not said
        before = text[position : m.start()]
        for subject in _SUBJECT_RE.finditer(before):
            name = subject["name"]
            # a person opening a sentence, for a later "jelasnya" / "he said"
            if _EN_TITLED_RE.match(name) if english else not _NOT_A_NAME_RE.match(name):
                last_person = name
        speaker = speaker_of(raw, before, text[m.end() : m.end() + 80], last_person)
        if len(quoted.split()) < 3 and speaker is None:
            continue  # a scare-quoted word or a title, not a statement
        found.append(Quote(quoted, speaker, m.start(), m.end()))
        if speaker:
            last_person = speaker
        position = m.end()
    return found


def _indonesian_speaker(quoted: str, before: str, after: str, last_person: str | None) -> str | None:
    if a := _AFTER_RE.match(after):
        holder = _HOLDER_RE.match(after[a.end() :])
        if holder and re.match(_OFFICES, a["name"]) and holder["name"].split()[0].lower() not in WEEKDAYS:
            return holder["name"]
        return a["name"]
    if b := _BEFORE_RE.search(before[-120:]):
        return b["name"] or b["subject"]  # named just before: "Menurut X, “…,” tegasnya"
    return last_person if _PRONOUN_RE.match(after) else None


def _english_speaker(quoted: str, before: str, after: str, last_person: str | None) -> str | None:
    # a quote that ends its sentence ("…end." Tony Blair said he...) is followed by a new one
    ends_sentence = quoted.rstrip().endswith(".")
    b = _EN_BEFORE_RE.search(before[-120:])
    a = None if ends_sentence else _EN_AFTER_RE.match(after)
    if b and before.rstrip().endswith(":"):  # Mr Brown said: "…"
        return _english_name(b["name"] or b["subject"])
    if a:
        if a["name"] and (role := _EN_ROLE_THEN_NAME_RE.match(after[a.end() :])):
            return _english_name(role["name"])
        return _english_name(a["name"] or a["subject"])
    if b:
        return _english_name(b["name"] or b["subject"])
    return last_person if not ends_sentence and _EN_PRONOUN_RE.match(after) else None


# -- the whole article -----------------------------------------------------------


def parse_article(
    doc_id: str,
    title: str,
    body: str,
    *,
    source: str | None = None,
    date: dt.date | None = None,
    lang: str | None = None,
    latest: dt.date | None = None,
    near: dt.date | None = None,
    url: str | None = None,
    previous: dt.date | None = None,
) -> ParsedArticle:
    """Split an article into its pieces.  Metadata wins over what the text says.

    *latest* bounds a date read from the text (the article's file date, or
    today): a year chosen from a weekday is never after it; *near* is the
    date of the articles around it, when known (see `find_date`).  Without
    a *source*, the outlet is the one *url* names, else the one the dateline
    names (`outlets`).
    """
    line = find_dateline(body)
    if line and line.place and lang not in (None, "id", "ms") and not line.place.isupper():
        # Outside Indonesian news a dateline place is written in capitals (LONDON -, WASHINGTON
        # (Reuters) -); a title-case opening before a dash is a name: "David Blunkett - who has..."
        line = None
    start = line.end if line else 0
    spans = [(a + start, b + start) for a, b in paragraph_spans(body[start:])]
    texts = [" ".join(body[a:b].split()) for a, b in spans]
    date_text = None
    if date is None:
        found = find_date(body, reference=latest or dt.date.today(), near=near, previous=previous)
        if found:
            date, date_text = found.date, found.text
    # A short line only counts as a subheading between paragraphs, never first.
    heads = {i for i, text in enumerate(texts) if i > 0 and is_subheading(text)}
    return ParsedArticle(
        id=doc_id,
        title=title,
        source=source or outlet_from_url(url) or (line.outlet if line else None),
        dateline=line.place if line else None,
        date=date,
        date_text=date_text,
        lang=lang,
        subheadings=[texts[i] for i in sorted(heads)],
        paragraphs=[t for i, t in enumerate(texts) if i not in heads],
        quotes=quotes(body, lang),
        paragraph_spans=[s for i, s in enumerate(spans) if i not in heads],
    )
