"""Rewrites: each a small module that changes a query tree for one language's reading.

* `abbreviations`  OTT also finds "operasi tangkap tangan", and back (Indonesian and Malay)
* `stopwords`      optional English "the", "of"... left out (Snowball's lists)

`warta.query.understand` applies them in this order, to the tree as written and to its
plain words; each can be switched off for evaluation runs (`query.ABBREVIATIONS`,
`query.STOPWORDS`).  Typo correction and translation will be two more.
"""
