"""The web application: routes, security and errors, over the library (`warta.searcher`).

Pages (server-rendered HTML, usable without JavaScript) and a JSON API whose
shapes are the command line's JSON.  Every handler is a plain function, which
Starlette runs in its thread pool, off the event loop; searches run one at a
time under a lock, since they are CPU work that Python threads do not run in
parallel (and the engine's caches are per searcher).  The searcher follows the
index (`FollowingSearcher`): an ingest's commit is seen by the next request.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import (
    AmbiguousIdError,
    ClusterError,
    IndexLockedError,
    IndexMissingError,
    QueryError,
    RequestError,
    WartaError,
)
from ..model import SearchResults
from ..searcher import FollowingSearcher, show
from . import pages
from .params import related_limit, search_options

# Where the browser may load anything from: this server only; no inline script or style.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
MAX_BODY_BYTES = 64 * 1024  # a search request is a few hundred bytes
TOO_LARGE = f"the request body is larger than {MAX_BODY_BYTES} bytes"
TOKEN_COOKIE = "warta_token"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

# How each error of the library is answered: its HTTP status.
STATUS: dict[type[WartaError], int] = {
    RequestError: 400,
    QueryError: 400,
    AmbiguousIdError: 409,
    IndexMissingError: 503,
    IndexLockedError: 503,
    ClusterError: 503,  # a shard of a cluster that failed or did not answer in time
}


class Service:
    """What the handlers share: the index, followed, and the lock searches take turns under."""

    def __init__(self, index: str | Path, cluster: Any = None) -> None:
        self.index = Path(index)
        self.following = FollowingSearcher(self.index, cluster=cluster)
        self.lock = threading.Lock()
        self._stats: tuple[Any, Any] | None = None

    def run(self, given: Mapping[str, Any]) -> tuple[SearchResults, float]:
        """The search *given* asks for (`params.search_options`), and the milliseconds it took."""
        query, options = search_options(given)
        with self.lock:
            started = time.perf_counter()  # (the time searching, not waiting for the lock)
            results = self.following.current().search(query, **options)
            took = round((time.perf_counter() - started) * 1000, 1)
        return results, took

    def search(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The search as the API answers it: the command line's JSON, and ``took_ms``."""
        results, took = self.run(given)
        return {"took_ms": took, **results.to_dict()}

    def article(self, doc_id: str) -> Any:
        with self.lock:
            return show(doc_id, self.following.current().index)

    def related(self, doc_id: str, limit: int = 10) -> Any:
        with self.lock:
            return self.following.current().related(doc_id, limit=limit)

    def stats(self) -> Any:
        """The index's statistics, counted once per state of the index (0.6 s on id-news)."""
        from ..indexing.stats import index_stats

        with self.lock:
            searcher = self.following.current()
            if self._stats is None or self._stats[0] is not searcher:
                self._stats = (searcher, index_stats(searcher.index))
            return self._stats[1]


