"""Turning what the user typed into an engine query, tolerating mistakes.

Syntax (Whoosh's query language with a few plugins):

* plain words: ranked by how many of them an article matches and how well;
  with ``match="all"`` every word is required;
* ``"quoted phrases"``; ``OR``, ``AND``, ``NOT``, ``-word`` and ``+word``;
* ``field:value`` for ``title:``, ``body:``, ``source:``, ``lang:``, ``category:``
  and ``id:`` (Indonesian aliases ``judul:``, ``isi:``, ``sumber:``, ``bahasa:``,
  ``kategori:``); ``date:2019-09``, ``date:[2019-09-01 to 2019-09-30]``.

A query that the parser cannot make sense of is retried as plain words with
the syntax characters removed; only a query with no searchable word at all is
an error.

Languages: words are stemmed by the stemmer of the text's language, so a
query is parsed once for each stemmer the index's languages use
(`parse_for_languages`), and each reading is matched only against the
articles in its languages (`for_languages`): ``elections`` is ``elect`` for
English articles and stays ``elections`` for Indonesian ones.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    MultifieldParser,
    OrGroup,
    PlusMinusPlugin,
    syntax,
)

from .. import analysis
from ..errors import QueryError
from . import ranking
from .ranking import FIELD_BOOSTS, SEARCH_FIELDS, CoordinatedOr
from .schema import NO_STEMMER

FIELD_ALIASES = {
    "title": ["judul"],
    "body": ["isi"],
    "source": ["sumber"],
    "lang": ["bahasa"],
    "category": ["kategori"],
    "dateline": ["tempat"],
    "speaker": ["pembicara"],
}
# Operators with nothing on one side ("gaza AND", "OR banjir") are dropped.
_DANGLING_RE = re.compile(
    r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$"
)
# Words a query excludes: -word, -"a phrase", NOT word.
_NEGATED_RE = re.compile(r"""(?<=\s)(?:-|NOT\s+)(?:"[^"]*"?|\S+)""")
_SYNTAX_RE = re.compile(r"""["'()\[\]{}:^*?~+\-!\\/]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b""")
# Bookkeeping fields are not part of the query language.
_HIDDEN_FIELDS = {"file_key", "file_sig", "content_hash"}


def _parser(schema: object, match: str) -> MultifieldParser:
    group = AndGroup if match == "all" else OrGroup
    parser = MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=group)
    # + and - count as operators only at the start of a word, so that
    # anak-anak and covid-19 stay words.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?:(?<=\s)|^)\+(?=\S)", minusexpr=r"(?:(?<=\s)|^)-(?=\S)"))
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def _parse(parser: MultifieldParser, text: str) -> wq.Query:
    """Parse like ``parser.parse``, with coordination between the query's words.

    Every OR that joins words or groups (not the OR of one word over title,
    body and exact) becomes a `CoordinatedOr` before Whoosh builds the query;
    being its own class also keeps Whoosh from flattening the words' groups
    into one long OR, so that coordination counts words, not fields.
    """
    root = parser.process(text)
    _coordinate(root)
    q = root.query(parser) or wq.NullQuery
    return q.normalize()


def _coordinate(node: syntax.SyntaxNode) -> None:
    if not isinstance(node, syntax.GroupNode):
        return
    _regroup_words(node)
    if type(node) is OrGroup and any(isinstance(child, syntax.GroupNode) for child in node.nodes):
        node.qclass = CoordinatedOr
    for child in node.nodes:
        _coordinate(child)


def _regroup_words(group: syntax.GroupNode) -> None:
    """Put one word's title/body/exact clauses back into a group of their own.

    An explicit ``OR`` makes Whoosh splice a word's field clauses into the
    operator's group (``polisi OR (...)``); coordination must count the word
    once, not once per field.
    """
    width = len(SEARCH_FIELDS)
    nodes = list(group.nodes)
    if len(nodes) <= width:
        return  # already a word's own group (or too small to hold one and more)
    out: list[syntax.SyntaxNode] = []
    i = 0
    while i < len(nodes):
        run = nodes[i : i + width]
        if (
            len(run) == width
            and all(not isinstance(n, syntax.GroupNode) for n in run)
            and [getattr(n, "fieldname", None) for n in run] == list(SEARCH_FIELDS)
        ):
            out.append(OrGroup(run))
            i += width
        else:
            out.append(nodes[i])
            i += 1
    group.nodes = out


