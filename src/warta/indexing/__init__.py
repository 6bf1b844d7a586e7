"""Index: bring an index up to date with a corpus, check it, and say what it holds.

* `update`   ingest: under the write lock, plan, write, commit, remember
* `planner`  what changed between the corpus and the index (shared with check)
* `workers`  analysing and writing articles into the shards, in worker processes
* `check`    is the index sound, and up to date with its corpus?
* `stats`    what the index holds

The shards themselves are written by `warta.engine`; articles are read by
`warta.corpus` and analysed by `warta.analysis`.
"""
