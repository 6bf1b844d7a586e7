"""Prototype figures for issue 19: English topics as typed and translated, against the Indonesian ones.

    PYTHONPATH=src python benchmarks/eval_crosslingual_prototype.py   # needs eval_relevance.py's index

Scored with the first-round judgments and with those plus the articles the translated runs brought
into their top tens (data/crosslingual/qrels-added.txt), concatenated into a temporary file.
"""

import tempfile
from pathlib import Path

import warta
from warta import evaluation

HERE = Path(__file__).resolve().parent
FIRST = HERE / "data" / "idnews-rel" / "qrels.txt"
ADDED = HERE / "data" / "crosslingual" / "qrels-added.txt"
both = Path(tempfile.mkdtemp()) / "qrels.txt"
both.write_text(FIRST.read_text() + ADDED.read_text())
s = warta.Searcher("/tmp/warta-relevance/id-news/index")
for name, path in (("first-round qrels", FIRST), ("with the added judgments", both)):
    qrels = evaluation.read_qrels(path)
    for half in ("dev", "test"):
        topics = evaluation.read_topics(f"{HERE}/data/crosslingual/topics-en-{half}.tsv")
        id_topics = evaluation.read_topics(f"{HERE}/data/idnews-rel/topics-{half}.tsv")
        row = []
        for translate in (False, True):
            run = {
                str(r.qid): evaluation.retrieved(r.hits)
                for r in s.search_many(topics, limit=100, collapse=False, translate=translate, correct=False)
            }
            rep = evaluation.evaluate_run(run, qrels, topics)
            unjudged = sum(q.unjudged for q in rep.queries)
            label = "translated" if translate else "as typed"
            row.append(f"{label} {rep.means['ndcg@10']:.4f} (unjudged {unjudged})")
        run = {
            str(r.qid): evaluation.retrieved(r.hits)
            for r in s.search_many(id_topics, limit=100, collapse=False)
        }
        idv = evaluation.evaluate_run(run, qrels, id_topics).means["ndcg@10"]
        print(name, half, "; ".join(row), f"; indonesian {idv:.4f}")
