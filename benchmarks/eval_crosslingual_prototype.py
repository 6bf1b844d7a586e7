import sys
import warta
from warta import evaluation
s = warta.Searcher('/tmp/warta-relevance/id-news/index')
qrels = evaluation.read_qrels('benchmarks/data/idnews-rel/qrels.txt')
for half in ('dev', 'test'):
    topics = evaluation.read_topics(f'benchmarks/data/crosslingual/topics-en-{half}.tsv')
    for translate in (False, True):
        run = {}
        for r in s.search_many(topics, limit=100, collapse=False, translate=translate, correct=False):
            run[str(r.qid)] = evaluation.retrieved(r.hits)
        rep = evaluation.evaluate_run(run, qrels, topics)
        print(half, 'translate' if translate else 'as typed', round(rep.means['ndcg@10'], 4), 'unjudged top10:', sum(q.unjudged for q in rep.queries))
    id_topics = evaluation.read_topics(f'benchmarks/data/idnews-rel/topics-{half}.tsv')
    run = {str(r.qid): evaluation.retrieved(r.hits) for r in s.search_many(id_topics, limit=100, collapse=False)}
    print(half, 'indonesian', round(evaluation.evaluate_run(run, qrels, id_topics).means['ndcg@10'], 4))