def _raise_field_errors(q: wq.Query) -> None:
    """Whoosh turns a field's complaint (``date:2025-13``) into an empty query; say it instead."""
    for leaf in [q] if q.is_leaf() else q.leaves():
        error = getattr(leaf, "error", None)
        if isinstance(error, QueryError):
            raise error


def _has_terms(q: wq.Query) -> bool:
    """Whether *q* has anything to match: a term, a prefix, a range, ``*``."""
    leaves = [q] if q.is_leaf() else list(q.leaves())
    return any(leaf is not wq.NullQuery for leaf in leaves)


# Clauses on these fields say which articles, not what they are about: they are
# required, whatever the default operator, and do not add to the score.
_METADATA_FIELDS = {"source", "lang", "category", "date", "id", "dateline", "speaker", "kind", "article"}


def _is_metadata(q: wq.Query) -> bool:
    leaves = [q] if q.is_leaf() else list(q.leaves())
    return all(getattr(leaf, "fieldname", None) in _METADATA_FIELDS for leaf in leaves)


def _without_metadata(q: wq.Query) -> tuple[wq.Query | None, list[wq.Query]]:
    """Take the label clauses out of the optional positions of *q*.

    Optional positions are the clauses of an OR, both sides of ANDMAYBE and
    the positive side of ANDNOT or REQUIRE, down from the top; a label clause
    inside an explicit AND is already required and stays where it is.
    """
    if _is_metadata(q):
        return None, [q]
    if isinstance(q, wq.Or):
        kept: list[wq.Query] = []
        found: list[wq.Query] = []
        for sub in q.subqueries:
            rest, meta = _without_metadata(sub)
            found += meta
            if rest is not None:
                kept.append(rest)
        if not found:
            return q, []
        if not kept:
            return None, found
        if len(kept) == 1:
            return kept[0], found
        smaller = copy.copy(q)
        smaller.subqueries = kept
        return smaller, found
    if isinstance(q, (wq.AndMaybe, wq.AndNot, wq.Require)):
        a, found = _without_metadata(q.a)
        b, more = _without_metadata(q.b) if isinstance(q, wq.AndMaybe) else (q.b, [])
        found += more
        if not found:
            return q, []
        if a is None:
            return (b if isinstance(q, wq.AndMaybe) else None), found
        if b is None:
            return a, found
        return _binary(q, a, b), found
    return q, []


def _binary(template: wq.Query, a: wq.Query, b: wq.Query) -> wq.Query:
    """A copy of a binary query (ANDNOT, ANDMAYBE, REQUIRE) with new sides."""
    q = copy.copy(template)
    q.a, q.b = a, b
    q.subqueries = (a, b)
    return q


def _require_metadata(q: wq.Query) -> wq.Query:
    """Turn ``inflasi source:kemenkeu`` into inflasi *within* kemenkeu's articles.

    Label and date clauses say which articles, not what they are about, so
    they are required wherever the default OR put them, and do not score.
    """
    rest, meta = _without_metadata(q)
    if not meta:
        return q
    required = meta[0] if len(meta) == 1 else wq.And(meta)
    return required if rest is None else wq.Require(rest, required)


_EMPTY_FIELD_RE = re.compile(r"(?<![\w:])(\w+):(?=\s|$)")


def _check_empty_fields(text: str, schema: object) -> None:
    known = set(schema.names()) | {a for aliases in FIELD_ALIASES.values() for a in aliases}  # type: ignore[attr-defined]
    for m in _EMPTY_FIELD_RE.finditer(text):
        if m.group(1) in known:
            raise QueryError(f"'{m.group(0)}' needs a word or a \"phrase\" after it, as in {m.group(1)}:gaza")


