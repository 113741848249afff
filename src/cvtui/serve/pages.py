"""The HTML a served cvtui sends besides the terminal: the app page and short notices.

Every value put into a page is escaped (Jinja's autoescape for the app page,
:func:`html.escape` for notices), and every page goes out with headers that keep it from being
framed, sniffed or cached and that let it load scripts, styles and fonts only from this server:
the page needs nothing from anywhere else.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
from aiohttp import web

__all__ = ["SECURITY_HEADERS", "app_page", "notice"]

_TEMPLATES = Path(__file__).parent / "templates"
_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def app_page(*, title: str, static_url: str, websocket_url: str, font_size: int) -> web.Response:
    """The page that runs textual-serve's terminal (xterm.js) against ``websocket_url``."""
    body = _environment.get_template("app.html").render(
        title=title, static_url=static_url, websocket_url=websocket_url, font_size=font_size
    )
    return web.Response(text=body, content_type="text/html", headers=SECURITY_HEADERS)


_NOTICE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · cvtui</title>
<style>
  body {{ background: #0c181f; color: #e6edf3; font: 16px/1.5 system-ui, sans-serif;
         display: flex; align-items: center; justify-content: center; min-height: 90vh; }}
  main {{ max-width: 36em; padding: 2em; background: #12232d; border-radius: 6px; }}
  h1 {{ font-size: 1.25em; margin-top: 0; }}
  p {{ color: #b8c4cc; }}
</style>
</head>
<body><main><h1>{title}</h1>{paragraphs}</main></body>
</html>
"""


def notice(
    status: int, title: str, *paragraphs: str, headers: dict[str, str] | None = None
) -> web.Response:
    """A short page saying why there is no session: busy, forbidden, too many attempts…"""
    body = _NOTICE.format(
        title=html.escape(title),
        paragraphs="".join(f"<p>{html.escape(text)}</p>" for text in paragraphs),
    )
    return web.Response(
        status=status,
        text=body,
        content_type="text/html",
        headers={**SECURITY_HEADERS, **(headers or {})},
    )
