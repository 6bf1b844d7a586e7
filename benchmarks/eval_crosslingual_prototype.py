import warta
from warta import evaluation
s = warta.Searcher('/tmp/warta-relevance/id-news/index')
for name, path in (("first-round qrels", 'benchmarks/data/idnews-rel/qrels.txt'), ("with the added judgments", '/tmp/qrels-all.txt')):
    qrels = evaluation.read_qrels(path)
    for half in ('dev', 'test'):
        topics = evaluation.read_topics(f'benchmarks/data/crosslingual/topics-en-{half}.tsv')
        id_topics = evaluation.read_topics(f'benchmarks/data/idnews-rel/topics-{half}.tsv')
        row = []
        for translate in (False, True):
            run = {str(r.qid): evaluation.retrieved(r.hits) for r in s.search_many(topics, limit=100, collapse=False, translate=translate, correct=False)}
            rep = evaluation.evaluate_run(run, qrels, topics)
            row.append(f"{'translated' if translate else 'as typed'} {rep.means['ndcg@10']:.4f} (unjudged {sum(q.unjudged for q in rep.queries)})")
        run = {str(r.qid): evaluation.retrieved(r.hits) for r in s.search_many(id_topics, limit=100, collapse=False)}
        idv = evaluation.evaluate_run(run, qrels, id_topics).means['ndcg@10']
        print(name, half, "; ".join(row), f"; indonesian {idv:.4f}")
