"""The studio's guard: what every request passes before a page sees it.

Takes in: each HTTP request (an ASGI scope, its headers and body).
Gives out: the request unchanged, or a refusal in plain words: 403 when the Host is not
``localhost`` or ``127.0.0.1`` (a web page cannot reach the studio by DNS rebinding), 403
when the session token is missing or wrong (another web page cannot make changes, or read
the brand, through your browser), 413 when a body is over 20 MB (the logo checks' own limit).

The token comes in the ``X-Studio-Token`` header (the page's own requests) or the ``token``
query parameter (the address the studio prints); pages read with GET also accept it from
the ``studio_token`` cookie the first page sets (``SameSite=Strict``: a browser never sends
it with another site's requests), so the gallery's own links work. Only ``/static/`` (the
page's stylesheet and script) is served without it.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from toolkit.content.images import MAX_BYTES

LOCAL_HOSTS = {"localhost", "127.0.0.1"}
TOKEN_HEADER = b"x-studio-token"
TOKEN_COOKIE = "studio_token"  # noqa: S105 - the cookie's name, not a secret
READING = {"GET", "HEAD"}
WRONG_HOST = "The studio answers only at http://127.0.0.1 or http://localhost."
MISSING_KEY = (
    "This address needs the studio's key: open the address the studio printed when it "
    "started (it ends in ?token=…)."
)
TOO_BIG = "That file is over 20 MB, the most the toolkit accepts; choose a smaller file."


class Guard:
    """ASGI middleware: Host check, session token, body size limit."""

    def __init__(self, app: ASGIApp, token: str, max_bytes: int = MAX_BYTES) -> None:
        self.app, self.token, self.max_bytes = app, token, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, self._bounded(receive), send)

    def _refusal(self, scope: Scope, headers: dict[bytes, bytes]) -> PlainTextResponse | None:
        if not host_allowed(headers.get(b"host", b"").decode("latin-1")):
            return PlainTextResponse(WRONG_HOST, 403)
        if not scope["path"].startswith("/static/") and not self._has_token(scope, headers):
            return PlainTextResponse(MISSING_KEY, 403)
        length = headers.get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_bytes:
            return PlainTextResponse(TOO_BIG, 413)
        return None

    def _has_token(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        given = headers.get(TOKEN_HEADER, b"").decode("latin-1")
        if not given:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0]
        if not given and scope["method"] in READING:
            given = _cookie(headers.get(b"cookie", b"").decode("latin-1"))
        return hmac.compare_digest(given.encode(), self.token.encode())

    def _bounded(self, receive: Receive) -> Receive:
        """``receive`` that stops a body without a length (or lying about it) at the limit."""
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # the page's handler answers 413 with this text
                raise HTTPException(413, TOO_BIG)
            return message

        return bounded


def _cookie(header: str) -> str:
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == TOKEN_COOKIE:
            return value
    return ""


def host_allowed(host: str) -> bool:
    """``localhost`` or ``127.0.0.1``, with or without a port."""
    name, _, port = host.lower().rpartition(":") if ":" in host else (host.lower(), "", "")
    return name in LOCAL_HOSTS and (port == "" or port.isdigit())
