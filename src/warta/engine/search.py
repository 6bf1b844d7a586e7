"""Running a query on the engine: filters, scoring, totals, collapsing and highlighting.

Takes a query as `warta.query` understood it, compiles it (`compile`) and
returns plain `EngineHit` records (stored fields, score, marked snippet), so
that `warta.searcher` builds its typed results without knowing Whoosh.

Three units can be searched: articles (the default), paragraphs and quotes
(``passage``, ``quote``, scored from the articles' postings by `passages`).
An article hit's snippet comes from its best-matching paragraph.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import highlight
from whoosh import query as wq

from ..analysis import near_duplicates
from ..analysis.language import normalise_language
from ..analysis.words import analysing_as, fold_label, group_labels, mark_matches
from ..model import EngineHit, Filters
from ..query import Understood
from . import passages
from .array_scoring import ArrayScorer
from .compile import LanguageQuery, compile_query, leaves
from .index import WartaIndex
from .vocabulary import Vocabulary, with_index_fuzzy

if TYPE_CHECKING:
    import numpy as np

SNIPPET_CHARS = 240
# A paragraph or quote up to this long is shown whole, rather than cut to fragments.
PASSAGE_CHARS = 400
# Results looked at for near duplicates: at least this many, and at least
# three times the page, so that a page is full after folding.
COLLAPSE_WINDOW = 50
# Words a pattern or fuzzy word stands for that snippets mark, at most (``b*`` stands for thousands).
HIGHLIGHTED_EXPANSIONS = 500


class _MarkFormatter(highlight.Formatter):
    """Wraps matched words in <mark>...</mark>; leaves other text as it is."""

    between = " … "

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return "<mark>" + highlight.get_text(text, token, replace) + "</mark>"


def _label_clause(fieldname: str, value: str) -> wq.Query:
    words = fold_label(value).split()  # one at least (`requests.check_filters`)
    return wq.Phrase(fieldname, words) if len(words) > 1 else wq.Term(fieldname, words[0])


def filter_query(filters: Filters) -> wq.Query | None:
    """The restriction *filters* (as `requests.check_filters` passed them) put on a query, or None."""
    parts: list[wq.Query] = []
    if filters.source:
        parts.append(_label_clause("source", filters.source))
    if filters.dateline:
        parts.append(_label_clause("dateline", filters.dateline))
    if filters.speaker:
        parts.append(_label_clause("speaker", filters.speaker))
    if filters.category:
        parts.append(_label_clause("category", filters.category))
    if filters.lang:
        # stated as ingest stores it: --lang id-ID, --lang Indonesian -> id
        parts.append(wq.Term("lang", normalise_language(filters.lang) or filters.lang.strip().lower()))
    if filters.since or filters.until:
        start = dt.datetime.combine(filters.since, dt.time.min) if filters.since else None
        end = dt.datetime.combine(filters.until, dt.time.max) if filters.until else None
        parts.append(wq.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _facet_counts(groups: dict[Any, int]) -> dict[str, int]:
    """Facet values, most frequent first, grouped whatever their case (`words.group_labels`).

    Articles without a value count under "(none)".
    """
    counts: list[tuple[str, int]] = []
    for value, count in groups.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        counts.append((str(value) if value not in (None, "") else "(none)", count))
    return group_labels(counts)


class EngineSearcher:
    """A Whoosh searcher over every shard of a logical index."""

    # whether the word list for typo correction is kept beside the index's manifest (`Vocabulary`)
    keeps_words = True

    def __init__(self, index: WartaIndex, searcher: Any = None) -> None:
        self._index = index
        self._searcher = searcher if searcher is not None else index.searcher()
        self._columns: dict[str, Any] = {}
        self._array_scorer: ArrayScorer | None = None
        self._counts: dict[str, dict[str, int]] = {}  # `_term_counts`, read once per searcher
        self._vocabulary: Vocabulary | None = None
        self._highlighter = highlight.Highlighter(
            fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70),
            formatter=_MarkFormatter(),
        )

    def close(self) -> None:
        self._searcher.close()

    @property
    def field_names(self) -> frozenset[str]:
        """The fields a query may name."""
        return frozenset(self._searcher.schema.names())

    def vocabulary(self) -> Vocabulary:
        """The index's words, for correcting typos (read on first use, kept with the searcher)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(
                self._searcher,
                self._index.root if self.keeps_words else None,
                self._term_counts("stemmer"),
                matches=lambda q: self._scorer().matches(q)[0],
            )
        return self._vocabulary

    def articles(self) -> int:
        """How many articles the index holds."""
        return int(self._searcher.doc_count())

    def languages(self) -> dict[str, int]:
        """Each language of the index's articles, with how many articles are in it."""
        return self._term_counts("lang")

    def compile(self, understood: Understood) -> tuple[list[LanguageQuery], wq.Query]:
        """*understood* as a Whoosh query per reading, and as one query over them all."""
        readings, q = compile_query(understood, self._searcher.schema, self._term_counts("stemmer"))
        if any(isinstance(leaf, wq.FuzzyTerm) for leaf in leaves(q)):
            vocabulary = self.vocabulary()
            q = with_index_fuzzy(q, vocabulary)
            readings = [dataclasses.replace(r, query=with_index_fuzzy(r.query, vocabulary)) for r in readings]
        return [self._with_expansions(r) for r in readings], q

    def _with_expansions(self, reading: LanguageQuery) -> LanguageQuery:
        """*reading*, its snippets also marking the words its patterns and fuzzy words stand for here."""
        q = reading.query
        patterns = [
            leaf for leaf in leaves(q) if isinstance(leaf, wq.MultiTerm) and leaf.field() in ("body", "exact")
        ]
        if not patterns:
            return reading
        found: set[str] = set()
        with self._index.reading():
            reader = self._searcher.reader()  # the whole index's terms, in order (a cluster's summed)
            for leaf in patterns:
                for term in itertools.islice(leaf._btexts(reader), HIGHLIGHTED_EXPANSIONS):
                    found.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
        return dataclasses.replace(reading, highlighted=reading.highlighted | found)

    def search(
        self,
        understood: Understood,
        *,
        filters: Filters,
        limit: int,
        offset: int = 0,
        facets: tuple[str, ...] = (),
        unit: str = "article",
        collapse: bool = True,
        snippets: bool = True,
    ) -> tuple[int, list[EngineHit], dict[str, dict[str, int]]]:
        """The total number of matches, hits ``offset`` to ``offset + limit``, and facet counts.

        The arguments are those of a `model.SearchRequest`, checked there.
        Facet counts cover every match, not only the page shown.  With
        *collapse*, near duplicates of a better-ranked hit are folded into it
        (`EngineHit.similar`) and paging counts the folded list.  Without
        *snippets*, hits have none (what TSV and TREC output show): no paragraph
        is scored for one and no text is marked.
        """
        readings, q = self.compile(understood)
        restriction = filter_query(filters)
        if restriction is not None:
            # Require (matches of q also in the restriction, scored by q alone)
            # rather than Whoosh's filter= argument: with filter=, a search whose
            # filter removes every hit reports the unfiltered total.
            q = wq.Require(q, restriction)
        if not self._searcher.doc_count_all():  # an empty index has no columns to read
            return 0, [], {name: {} for name in facets}
        with self._index.reading():
            if unit == "article":
                return self._articles(q, readings, facets, offset, limit, collapse, snippets)
            total, page = self._pieces(q, readings, unit, filters.speaker, offset, limit, collapse, snippets)
            return total, page, {}

    def _run(
        self,
        q: wq.Query,
        limit: int,
        columns: tuple[str, ...] = (),
        facets: tuple[str, ...] = (),
        every: bool = True,
    ) -> tuple[int, list[tuple[float, int]], np.ndarray]:
        """The number of matches of *q*, the best *limit* as ``(score, docnum)``, and every match's docnum.

        *columns* will be read for the best and *facets* counted over the matches
        (a cluster's shards send them with their scores; here they are read when asked);
        without *every*, the caller does not read the docnums of every match (a cluster
        leaves them out).

        Every match is scored, by whole posting lists at a time
        (`array_scoring`), which also gives the exact total.  Whoosh's own
        collector walks its matchers one document at a time: on id-news that
        was 90 % of a query's time (``docs/benchmarks.md``).
        """
        return self._scorer().top_n(q, limit)

    def _scorer(self) -> ArrayScorer:
        if self._array_scorer is None:
            self._array_scorer = ArrayScorer(self._searcher)
        return self._array_scorer

    def _body_positions(self, word: str, docnums: list[int]) -> dict[int, list[int]]:
        if not docnums or ("body", word) not in self._searcher.reader():
            return {}
        return self._scorer().positions("body", word, docnums)

    def _facet(self, name: str, docnums: np.ndarray) -> dict[str, int]:
        """How many of *docnums* have each value of a facet (``--facets``)."""
        return _facet_counts(Counter(self._scorer().column_values(f"facet_{name}", docnums)))

    def begin(self) -> None:
        """A new request begins (a cluster asks every shard again, and opens again those it lost)."""

    def answered(self) -> dict[str, object] | None:
        """Which shards answered the last search, on a cluster (`cluster.search`); None here."""
        return None

    def _will_read(self, name: str, docnums: Iterable[int]) -> None:
        """A column's values of *docnums* are about to be read one by one (a cluster fetches them at once)."""

    def _will_show(self, docnums: Iterable[int]) -> None:
        """The stored fields of *docnums* are about to be read (a cluster fetches them at once)."""

    def _will_position(self, words: set[str], docnums: list[int]) -> None:
        """The body positions of *words* in *docnums* are about to be read (a cluster fetches them)."""

    def _term_counts(self, fieldname: str) -> dict[str, int]:
        """Each term of a label field (``lang``, ``stemmer``) with the number of articles that have it."""
        counts = self._counts.get(fieldname)
        if counts is None:
            with self._index.reading():
                reader = self._searcher.reader()
                found = reader.lexicon(fieldname) if fieldname in reader.indexed_field_names() else []
                counts = self._counts[fieldname] = {
                    (t.decode("utf-8") if isinstance(t, bytes) else str(t)): reader.doc_frequency(
                        fieldname, t
                    )
                    for t in found
                }
        return counts

    def _lang(self, docnum: int) -> str:
        value = self._column("facet_lang")[docnum]
        return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")

    @staticmethod
    def _reading(readings: list[LanguageQuery], lang: str) -> LanguageQuery:
        """The reading of the query that matches articles in *lang*."""
        return next((r for r in readings if lang in r.languages), readings[0])

    def _score_pieces(
        self,
        readings: list[LanguageQuery],
        articles: list[int],
        pieces_of: Callable[[int], passages.ArticlePieces],
        words_only: bool = False,
    ) -> list[passages.ScoredPiece]:
        """`passages.score_pieces` over articles in several languages, each with its reading of the query."""
        reader = self._searcher.reader()
        groups: dict[int, list[int]] = {}
        if len(readings) == 1:
            groups[0] = list(articles)
        else:
            self._will_read("facet_lang", articles)
            for docnum in articles:
                reading = readings.index(self._reading(readings, self._lang(docnum)))
                groups.setdefault(reading, []).append(docnum)
        rank = {docnum: i for i, docnum in enumerate(articles)}
        average = None
        if len(groups) > 1:  # one length normalisation for all, so that scores compare across languages
            average = passages.average_length(pieces_of(docnum) for docnum in articles) or 1.0
        scored: list[passages.ScoredPiece] = []
        for n, docnums in groups.items():
            query = passages.piece_query(readings[n].query, reader, self._searcher)
            if words_only and not query.clauses:
                continue
            self._will_position(query.searched_words(), docnums)
            for found in passages.score_pieces(self._body_positions, docnums, pieces_of, query, average):
                found.article_rank = rank[found.docnum]
                scored.append(found)
        if len(groups) > 1:
            scored.sort(key=lambda s: (-s.score, s.article_rank, s.piece.kind, s.piece.number))
        return scored

    # -- articles ---------------------------------------------------------------

    def _articles(
        self,
        q: wq.Query,
        readings: list[LanguageQuery],
        facets: tuple[str, ...],
        offset: int,
        limit: int,
        collapse: bool,
        snippets: bool = True,
    ) -> tuple[int, list[EngineHit], dict[str, dict[str, int]]]:
        wanted = offset + limit
        fetch = max(wanted * 3, COLLAPSE_WINDOW) if collapse else wanted
        wanted_columns = ("signature",) if collapse else ()
        total, top, matched = self._run(q, max(fetch, 1), wanted_columns, facets, every=bool(facets))
        counts = {name: self._facet(name, matched) for name in facets}
        ranked = [(docnum, score) for score, docnum in top]
        if collapse:
            signatures = self._column("signature")
            self._will_read("signature", (d for d, _ in ranked))
            groups = near_duplicates.collapse([signatures[d] for d, _ in ranked], shown=wanted)
            if len(groups) < wanted and fetch < total:  # many duplicates: look at every match
                ranked = [(d, s) for s, d in self._run(q, total, ("signature",), every=False)[1]]
                self._will_read("signature", (d for d, _ in ranked))
                groups = near_duplicates.collapse([signatures[d] for d, _ in ranked], shown=wanted)
        else:
            groups = [near_duplicates.Group(i) for i in range(len(ranked))]
        page = []
        shown = [ranked[group.first][0] for group in groups[offset:wanted]]
        self._will_show(ranked[i][0] for g in groups[offset:wanted] for i in (g.first, *g.similar))
        if snippets:
            self._will_read("facet_lang", shown)
        best = self._best_paragraphs(shown, readings) if snippets else {}
        for group in groups[offset:wanted]:
            docnum, score = ranked[group.first]
            hit = EngineHit(stored=self._searcher.stored_fields(docnum), score=score, snippet="")
            hit.similar = [str(self._searcher.stored_fields(ranked[i][0])["id"]) for i in group.similar]
            if snippets:
                body = str(hit.stored.get("body") or "")
                start, end = best.get(docnum, (0, len(body)))
                lang = self._lang(docnum)
                hit.snippet = self._highlight(body[start:end], self._reading(readings, lang), lang)
            page.append(hit)
        return total, page, counts

    def _best_paragraphs(
        self, docnums: list[int], readings: list[LanguageQuery]
    ) -> dict[int, tuple[int, int]]:
        """Where the best-matching paragraph of each article lies (for its snippet).

        Scored as ``--unit passage`` scores paragraphs, from the body's
        postings, for all the page's articles at once.
        """
        column = self._column("pieces")

        def paragraphs(docnum: int) -> passages.ArticlePieces:
            return passages.ArticlePieces(column[docnum], passages.PARAGRAPH)

        self._will_read("pieces", docnums)
        best: dict[int, tuple[int, int]] = {}
        # a query without body words has no best paragraph: the snippet is the body's start
        for found in self._score_pieces(readings, docnums, paragraphs, words_only=True):
            if found.docnum not in best:  # best first
                best[found.docnum] = (found.piece.start_char, found.piece.end_char)
        return best

    def _column(self, name: str) -> Any:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = self._searcher.reader().column_reader(name, translate=False)
        return column

    # -- paragraphs and quotes ------------------------------------------------------

    def _pieces(
        self,
        q: wq.Query,
        readings: list[LanguageQuery],
        unit: str,
        speaker: str | None,
        offset: int,
        limit: int,
        collapse: bool,
        snippets: bool = True,
    ) -> tuple[int, list[EngineHit]]:
        """Paragraphs or quotes of the best-matching articles, scored on their own (see `passages`)."""
        articles = [docnum for _score, docnum in self._run(q, passages.CANDIDATE_ARTICLES, every=False)[1]]
        column = self._column("pieces")
        self._will_read("pieces", articles)
        kind = passages.PARAGRAPH if unit == "passage" else passages.QUOTE
        # speaker: clauses read the same in every language
        query = passages.piece_query(readings[0].query, self._searcher.reader(), self._searcher)
        wanted_speakers = query.speakers + ([fold_label(speaker).split()] if speaker else [])

        def pieces_of(docnum: int) -> passages.ArticlePieces:
            raw = column[docnum]
            if not wanted_speakers:
                return passages.ArticlePieces(raw, kind)
            found = passages.decode_pieces(raw, kind)
            rows = [i for i, p in enumerate(found) if passages.speaker_matches(p, wanted_speakers)]
            return passages.ArticlePieces(raw, kind, np.asarray(rows, dtype=np.int64))

        scored = self._score_pieces(readings, articles, pieces_of)
        stored: dict[int, dict[str, Any]] = {}

        def article(docnum: int) -> dict[str, Any]:
            if docnum not in stored:
                stored[docnum] = self._searcher.stored_fields(docnum)
            return stored[docnum]

        def text_of(found: passages.ScoredPiece) -> str:
            piece = found.piece
            body = str(article(found.docnum).get("body") or "")
            text = " ".join(body[piece.start_char : piece.end_char].split())
            return text.strip('“”"').strip(" ,") if piece.kind == passages.QUOTE else text

        wanted = offset + limit
        if collapse:
            window = scored[: max(wanted * 3, COLLAPSE_WINDOW)]
            self._will_show(s.docnum for s in window)
            groups = near_duplicates.collapse_identical(
                [near_duplicates.fingerprint(text_of(s)) for s in window]
            )
            if len(groups) < wanted and len(window) < len(scored):
                self._will_show(s.docnum for s in scored)
                groups = near_duplicates.collapse_identical(
                    [near_duplicates.fingerprint(text_of(s)) for s in scored]
                )
        else:
            groups = [near_duplicates.Group(i) for i in range(len(scored))]
        shown = [scored[i].docnum for group in groups[offset:wanted] for i in (group.first, *group.similar)]
        self._will_show(shown)
        if snippets:
            self._will_read("facet_lang", shown)
        page = []
        for group in groups[offset:wanted]:
            found = scored[group.first]
            hit = EngineHit(
                stored=article(found.docnum),
                score=found.score,
                snippet="",
                unit=unit,
                passage=found.piece.label,
                speaker=found.piece.speaker,
                text=text_of(found),
            )
            hit.similar = [
                f"{article(scored[i].docnum)['id']}#{scored[i].piece.label}" for i in group.similar
            ]
            if snippets:
                lang = self._lang(found.docnum)
                hit.snippet = self._highlight(hit.text or "", self._reading(readings, lang), lang)
            page.append(hit)
        return len(scored), page

    def _highlight(self, text: str, reading: LanguageQuery, lang: str) -> str:
        if not text:
            return ""
        tokens = _matched_tokens(text, reading.highlighted, lang)
        if not tokens:
            return ""
        if len(text) <= PASSAGE_CHARS:
            fragments = [highlight.mkfrag(text, [t for t in tokens if t.matched], 0, len(text))]
        else:
            # Whoosh's fragmenter can yield a fragment without matches (when its
            # countdown lands on exactly 0); those are dropped.
            fragments = [
                f for f in self._highlighter.fragmenter.fragment_tokens(text, iter(tokens)) if f.matches
            ]
        scorer = self._highlighter.scorer
        best = sorted(fragments, key=lambda f: -scorer(f))[:2]  # stable: earlier first among equals
        top = sorted(best, key=lambda f: f.startchar)
        return self._highlighter.formatter(text, top) if top else ""

    # -- related ------------------------------------------------------------------

    def related(self, doc_id: str, limit: int, key_terms: int = 15) -> tuple[int, list[EngineHit]] | None:
        """Articles about the same story as *doc_id* ("more like this"), or None for an unknown id.

        The article's most distinctive body stems (Bo1 weighting over the
        collection, Whoosh's `key_terms_from_text`) are searched for as a
        weighted OR; the article itself is left out.
        """
        with self._index.reading():
            docnum = self._searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            stored = self._searcher.stored_fields(docnum)
            text = f"{stored.get('title') or ''}\n{stored.get('body') or ''}"
            with analysing_as(stored.get("lang")):  # its words as they were indexed
                terms = self._searcher.key_terms_from_text("body", text, numterms=key_terms, normalize=False)
            if not terms:
                return 0, []
            # as Whoosh's more_like: the terms' OR, each boosted by its weight; scored here by arrays
            q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in terms])
            total, best, matched = self._run(q, max(limit, 1) + 1)
            found = [(score, d) for score, d in best if d != docnum][:limit]
            self._will_show(d for _score, d in found)
            hits = [EngineHit(stored=self._searcher.stored_fields(d), score=s, snippet="") for s, d in found]
            return total - int(bool(np.isin(docnum, matched))), hits


