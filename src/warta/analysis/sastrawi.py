"""Indonesian stems: Sastrawi, with warta's corrections, made fast.

PySastrawi is the stemmer the design fixes for Indonesian (and Malay, which
shares its affixes).  Three things are added here, none of which changes a
stem that Sastrawi gives (checked on every distinct word of id-news by
``benchmarks/check_stem_shortcut.py``, and by the tests against Sastrawi run
in a process of its own):

* a word with none of Sastrawi's affixes is returned as it is, without
  running its ~40 rules (`_MAY_HAVE_AFFIX_RE`);
* its regular expressions are compiled once (`_CompiledPatterns`);
* prefix rules a word cannot take are skipped (`_install_prefix_gates`).

Where Sastrawi's stem is wrong for news search, warta's own (`stem_corrections`)
is used instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from .stem_corrections import corrected_stem


def stem(word: str) -> str:
    """The stem of one lowercase Indonesian word: warta's correction, else Sastrawi's."""
    corrected = corrected_stem(word)
    if corrected is not None:
        return corrected
    if "-" not in word and not _MAY_HAVE_AFFIX_RE.search(word):
        return word  # hyphenated words go to Sastrawi for its reduplication rules
    return _sastrawi().stem_word(word) or word  # type: ignore[attr-defined]


# Sastrawi only removes these prefixes, infixes and suffixes.  A word with
# none of them comes back unchanged, so it need not go through Sastrawi's
# rule engine (which costs ~200 microseconds a word).  Checked on the 95,148
# distinct words of id-news: none of the 49,230 words this test lets through
# is changed by Sastrawi (benchmarks/check_stem_shortcut.py).
_MAY_HAVE_AFFIX_RE = re.compile(
    r"^(?:me|be|di|ke|pe|te|se|ku|kau|[a-z](?:el|em|er|in))"
    r"|(?:i|an|kan|lah|kah|tah|pun|ku|mu|nya|is|isme|isasi|wan|wati)$"
)


@lru_cache(maxsize=1)
def _sastrawi() -> object:
    """Load Sastrawi's dictionary once per process (about 0.1 s)."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    dictionary = ArrayDictionary()
    # what ArrayDictionary.add_words does (blank lines skipped), as one dict: 10 ms less per process
    dictionary.words = {w: w for w in StemmerFactory().get_words() if w and w.strip()}
    stemmer = Stemmer(dictionary)
    _install_compiled_patterns()
    _install_prefix_gates(stemmer)
    return stemmer


def _install_prefix_gates(stemmer: Any) -> None:
    """Let Sastrawi skip the prefix rules that cannot apply to a word.

    For each word, Sastrawi tries its ~40 prefix rules in turn, up to three
    times; each rule is a regular expression anchored at the word's start,
    such as ``ber([aiueo].*)``, so a word that does not start with ``ber`` can
    never take it.  Trying it changes nothing, so the rule is skipped: the
    checks Sastrawi makes after each rule still run, in the same order.  The
    literal start of each rule's first pattern is read by running the rule
    once on an empty word; rules starting with a class (``[bcd...]er``) are
    always tried.  Measured on id-news: stemming 2.3x faster (16,656 ->
    38,881 words a second) and identical on every distinct word
    (`benchmarks/check_stem_shortcut.py`).
    """
    from Sastrawi.Stemmer.Context.Context import Context

    shim = _sastrawi_re()
    for visitor in stemmer.visitor_provider.get_prefix_visitors():
        starts = []
        for rule in getattr(visitor, "disambiguators", None) or [None]:
            pattern = shim.first_pattern(rule.disambiguate) if rule is not None else None
            literal = re.match(r"\^?([a-z]*)", pattern).group(1) if pattern else ""
            starts.append(literal)
        visitor.warta_starts = tuple(starts) if all(starts) else None

    def accept_prefix_visitors(self: Any, visitors: list[Any]) -> str | None:
        removals = len(self.removals)
        for visitor in visitors:
            starts = getattr(visitor, "warta_starts", None)
            if starts is None or self.current_word.startswith(starts):
                self.accept(visitor)
            if self.dictionary.contains(self.current_word):
                return self.current_word  # type: ignore[no-any-return]
            if self.process_is_stopped:
                return self.current_word  # type: ignore[no-any-return]
            if len(self.removals) > removals:
                return None
        return None

    Context.accept_prefix_visitors = accept_prefix_visitors


class _CompiledPatterns:
    """A stand-in for the ``re`` module inside Sastrawi's modules.

    Sastrawi calls ``re.match(pattern_string, word)`` for each of its ~40
    prefix rules, and ``re.sub(stem, "", word)`` with the candidate stem as
    the pattern, so Python's regex cache is looked up (and, for the stems,
    missed and recompiled) millions of times: a third of stemming time in
    the ingest profile.  Here patterns are compiled once, and a literal word
    used as a pattern is replaced with plain string replacement, which is
    what the regex did.  The results are identical (checked on every word of
    id-news by benchmarks/check_stem_shortcut.py).
    """

    def __init__(self) -> None:
        self._compiled: dict[str, re.Pattern[str]] = {}
        # patterns asked for while `first_pattern` watches; per thread, so that another
        # thread stemming meanwhile cannot slip its patterns in
        self._watch = threading.local()

    def _pattern(self, pattern: str) -> re.Pattern[str]:
        compiled = self._compiled.get(pattern)
        if compiled is None:
            compiled = self._compiled[pattern] = re.compile(pattern)
        return compiled

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        seen = getattr(self._watch, "seen", None)
        if seen is not None:
            seen.append(pattern)
        return self._pattern(pattern).match(string)

    def first_pattern(self, disambiguate: Callable[[str], object]) -> str | None:
        """The first pattern a Sastrawi rule matches a word against (tried on an empty word)."""
        self._watch.seen = seen = []
        try:
            disambiguate("")
            return seen[0] if seen else None
        finally:
            self._watch.seen = None

    def search(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self._pattern(pattern).search(string)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if pattern.isalpha() and pattern.isascii() and "\\" not in repl:
            return string.replace(pattern, repl, count or -1)
        return self._pattern(pattern).sub(repl, string, count)

    def __getattr__(self, name: str) -> object:
        return getattr(re, name)


@cache
def _sastrawi_re() -> _CompiledPatterns:
    return _CompiledPatterns()


def _install_compiled_patterns() -> None:
    import sys

    shim = _sastrawi_re()
    for name, module in list(sys.modules.items()):
        if name.startswith("Sastrawi") and getattr(module, "re", None) is re:
            module.re = shim  # type: ignore[attr-defined]
