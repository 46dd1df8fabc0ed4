"""Real-browser fixtures: the Streamlit app in a subprocess and Debian's Chromium via Playwright.

Every test here carries the ``browser`` marker and may connect to localhost only
(pytest-socket ``allow_hosts``); unit tests elsewhere keep sockets blocked. Every request the
browser makes (pages, the component iframe, fetches, WebSockets) is logged, so a test can
assert that nothing leaves the machine. Without Chromium the tests skip, except under
``CI=true``, where they fail: CI must really run them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from geo import settings

CHROMIUM = Path(os.environ.get("GULOU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SHOTS = Path(os.environ.get("GULOU_SHOTS", "/tmp/shots"))
#: Markers of every browser test: localhost only.
BROWSER_MARKS = [pytest.mark.browser, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"streamlit not ready after {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; skip without it, but fail under CI=true."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found (apt-get install chromium fonts-wqy-microhei)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}: browser tests must run in CI")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` on a free port, from the repository root."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=settings.REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class RequestLog:
    """Every URL the browser asked for (HTTP requests and WebSockets), in order."""

    urls: list[str] = field(default_factory=list)
    #: Number of WebSocket messages the page sent to Streamlit (each rerun sends one).
    sent: list[int] = field(default_factory=list)

    def external(self) -> list[str]:
        """URLs that would leave this machine."""
        leaving = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about", "file", "chrome-error"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                leaving.append(url)
        return leaving


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def new_page(browser, width: int, height: int, log: RequestLog):
    """A fresh context and page of the given size that logs every request into ``log``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.on("request", lambda request: log.urls.append(request.url))
    page = context.new_page()

    def on_websocket(ws) -> None:
        log.urls.append(ws.url)
        ws.on("framesent", lambda payload: log.sent.append(len(payload)))

    page.on("websocket", on_websocket)
    return context, page


def map_frame(page, timeout_ms: int = 45_000):
    """The streamlit-folium iframe, once all five base layers have been drawn."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                frame.wait_for_function(
                    "() => window.gulou && (Object.keys(window.gulou.loaded).length"
                    " + Object.keys(window.gulou.failed).length) === 5",
                    timeout=timeout_ms,
                )
                return frame
        time.sleep(0.2)
    raise AssertionError("the map component never appeared")


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