def parse_query(text: str, schema: object, match: str = "any") -> wq.Query:
    """Parse *text*; raise `QueryError` when nothing in it can be searched."""
    if match not in ("any", "all"):
        raise QueryError(f"match must be 'any' or 'all', not {match!r}")
    parser = _parser(schema, match)
    text_to_parse = _DANGLING_RE.sub(" ", f" {text} ").strip()
    text_to_parse = _unknown_fields_as_words(text_to_parse, schema)
    _check_empty_fields(text_to_parse, schema)
    if _NEGATED_RE.search(f" {text_to_parse}") and not _NEGATED_RE.sub(" ", f" {text_to_parse} ").strip():
        raise QueryError(f"query {text!r} only excludes words; add a word to search for")
    try:
        q = _parse(parser, text_to_parse)
        _raise_field_errors(q)
        q = _require_metadata(_hoist_negations(_every_document(_lowercase_patterns(q))))
        if _uses_hidden_field(q):
            q = None
    except QueryError:
        raise  # a precise complaint, such as an impossible date
    except Exception:
        q = None
    if q is None or not _has_terms(q):
        plain = " ".join(_SYNTAX_RE.sub(" ", text).split())
        try:
            q = _parse(parser, plain) if plain else None
        except Exception:
            q = None
    if q is None or not _has_terms(q):
        raise QueryError(f'query {text!r} has no searchable words; try plain words or a "quoted phrase"')
    return q


_CAPITALS_RE = re.compile(r"\b[A-Z]{2,}\b")
_FIELD_PREFIX_RE = re.compile(r"(?<![\w:])(\w+):")


def _lowercase_patterns(q: wq.Query) -> wq.Query:
    """``Elect*`` as ``elect*``: Whoosh passes prefixes and wildcards to the index unanalysed."""
    for leaf in [q] if q.is_leaf() else q.leaves():
        if isinstance(leaf, (wq.Prefix, wq.Wildcard)) and leaf.fieldname not in _METADATA_FIELDS:
            leaf.text = analysis.fold_word(leaf.text)
    return q


def _every_document(q: wq.Query) -> wq.Query:
    """``*`` as one query for every document.

    The parser makes ``*`` an ``Every`` per text field, which walks every
    term of the field (18 s on id-news); without a field, ``Every`` lists the
    documents directly.
    """
    if isinstance(q, wq.Every) or (
        isinstance(q, wq.Or) and q.subqueries and all(isinstance(s, wq.Every) for s in q.subqueries)
    ):
        return wq.Every()
    if isinstance(q, wq.compound.BinaryQuery):
        q = copy.copy(q)
        q.a, q.b = _every_document(q.a), _every_document(q.b)
    elif isinstance(q, wq.compound.CompoundQuery):
        q = copy.copy(q)
        q.subqueries = [_every_document(s) for s in q.subqueries]
    return q


def _unknown_fields_as_words(text: str, schema: object) -> str:
    """``foo:bar`` with no field foo is read as the two words ``foo bar``."""
    known = set(schema.names()) | {a for aliases in FIELD_ALIASES.values() for a in aliases}  # type: ignore[attr-defined]
    return _FIELD_PREFIX_RE.sub(lambda m: m.group(0) if m.group(1) in known else m.group(1) + " ", text)


def _uses_hidden_field(q: wq.Query) -> bool:
    return any(fieldname in _HIDDEN_FIELDS for fieldname, _ in _terms(q))


def _terms(q: wq.Query) -> list[tuple[str, object]]:
    try:
        return list(q.iter_all_terms())
    except Exception:
        return []


