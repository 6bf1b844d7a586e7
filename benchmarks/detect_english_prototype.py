"""A first detection rule for English queries (issue 19 prototype), on the three query sets.

    PYTHONPATH=src python benchmarks/detect_english_prototype.py   # needs eval_relevance.py's index

A query counts as English when at least half its lowercase words of 3+ letters are keys of the
translation table and written in under 0.2 % of the Indonesian articles.
"""

import warta
from warta import evaluation
from warta.analysis.words import iter_tokens
from warta.query.translations import table

s = warta.Searcher("/tmp/warta-relevance/id-news/index")
v = s._engine.vocabulary()
t = table()
N = s._engine.articles()


def share(q):
    words = [w for w in q.split() if w.isalpha() and len(w) >= 3 and not w[:1].isupper()]
    if not words:
        return 0.0, []
    eng = []
    for w in words:
        stem = next(iter(iter_tokens(w, "en")))[4]
        indo = v.written(w.lower(), "id")
        if stem in t and indo < N * 0.002:
            eng.append(w)
    return len(eng) / len(words), eng


for name, path in (
    ("en", "benchmarks/data/crosslingual/topics-en.tsv"),
    ("id", "benchmarks/data/idnews-rel/topics.tsv"),
    ("q1000", "benchmarks/data/queries-1000.tsv"),
):
    topics = evaluation.read_topics(path)
    shares = [(share(q)[0], q, share(q)[1]) for _, q in topics]
    print(name, "detected >=0.5:", sum(1 for x in shares if x[0] >= 0.5), "of", len(shares))
    if name != "en":
        for x in shares:
            if x[0] >= 0.5:
                print("   FALSE", x)
    else:
        for x in shares:
            if x[0] < 0.5:
                print("   MISSED", x)
