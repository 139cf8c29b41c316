"""Starts the Rasa server: REST and Socket.IO channels, the web chat page, privacy protection.

`python -m bot.server` is what `make run` starts; it replaces `rasa run` so that the page is served
by the same server (same origin as Socket.IO) and the privacy layer is always installed.
"""
from __future__ import annotations

import argparse
import logging
import os
from functools import partial
from pathlib import Path
from typing import List, Optional

import rasa.utils.common
from rasa.core import run as rasa_run
from rasa.core.channels.channel import InputChannel
from rasa.core.utils import AvailableEndpoints
from rasa.model import get_local_model
from rasa.utils.log_utils import configure_structlog
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic

from bot import channels, privacy
from bot.paths import MODELS, ROOT, VAR, WEB

logger = logging.getLogger(__name__)


def input_channels(credentials: Path) -> List[InputChannel]:
    """The channels in credentials.yml (REST, Socket.IO) and the messaging apps whose variables are set."""
    return [*rasa_run.create_http_input_channels(None, str(credentials)), *channels.from_environment(os.environ)]


def read_endpoints(path: Path, action_url: Optional[str]) -> AvailableEndpoints:
    endpoints = AvailableEndpoints.read_endpoints(str(path))
    if action_url:
        endpoints.action = EndpointConfig(url=action_url)
    return endpoints


def add_web_page(app: Sanic) -> None:
    app.static("/chat/", str(WEB / "index.html"), name="chat_page")
    app.static("/chat/static", str(WEB), name="chat_static")
    vendor = ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
    app.static("/chat/vendor/socket.io.min.js", str(vendor), name="chat_socketio")


def build_app(
    model: Path,
    endpoints: AvailableEndpoints,
    credentials: Path,
    port: int,
    auth_token: Optional[str],
    cors: Optional[List[str]],
) -> Sanic:
    privacy.install()
    app = rasa_run.configure_app(
        input_channels(credentials),
        cors=cors,
        auth_token=auth_token,
        enable_api=bool(auth_token),  # the HTTP API only ever runs behind a token
        port=port,
        endpoints=endpoints,
    )
    add_web_page(app)
    app.register_listener(
        partial(rasa_run.load_agent_on_start, str(model), endpoints, None), "before_server_start"
    )
    app.register_listener(rasa_run.close_resources, "after_server_stop")
    return app


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    parser.add_argument("--host", default=os.environ.get("RASA_HOST", "0.0.0.0"))
    parser.add_argument("--model", type=Path, default=None, help="default: the newest in models/")
    parser.add_argument("--endpoints", type=Path, default=Path(os.environ.get("RASA_ENDPOINTS", ROOT / "endpoints.yml")))
    parser.add_argument("--credentials", type=Path, default=ROOT / "credentials.yml")
    parser.add_argument("--action-url", default=os.environ.get("ACTION_SERVER_URL"))
    args = parser.parse_args(argv)

    level = logging.getLevelName(os.environ.get("LOG_LEVEL", "INFO").upper())
    logging.basicConfig(level=level)
    rasa.utils.common.configure_logging_and_warnings(level)
    configure_structlog(level)
    VAR.mkdir(exist_ok=True)
    model = args.model or Path(get_local_model(str(MODELS)))
    cors = [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()] or None
    app = build_app(
        model,
        read_endpoints(args.endpoints, args.action_url),
        args.credentials,
        args.port,
        os.environ.get("RASA_AUTH_TOKEN") or None,
        cors,
    )
    rasa.utils.common.update_sanic_log_level()
    logger.info("Rasa server on http://%s:%s (model %s)", args.host, args.port, model.name)
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
