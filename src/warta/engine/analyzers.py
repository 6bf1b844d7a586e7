"""Whoosh analyzers over warta's analysis, for compiling queries and highlighting.

At ingest, posting lists are built straight from `warta.analysis` (see
`schema.document`); these wrappers give Whoosh the very same terms
when it parses a query or re-tokenises a stored text to highlight it.  They
hold no state: Whoosh pickles analyzers into the index on every commit.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer

from ..analysis.words import fold_word, iter_tokens, query_language


class WartaTokenizer(Tokenizer):
    """Whoosh tokenizer emitting stems (or exact forms with ``exact=True``)."""

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WartaTokenizer) and other.exact == self.exact

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        # the language is the one the query is being analysed for (`analysis.words.analysing_as`)
        for pos, start, end, exact, stem in iter_tokens(value, query_language()):
            token.text = exact if self.exact else stem
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class _LowercaseWords(Filter):
    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold_word(t.text)
            yield t


def stem_analyzer() -> WartaTokenizer:
    """Analyzer for the stemmed text fields (title, body)."""
    return WartaTokenizer(exact=False)


def exact_analyzer() -> WartaTokenizer:
    """Analyzer for the unstemmed field that rewards exact word matches."""
    return WartaTokenizer(exact=True)


class _LanguageCodes(Filter):
    """``id-ID``, ``Indonesian``, ``ind`` -> ``id``, as ingest stores them (`language.normalise_language`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        from ..analysis.language import normalise_language

        for t in tokens:
            t.text = normalise_language(t.text) or t.text.strip().lower()
            yield t


def label_analyzer() -> object:
    """Analyzer for the language field: the whole value as a code, so ``lang:id-ID`` is ``lang:id``."""
    from whoosh.analysis import IDTokenizer

    return IDTokenizer() | _LanguageCodes()


def keyword_analyzer() -> object:
    """Analyzer for short labels (source names, languages): words, folded, no stemming."""
    return RegexTokenizer(r"[^\W_]+") | _LowercaseWords()