def create_app(index: str | Path, *, token: str | None = None, cluster: Any = None) -> Starlette:
    """The application serving *index*; with *token*, every request must carry it; with *cluster*
    (a `cluster.Cluster`), its shards are searched on that cluster's workers."""
    service = Service(index, cluster)

    def api_search(request: Request) -> JSONResponse:
        return JSONResponse(service.search(dict(request.query_params)))

    async def api_search_post(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            raise RequestError("body", "the request body must be a JSON object") from None
        if not isinstance(body, dict):
            raise RequestError("body", "the request body must be a JSON object")
        return await _threaded(service.search, body)

    def api_article(request: Request) -> JSONResponse:
        found = service.article(request.path_params["id"])
        if found is None:
            raise HTTPException(404, f"no article with id {request.path_params['id']!r}")
        return JSONResponse(found.to_dict())

    def api_related(request: Request) -> JSONResponse:
        limit = related_limit(request.query_params)
        found = service.related(request.path_params["id"], limit)
        if found is None:
            raise HTTPException(404, f"no article with id {request.path_params['id']!r}")
        return JSONResponse(found.to_dict())

    def api_stats(request: Request) -> JSONResponse:
        return JSONResponse(service.stats().to_dict())

    def api_health(request: Request) -> JSONResponse:
        with service.lock:
            service.following.current()  # the index can be opened
        changed = service.following.changed
        return JSONResponse(
            {"status": "ok", "index": str(service.index), "opened": changed.isoformat() if changed else None}
        )

    def login_page(request: Request) -> Response:
        return pages.login(request)

    async def login(request: Request) -> Response:
        # the sign-in form, urlencoded: parsed here rather than with python-multipart
        body = (await request.body()).decode("utf-8", "replace")
        given = (parse_qs(body).get("token") or [""])[0]
        if token is None or not hmac.compare_digest(given.encode(), token.encode()):
            return pages.login(request, failed=True)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict")
        return response

    routes = [
        Route("/", lambda request: pages.search(request, service)),
        Route("/articles/{id:path}", lambda request: pages.article(request, service)),
        Route("/stats", lambda request: pages.stats(request, service)),
        Route("/help", pages.help_page),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/api/search", api_search, methods=["GET"]),
        Route("/api/search", api_search_post, methods=["POST"]),
        Route("/api/articles/{id:path}/related", api_related),
        Route("/api/articles/{id:path}", api_article),
        Route("/api/stats", api_stats),
        Route("/api/health", api_health),
        Mount("/static", StaticFiles(directory=str(resources.files(__package__) / "static")), name="static"),
    ]
    handlers = {
        WartaError: _warta_error,
        HTTPException: _http_error,
        RecursionError: _too_deep,
        _BodyTooLargeError: _too_large,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)  # type: ignore[arg-type]
    app.state.service = service
    return _Guard(app, token=token)  # type: ignore[return-value]


async def _threaded(function: Callable[..., Any], *args: Any) -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    return JSONResponse(await run_in_threadpool(function, *args))


class _Guard:
    """Around every request (pure ASGI, outermost): the security headers on every response, 500s
    included; the body limit, counted as it arrives (a chunked body has no length to check first);
    the access token when there is one; and a page or JSON, never a traceback, for an error."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        started = False

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise _BodyTooLargeError
            return message

        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await _reply(request, 413, TOO_LARGE)(scope, receive, secured)
            return
        if self.token is not None and not self._allowed(request):
            if request.url.path.startswith("/api/"):
                reply = _reply(request, 401, "this server needs its access token: send it as a bearer token")
                reply.headers["WWW-Authenticate"] = "Bearer"
            else:
                reply = RedirectResponse("/login", status_code=303)
            await reply(scope, receive, secured)
            return
        try:
            await self.app(scope, limited, secured)
        except _BodyTooLargeError:
            if not started:
                await _reply(request, 413, TOO_LARGE)(scope, receive, secured)
        except Exception as err:  # a bug: one line, as the command line says it, never a traceback
            if not started:
                message = f"unexpected {type(err).__name__}: {err} (please report this)"
                await _reply(request, 500, message)(scope, receive, secured)

    def _allowed(self, request: Request) -> bool:
        path = request.url.path
        if path == "/login" or path.startswith("/static/"):
            return True
        assert self.token is not None
        given = request.cookies.get(TOKEN_COOKIE, "")
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            given = header[7:].strip()
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("utf-8", "replace"))


class _BodyTooLargeError(Exception):
    """A request body went past `MAX_BODY_BYTES` as it arrived."""


def _reply(request: Request, status: int, message: str, parameter: str | None = None) -> Response:
    """An error as JSON for the API, as a page for people."""
    if request.url.path.startswith("/api/"):
        body: dict[str, Any] = {"error": {"status": status, "message": message}}
        if parameter is not None:
            body["error"]["parameter"] = parameter
        return JSONResponse(body, status_code=status)
    return pages.error(request, status, message)


async def _warta_error(request: Request, err: Exception) -> Response:
    status = next((code for kind, code in STATUS.items() if isinstance(err, kind)), 500)
    return _reply(request, status, str(err), getattr(err, "parameter", None))


async def _http_error(request: Request, err: Exception) -> Response:
    assert isinstance(err, HTTPException)
    message = err.detail if err.status_code != 404 or err.detail != "Not Found" else "no such page"
    return _reply(request, err.status_code, str(message))


async def _too_large(request: Request, err: Exception) -> Response:
    return _reply(request, 413, TOO_LARGE)


async def _too_deep(request: Request, err: Exception) -> Response:
    return _reply(request, 400, "the request body is nested too deeply to read")
