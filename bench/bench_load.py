"""Load benchmark: N concurrent sessions against the Streamlit app on 127.0.0.1.

A light client speaks Streamlit's own WebSocket protocol (``/_stcore/stream``, protobuf
``BackMsg``/``ForwardMsg``) like the browser does, without drawing anything: each session asks for
the map page (first load), then changes the filters a few times (a rerun with a new query string,
as a link or a filter widget causes). The server runs in a subprocess; its CPU time and resident
memory are read from ``/proc`` before and after each phase, so the figures are the server's
alone, not the clients'. Static files (vendored JS/CSS, ``static/base``) are not requested: in
production a reverse proxy or the browser cache serves them (see README "Serving many planners").

Prints, per phase: wall time, p50/p95 latency from request to ``script_finished``, bytes sent to
a session, server CPU seconds per first load / per filter change, memory per session, and the
sessions (and filter changes) per second one core sustains (1 / CPU seconds each). The last line
is one JSON object with the same figures.

Usage: ``python bench/bench_load.py [--sessions N] [--changes K] [--timeout S]``
(bounded: at most 64 sessions and 10 changes each; only 127.0.0.1 is contacted).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
MAX_SESSIONS, MAX_CHANGES = 64, 10
#: Filter changes cycled through (the app's URL parameters).
CHANGES = ("ch=3", "st=planned", "ch=5&ly=projects", "k=park", "ch=11&st=upgrading", "q=公园")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _start_server(port: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
        "--server.address", HOST, "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2):
                return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit not ready after 90 s:\n{log.read_text()}")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Session:
    """One light client: a WebSocket speaking Streamlit's protocol."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ws = None
        self.received = 0

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60
        )

    async def run(self, query: str) -> tuple[float, int]:
        """Ask for a run with ``query``; return (seconds to script_finished, bytes received)."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        start, received = time.perf_counter(), 0
        await self.ws.send(msg.SerializeToString())
        while True:
            data = await self.ws.recv()
            received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            if forward.WhichOneof("type") == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    self.received += received
                    return time.perf_counter() - start, received
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    raise RuntimeError(f"the app run ended with status {status}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _phase(sessions: list[Session], queries: list[list[str]]) -> dict:
    """Every session runs its queries in order; sessions run concurrently."""

    async def one(session: Session, wanted: list[str]) -> list[tuple[float, int]]:
        return [await session.run(query) for query in wanted]

    start = time.perf_counter()
    results = await asyncio.gather(*(one(s, q) for s, q in zip(sessions, queries, strict=True)))
    wall = time.perf_counter() - start
    latencies = [seconds for runs in results for seconds, _ in runs]
    sizes = [size for runs in results for _, size in runs]
    return {
        "runs": len(latencies),
        "wall_s": round(wall, 3),
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(_p(latencies, 0.95), 3),
        "bytes_per_run": round(statistics.median(sizes)),
    }


async def _measure(url: str, pid: int, n_sessions: int, n_changes: int) -> dict:
    warm = Session(url)  # the first run imports and caches the data: not counted
    await warm.connect()
    await warm.run("")
    await warm.close()
    await asyncio.sleep(1.0)
    rss_idle, cpu_idle = _rss_mb(pid), _cpu_seconds(pid)

    sessions = [Session(url) for _ in range(n_sessions)]
    await asyncio.gather(*(s.connect() for s in sessions))
    first = await _phase(sessions, [[""] for _ in sessions])
    cpu_first = _cpu_seconds(pid) - cpu_idle
    rss_loaded = _rss_mb(pid)

    wanted = [
        [CHANGES[(i + j) % len(CHANGES)] for j in range(n_changes)] for i in range(len(sessions))
    ]
    cpu_before = _cpu_seconds(pid)
    change = await _phase(sessions, wanted)
    cpu_change = _cpu_seconds(pid) - cpu_before
    rss_after = _rss_mb(pid)
    await asyncio.gather(*(s.close() for s in sessions))

    first["cpu_s_per_run"] = round(cpu_first / first["runs"], 4)
    change["cpu_s_per_run"] = round(cpu_change / change["runs"], 4)
    return {
        "sessions": n_sessions,
        "changes_per_session": n_changes,
        "cores": os.cpu_count(),
        "first_load": first,
        "filter_change": change,
        "rss_idle_mb": round(rss_idle, 1),
        "rss_mb_per_session": round((rss_loaded - rss_idle) / n_sessions, 2),
        "rss_mb_per_session_after_changes": round((rss_after - rss_idle) / n_sessions, 2),
        "sessions_per_s_per_core": round(1 / first["cpu_s_per_run"], 2),
        "changes_per_s_per_core": round(1 / change["cpu_s_per_run"], 2),
    }


def _report(result: dict) -> None:
    print(f"{result['sessions']} concurrent sessions on {result['cores']} cores (127.0.0.1)")
    for name in ("first_load", "filter_change"):
        phase = result[name]
        print(
            f"{name:13s}: {phase['runs']:4d} runs in {phase['wall_s']:.2f} s; latency p50 "
            f"{phase['p50_s']:.3f} s, p95 {phase['p95_s']:.3f} s; server CPU "
            f"{phase['cpu_s_per_run'] * 1000:.0f} ms per run; {phase['bytes_per_run'] / 1024:.0f} "
            "KB sent per run"
        )
    print(
        f"server memory: {result['rss_idle_mb']:.0f} MB idle, "
        f"+{result['rss_mb_per_session']:.2f} MB per session after its first load, "
        f"+{result['rss_mb_per_session_after_changes']:.2f} MB after its filter changes"
    )
    print(
        f"one core sustains {result['sessions_per_s_per_core']:.1f} first loads/s and "
        f"{result['changes_per_s_per_core']:.1f} filter changes/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=16, help=f"≤ {MAX_SESSIONS}")
    parser.add_argument("--changes", type=int, default=3, help=f"per session, ≤ {MAX_CHANGES}")
    parser.add_argument("--timeout", type=float, default=600, help="give up after S seconds")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.changes <= MAX_CHANGES:
        parser.error(f"--sessions 1..{MAX_SESSIONS}, --changes 1..{MAX_CHANGES}")
    port = _free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_load_{port}.log"
    proc = _start_server(port, log)
    try:
        url = f"ws://{HOST}:{port}/_stcore/stream"
        result = asyncio.run(
            asyncio.wait_for(_measure(url, proc.pid, args.sessions, args.changes), args.timeout)
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    _report(result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