class _Word:
    """A word of a snippet's text for Whoosh's fragmenter: a light stand-in for Whoosh's `Token`.

    The fragmenter reads only offsets, whether the word matched, the matched
    stem (its ``text``) and ``boost``; Whoosh's own token takes arbitrary
    keyword arguments and costs several times more to make, for every word of
    ten paragraphs per page.
    """

    __slots__ = ("boost", "endchar", "matched", "pos", "startchar", "text")

    def __init__(self, pos: int, startchar: int, endchar: int, text: str) -> None:
        self.pos = pos
        self.startchar = startchar
        self.endchar = endchar
        self.text = text  # the matched stem: Whoosh favours fragments with more distinct ones
        self.matched = bool(text)
        self.boost = 1.0

    def copy(self) -> _Word:
        return _Word(self.pos, self.startchar, self.endchar, self.text)


def _matched_tokens(text: str, terms: frozenset[str], lang: str) -> list[_Word]:
    """Every word of *text*, with character offsets; those whose stem or exact form is a query term matched.

    The same analysis as indexing (`words.mark_matches`), so ``perundingan``
    lights up for a query on ``berunding``.
    """
    words = [
        _Word(pos, start, end, stem) for pos, (start, end, stem) in enumerate(mark_matches(text, terms, lang))
    ]
    return words if any(w.matched for w in words) else []