def _hoist_negations(q: wq.Query) -> wq.Query:
    """Turn ``a OR b OR NOT c`` into ``(a OR b) ANDNOT c``, group by group.

    With OR as the default operator, Whoosh would otherwise read ``gaza NOT
    israel`` as "gaza, or anything without israel", which matches nearly
    every article; users mean "gaza but not israel".  The same holds for the
    optional side of ``+polisi NOT jakarta`` (ANDMAYBE).
    """
    if isinstance(q, wq.AndMaybe):
        a, b = _hoist_negations(q.a), _hoist_negations(q.b)
        if isinstance(b, wq.Not):
            return wq.AndNot(a, b.query)
        if isinstance(b, wq.AndNot):  # the optional side excludes something: exclude it from all
            return wq.AndNot(_binary(q, a, b.a), b.b)
        return _binary(q, a, b)
    if isinstance(q, wq.compound.BinaryQuery):
        return _binary(q, _hoist_negations(q.a), _hoist_negations(q.b))
    if isinstance(q, wq.compound.CompoundQuery):
        q = copy.copy(q)
        q.subqueries = [_hoist_negations(s) for s in q.subqueries]
        if isinstance(q, wq.Or):
            negated = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
            if negated:
                positives = [s for s in q.subqueries if not isinstance(s, wq.Not)]
                excluded = negated[0] if len(negated) == 1 else wq.Or(negated)
                if not positives:
                    return wq.Not(excluded)
                q.subqueries = positives
                return wq.AndNot(positives[0] if len(positives) == 1 else q, excluded)
    return q


@dataclass(frozen=True, slots=True)
class LanguageQuery:
    """A query as read for some languages: it matches articles in those languages.

    *stemmers* are the values of the ``stemmer`` field of those articles.
    """

    languages: frozenset[str]
    stemmers: frozenset[str]
    query: wq.Query


def parse_for_languages(
    text: str, schema: object, languages: Iterable[str], match: str = "any", stopwords: bool = True
) -> list[LanguageQuery]:
    """*text* parsed for each stemmer that *languages* use; languages that read it alike share one query."""
    by_stemmer: dict[str, list[str]] = {}
    for lang in sorted(set(languages)) or ["id"]:
        by_stemmer.setdefault(analysis.stemmer_for(lang), []).append(lang)
    readings: list[LanguageQuery] = []
    # words typed in capitals are acronyms (WHO, IT, US), not stopwords
    capitals = {w.lower() for w in _CAPITALS_RE.findall(text)}
    for stemmer, langs in by_stemmer.items():
        with analysis.analysing_as(langs[0]):
            q = parse_query(text, schema, match=match)
            if stemmer == "sastrawi" and ranking.ABBREVIATIONS:
                q = with_abbreviations(q, _parser(schema, "any"), capitals)
        if stopwords:
            q = without_stopwords(q, analysis.stopwords(langs[0]) - capitals)
        stemmers = frozenset({stemmer or NO_STEMMER})
        for n, reading in enumerate(readings):
            if reading.query == q:  # e.g. a name, which no stemmer changes
                readings[n] = LanguageQuery(reading.languages | set(langs), reading.stemmers | stemmers, q)
                break
        else:
            readings.append(LanguageQuery(frozenset(langs), stemmers, q))
    return readings


def for_languages(readings: list[LanguageQuery], sizes: dict[str, int] | None = None) -> wq.Query:
    """One query: each reading over the articles in its languages.

    An article is matched and scored by the reading of its own language
    only, so that an English article is not scored a second time for the
    exact words of the Indonesian reading.  The reading with the most
    articles (by *sizes*, articles per stemmer) is restricted by excluding
    the others' articles, which are few, rather than by requiring its own,
    which are many: Whoosh then skips a handful of documents instead of
    checking a long list at every match.
    """
    if len(readings) == 1:
        return readings[0].query

    def articles(reading: LanguageQuery) -> int:
        return sum((sizes or {}).get(s, 0) for s in reading.stemmers)

    def stemmer_terms(stemmers: Iterable[str]) -> wq.Query:
        terms = [wq.Term("stemmer", s) for s in sorted(stemmers)]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    largest = max(readings, key=articles)
    others = {s for r in readings if r is not largest for s in r.stemmers}
    clauses: list[wq.Query] = [wq.AndNot(largest.query, stemmer_terms(others))]
    clauses += [wq.Require(r.query, stemmer_terms(r.stemmers)) for r in readings if r is not largest]
    return wq.Or(clauses)


