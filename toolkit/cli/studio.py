"""``studio``: the brand studio, a web page on this computer for making a brand.

Takes in: ``--content``, ``--out``, ``--port`` (8765 by default; 0 picks a free one),
``--no-browser``, ``--jobs``.
Gives out: the studio served on 127.0.0.1 only until Ctrl+C, its address printed with the
session key in it (the page refuses requests without it), and the address opened in the
browser when there is one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import socket
import threading
import webbrowser

from toolkit.cli import options
from toolkit.errors import ToolkitError

HOST = "127.0.0.1"


def arguments(parser: options.Parser) -> None:
    options.content(parser)
    options.out(parser)
    parser.add_argument(
        "--port", type=int, default=8765, help="port to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address but do not open a browser"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=max(2, os.cpu_count() or 2),
        help="worker processes for builds (default: %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    import uvicorn  # only this command needs the web server

    from toolkit.studio.app import StudioSettings, create_app

    token = secrets.token_urlsafe(24)
    settings = StudioSettings(token, args.content, args.out, jobs=max(2, args.jobs))
    listener = _listen(args.port)
    address = f"http://{HOST}:{listener.getsockname()[1]}/?token={token}"
    print(f"Brand studio at {address}")
    print("Open that address in your browser (it holds the studio's key). Ctrl+C to stop.")
    if not args.no_browser:
        threading.Timer(1.0, _open, args=(address,)).start()
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def _listen(port: int) -> socket.socket:
    """A socket on the loopback address only: nothing on the network can reach it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        raise ToolkitError(
            f"port {port} is busy ({error.strerror}); try another: studio --port 8766"
        ) from None
    listener.listen(64)
    return listener


def _open(address: str) -> None:
    with contextlib.suppress(webbrowser.Error):  # no browser here: the address is printed
        webbrowser.open(address)
