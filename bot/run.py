"""`make run`: starts the action server and the Rasa server, prints the URLs, stops both on Ctrl-C.

With --shell it also opens a small chat in the terminal that talks to the server over REST.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List, Optional, Sequence

from bot.paths import ROOT, VAR

STARTUP_TIMEOUT = 180  # seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process stopped (exit {process.returncode}); see its log above")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start_servers(
    rasa_port: int, action_port: int, log_dir: Path = VAR, server_args: Sequence[str] = ()
) -> List[subprocess.Popen]:
    """Starts both servers and waits until each answers; returns the processes."""
    log_dir.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    actions = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
        cwd=ROOT, env=env, stdout=open(log_dir / "actions.log", "ab"), stderr=subprocess.STDOUT,
    )
    rasa = subprocess.Popen(
        [sys.executable, "-m", "bot.server", "--port", str(rasa_port),
         "--action-url", f"http://localhost:{action_port}/webhook", *server_args],
        cwd=ROOT, env=env, stdout=open(log_dir / "rasa.log", "ab"), stderr=subprocess.STDOUT,
    )
    processes = [actions, rasa]
    try:
        wait_until_up(f"http://localhost:{action_port}/health", actions)
        wait_until_up(f"http://localhost:{rasa_port}/", rasa)
    except Exception:
        stop(processes)
        raise
    return processes


def stop(processes: List[subprocess.Popen]) -> None:
    for p in processes:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    for p in processes:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()


def terminal_chat(rasa_port: int) -> None:
    url = f"http://localhost:{rasa_port}/webhooks/rest/webhook"
    sender = f"shell-{os.getpid()}"
    print("Type a message (Ctrl-D to stop).")
    for line in sys.stdin:
        body = json.dumps({"sender": sender, "message": line.strip()}).encode()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            for message in json.load(reply):
                print("bot:", message.get("text", ""))
                for button in message.get("buttons", []):
                    print(f"     [{button['title']}]  {button['payload']}")


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true")
    args = parser.parse_args(argv)
    rasa_port = int(os.environ.get("RASA_PORT", 5005))
    action_port = int(os.environ.get("ACTION_PORT", 5055))

    started = time.monotonic()
    print("run: starting the action server and the Rasa server (logs in var/)")
    try:
        processes = start_servers(rasa_port, action_port)
    except RuntimeError as error:
        sys.exit(f"run: {error}")
    print(f"run: ready in {time.monotonic() - started:.0f} s")
    print(f"  web chat:       http://localhost:{rasa_port}/chat/")
    print(f"  REST channel:   http://localhost:{rasa_port}/webhooks/rest/webhook")
    print(f"  action server:  http://localhost:{action_port}/health")
    try:
        if args.shell:
            terminal_chat(rasa_port)
        else:
            print("Press Ctrl-C to stop.")
            while all(p.poll() is None for p in processes):
                time.sleep(1)
            print("run: a server stopped; see var/*.log", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nrun: stopping")
        stop(processes)


if __name__ == "__main__":
    main()
