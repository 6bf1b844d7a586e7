"""Serve: a web page and a JSON API over the library (``warta serve``).

* ``app.py``     routes, security headers, the access token, errors as pages or JSON
* ``pages.py``   the HTML pages: search (facets, timeline, paging), article, stats, help
* ``params.py``  a request's text parameters as the library's search options, with the server's limits
* ``serve.py``   starting uvicorn; which addresses need a token
* ``templates/``, ``static/``  Jinja2 templates and the style sheet

Like the command line, it holds no search policy: every search, article and
statistic comes from `warta.searcher` and `warta.indexing`.
"""
