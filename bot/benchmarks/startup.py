"""Start-up time and memory: from starting both servers to the first answer, as `make run` does."""
from __future__ import annotations

import time

import requests

from bot.run import free_port, start_servers, stop
from bot.train import train


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    model = train()
    port = free_port()
    started = time.monotonic()
    processes = start_servers(port, free_port())
    try:
        up = time.monotonic() - started
        reply = requests.post(
            f"http://localhost:{port}/webhooks/rest/webhook",
            json={"sender": "bench", "message": "Hello, how does the asylum procedure work?"},
            timeout=120,
        )
        first = time.monotonic() - started
        assert reply.status_code == 200 and reply.json(), reply.text
        timings = []
        for i in range(20):
            t = time.monotonic()
            requests.post(f"http://localhost:{port}/webhooks/rest/webhook",
                          json={"sender": f"bench{i}", "message": "can I work during the procedure"}, timeout=60)
            timings.append(time.monotonic() - t)
        timings.sort()
        print(f"model: {model.name}")
        print(f"servers answering after:   {up:.1f} s")
        print(f"first answer after start:  {first:.1f} s  (budget 60 s)")
        print(f"answer latency, 20 msgs:   median {timings[10] * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms")
        print(f"memory: action server {rss_mib(processes[0].pid):.0f} MiB, Rasa server {rss_mib(processes[1].pid):.0f} MiB")
    finally:
        stop(processes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
