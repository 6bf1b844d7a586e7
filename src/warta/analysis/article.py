"""One step that reads an article whole: its language, its pieces, its words and its signature.

Ingest indexes what `analyse_article` finds and ``warta show`` displays it, so
the two never read an article differently.  What is found:

* the language: as the record states it, else identified from the text
  (`language.detect_language`); ``und`` when neither tells;
* the structure (`structure.parse_article`): outlet and place of the
  dateline, a date read from the text when no date field gave one,
  subheadings, paragraphs, quotes and their speakers;
* the words of title and body with their positions, stemmed for the
  language (`words.term_positions`), and where each paragraph and quote
  starts and ends among the body's words, so that they can be searched as
  units from the article's own postings;
* a MinHash signature of the text, to fold near duplicates at search time
  (`near_duplicates.signature`).

This is the expensive step of ingest: it runs in the shard's worker process.
"""

from __future__ import annotations

from ..model import AnalysedArticle, Article, WordPositions
from . import near_duplicates, words
from .language import UNDETERMINED, detect_language, normalise_language
from .structure import parse_article


def analyse_article(article: Article, *, positions: bool = True) -> AnalysedArticle:
    """Everything warta reads in *article*; without *positions*, only its language and structure.

    ``warta show`` needs no word positions or signature; ingest needs all.
    """
    lang = article_language(article)
    parsed = parse_article(
        article.id,
        article.title,
        article.body,
        source=article.source,
        date=article.date,
        lang=lang,
        latest=article.date_latest,
        near=article.date_near,
        previous=article.date_previous,
        url=article.url,
    )
    analysed = AnalysedArticle(article=article, lang=lang, stemmer=words.stemmer_for(lang), structure=parsed)
    if not positions:
        return analysed
    title_stems, title_derived, title_length, _ = words.term_positions(article.title, lang=lang)
    # the word positions at the edges of paragraphs and quotes come out of the same pass
    marks = [x for a, b in parsed.paragraph_spans for x in (a, b)]
    marks += [x for q in parsed.quotes for x in (q.start, q.end)]
    body_stems, body_derived, body_length, at = words.term_positions(article.body, marks, lang)
    analysed.title = WordPositions(title_stems, title_derived, title_length)
    analysed.body = WordPositions(body_stems, body_derived, body_length)
    analysed.paragraph_positions = [(at[a], at[b]) for a, b in parsed.paragraph_spans]
    analysed.quote_positions = [(at[q.start], at[q.end]) for q in parsed.quotes]
    analysed.signature = near_duplicates.signature(article.title, article.body)
    return analysed


def article_language(article: Article) -> str:
    """The article's language: as its record states it, else as identified from its text.

    ``und`` (undetermined) when neither says, so that every article has one
    and a query can be matched against each language's articles.
    """
    stated = normalise_language(article.lang) if article.lang else None
    if stated and stated != UNDETERMINED:  # a record that says "unknown" is identified like one silent
        return stated
    return detect_language(f"{article.title}\n{article.body}") or UNDETERMINED
