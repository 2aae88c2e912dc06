"""The FastAPI app: every page is one data function from :mod:`storyline.web.pages`, served twice,
as HTML at ``/story/S1`` and as its JSON twin at ``/story/S1.json`` (``/index.json`` for ``/``, also served at ``/.json``).

Only the JSON twins appear in the OpenAPI schema (``/docs``, ``/openapi.json``): they are the API.
"""

from __future__ import annotations

import inspect
import logging
import threading
import typing
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.errors import StoreError
from storyline.store import Store, open_store
from storyline.web import pages
from storyline.web.render import Links, environment
from storyline.web.view import ViewCache

log = logging.getLogger(__name__)

DataFunction = Callable[..., dict[str, Any]]

# (HTML path, template, data function). The JSON twin's path is the HTML path plus ".json".
PAGES: list[tuple[str, str, DataFunction]] = [
    ("/", "index.html", pages.index),
    ("/story/{story_id}", "story.html", pages.story),
    ("/story/{story_id}/changes", "changes.html", pages.changes),
    ("/event/{event_id}", "event.html", pages.event),
    ("/article/{article_id:path}", "article.html", pages.article),
    ("/entity/{name:path}", "entity.html", pages.entity),
    ("/entities", "entities.html", pages.entities),
    ("/articles", "articles.html", pages.articles),
    ("/search", "search.html", pages.search),
    ("/problems", "problems.html", pages.problems),
]


def json_path(path: str) -> str:
    """The path of a page's JSON twin: ``/story/{story_id}`` → ``/story/{story_id}.json``; ``/`` → ``/index.json``."""
    return "/index.json" if path == "/" else path + ".json"


def create_app(
    db_url: str | None = None,
    *,
    store: Store | None = None,
    recheck_s: float = 1.0,
    build: Callable[[Store], dict[str, Any]] | None = None,
    warm: bool = False,
) -> FastAPI:
    """The web app over the store at ``db_url`` (or an already open ``store``, which the caller closes).

    Args:
        db_url: the database URL, as for every command's ``--db``.
        store: an open store to serve instead (tests, embedding).
        recheck_s: how long a database state is trusted before it is checked again.
        build: how to make the bundle (default :func:`storyline.engine.bundle`).
        warm: on startup, build the bundle and every story's comparison in a background thread, so
            the first visitor does not wait for them (``storyline serve`` does).

    Raises:
        StoreUnavailableError: the database cannot be opened.
    """
    owned = store is None
    opened = open_store(db_url) if store is None else store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm_up, args=(app,), name="storyline-warm-up", daemon=True).start()
        yield
        if owned:
            opened.close()

    # FastAPI's own docs pages load Swagger UI from a CDN; fastapi-offline serves it from the package.
    app = FastAPIOffline(
        title="storyline",
        summary="A news story across outlets: events, timeline, quotes, figures and framing. Every page has a JSON twin.",
        version="1",
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.cache = ViewCache(opened, recheck_s=recheck_s, build=build) if build else ViewCache(opened, recheck_s=recheck_s)
    app.state.links = Links()
    app.state.warm = threading.Event()
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")
    for path, template, func in PAGES:
        _add_page(app, path, template, func)
    _add_error_handlers(app)
    return app


def _warm_up(app: FastAPI) -> None:
    """Compile the templates, build the view and every story's comparison ahead of the first visitor.

    Sets ``app.state.warm`` (a threading.Event) when done, whether or not it succeeded.
    """
    cache: ViewCache = app.state.cache
    try:
        env = environment()
        for template in env.list_templates(extensions=["html"]):
            env.get_template(template)
        view = cache.current()
        ctx = pages.PageContext(view, cache.store)
        pages.index(ctx)
        for story_id in view.stories:
            pages.story(ctx, story_id)
    except Exception:  # noqa: BLE001 - a failed warm-up only means the first visitor waits; the page reports errors
        log.warning("warming the page cache failed", exc_info=True)
    finally:
        app.state.warm.set()


def _context(request: Request) -> pages.PageContext:
    cache: ViewCache = request.app.state.cache
    return pages.PageContext(cache.current(), cache.store)


def _render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    path = quote(request.url.path)  # the decoded path: quote it again for links
    twin = json_path(path) + (f"?{request.url.query}" if request.url.query else "")
    html = environment().get_template(template).render(
        links=request.app.state.links, path=path, json_url=twin, query=request.query_params, **values
    )
    return HTMLResponse(html, status_code=status)


def _add_page(app: FastAPI, path: str, template: str, func: DataFunction) -> None:
    """Register ``func`` as an HTML page and its JSON twin, with ``func``'s parameters as the routes'."""
    hints = typing.get_type_hints(func)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in inspect.signature(func).parameters.values()
        if p.name != "ctx"
    ]
    request_param = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
    name = func.__name__

    def as_json(request: Request, **kwargs: Any) -> Response:
        return JSONResponse(func(_context(request), **kwargs))

    def as_html(request: Request, **kwargs: Any) -> Response:
        return _render(request, template, data=func(_context(request), **kwargs), page=name)

    for endpoint in (as_json, as_html):
        endpoint.__signature__ = inspect.Signature([request_param, *params])  # type: ignore[attr-defined]
    doc = inspect.getdoc(func) or name
    # The twin first: "/article/{id:path}" would otherwise also match "/article/a1.json".
    app.add_api_route(
        json_path(path), as_json, methods=["GET"], name=f"{name}_json", summary=doc.splitlines()[0],
        description=doc, tags=["pages (JSON twins)"], response_class=JSONResponse,
    )
    if path == "/":
        # "/" plus ".json" is what a user guesses for the index's twin: serve it too, outside the API docs
        app.add_api_route("/.json", as_json, methods=["GET"], name=f"{name}_json_alias", response_class=JSONResponse,
                          include_in_schema=False)
    app.add_api_route(path, as_html, methods=["GET"], name=name, response_class=HTMLResponse, include_in_schema=False)


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def _add_error_handlers(app: FastAPI) -> None:
    def error(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        return _render(request, "error.html", status=status, status_code=status, message=message, page="error")

    @app.exception_handler(pages.PageNotFound)
    async def not_found(request: Request, exc: pages.PageNotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/docs", "/openapi", "/static", "/redoc")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return error(request, exc.status_code, "no such page" if exc.status_code == 404 else str(exc.detail))

    @app.exception_handler(pages.BadRequest)
    async def bad_request(request: Request, exc: pages.BadRequest) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error(request, 503, str(exc))
