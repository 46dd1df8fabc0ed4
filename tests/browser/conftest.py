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
from pathlib import Path

import pytest

from geo import settings
from webmap.briefing import CHROMIUM, CHROMIUM_ARGS


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


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
