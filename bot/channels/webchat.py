"""The web chat's Socket.IO channel, with the origin check that Rasa's stock channel switches off.

Rasa's SocketIOInput creates its Socket.IO server with `cors_allowed_origins=[]`, which makes
python-engineio accept connections from any web site. Ours accepts the page's own origin and the
origins listed in CORS_ORIGINS (comma-separated).
"""
from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint


def configured_origins(environ=os.environ) -> FrozenSet[str]:
    return frozenset(o.strip().rstrip("/") for o in environ.get("CORS_ORIGINS", "").split(",") if o.strip())


def origin_allowed(origin: Optional[str], environ: Dict[str, Any], extra: FrozenSet[str]) -> bool:
    """The page's own origin (same scheme and host as the request) or one configured."""
    if not origin:
        return True  # not a browser: no cross-site risk
    own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
    return origin.rstrip("/") == own or origin.rstrip("/") in extra


class WebChatInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        extra = configured_origins()
        self.sio.eio.cors_allowed_origins = lambda origin, environ: origin_allowed(origin, environ, extra)
        return blueprint