def _word_of(q: wq.Query) -> str | None:
    """The word a one-word clause stands for (its exact-form term), or None for anything else."""
    if isinstance(q, wq.Or) and not isinstance(q, CoordinatedOr):
        for sub in q.subqueries:
            if isinstance(sub, wq.Term) and sub.fieldname == "exact":
                return str(sub.text)
    return None


def with_abbreviations(q: wq.Query, parser: MultifieldParser, capitals: Iterable[str] = ()) -> wq.Query:
    """*q* where an abbreviation also matches its full form, and a full form its abbreviation.

    ``OTT bupati`` finds "operasi tangkap tangan" too, and ``operasi
    tangkap tangan bupati`` finds "OTT" (see `warta.abbreviations`).  The
    words of a keyword query (one word, words joined by OR as by default, or
    all required as with ``--match all``) are widened; queries with
    operators, phrases or fields are left as typed.
    An abbreviation and its full form count as one word for coordination, and
    weigh about as much as each other: the full form's phrase is scaled down
    by its length, an abbreviation standing for typed words scaled up.
    *capitals* are the words typed in capitals (`CAPITALS_ONLY` needs them).
    """
    from ..abbreviations import ABBREVIATIONS, CAPITALS_ONLY, SPELLED_OUT, WRITTEN_SHORT

    typed_in_capitals = set(capitals)

    def expandable(word: str | None) -> bool:
        if word not in ABBREVIATIONS or word in WRITTEN_SHORT:
            return False
        return word not in CAPITALS_ONLY or word in typed_in_capitals

    def full_form(word: str) -> wq.Query:
        expansion = ABBREVIATIONS[word]
        return _parse(parser, f'"{expansion}"').with_boost(1 / len(expansion.split()))

    word = _word_of(q)
    if expandable(word):
        return wq.Or([q, full_form(str(word))])
    if not isinstance(q, (CoordinatedOr, wq.And)):
        return q
    every = isinstance(q, wq.And)  # --match all: each word (or its abbreviation) required
    subs = list(q.subqueries)
    words = [_word_of(sub) for sub in subs]
    out: list[wq.Query] = []
    i = 0
    while i < len(subs):
        for n in range(len(subs) - i, 1, -1):  # the longest full form typed out from here
            phrase = " ".join(w or "\0" for w in words[i : i + n])
            if phrase in SPELLED_OUT:
                short = _parse(parser, SPELLED_OUT[phrase]).with_boost(float(n))
                spelled = wq.And(subs[i : i + n]) if every else CoordinatedOr(subs[i : i + n])
                out.append(wq.Or([spelled, short]))
                i += n
                break
        else:
            if expandable(words[i]):
                out.append(wq.Or([subs[i], full_form(str(words[i]))]))
            else:
                out.append(subs[i])
            i += 1
    if out == subs:
        return q
    return wq.And(out, boost=q.boost) if every else CoordinatedOr(out, boost=q.boost)


def without_stopwords(q: wq.Query, stopwords: frozenset[str]) -> wq.Query:
    """*q* without its optional stopword clauses (``the``, ``of``), unless they are all it has.

    Only words an article may lack go: a required word (``--match all``,
    ``AND``, ``+word``) stays, as does a stopword inside a phrase; and the
    index keeps every word, so ``"state of the union"`` matches as written.
    """
    if not stopwords:
        return q
    if isinstance(q, wq.Or) and _word_of(q) is None:
        subs = [without_stopwords(sub, stopwords) for sub in q.subqueries]
        kept = [sub for sub in subs if _word_of(sub) not in stopwords]
        q = copy.copy(q)
        q.subqueries = kept or subs
        return q
    if isinstance(q, wq.And):
        q = copy.copy(q)
        q.subqueries = [without_stopwords(sub, stopwords) for sub in q.subqueries]
        return q
    if isinstance(q, (wq.AndMaybe, wq.AndNot, wq.Require)):
        b = without_stopwords(q.b, stopwords) if isinstance(q, wq.AndMaybe) else q.b
        return _binary(q, without_stopwords(q.a, stopwords), b)
    return q
