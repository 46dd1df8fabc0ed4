"""Helpers of the real-browser tests (request log, pages, the map iframe, screenshots)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SHOTS = Path(os.environ.get("GULOU_SHOTS", "/tmp/shots"))
#: Markers of every browser test: localhost only.
BROWSER_MARKS = [pytest.mark.browser, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]


@dataclass
class RequestLog:
    """Every URL the browser asked for (HTTP requests and WebSockets), in order."""

    urls: list[str] = field(default_factory=list)
    #: Number of WebSocket messages the page sent to Streamlit (each rerun sends one).
    sent: list[int] = field(default_factory=list)
    #: Uncaught exceptions and console errors of the page and its frames.
    errors: list[str] = field(default_factory=list)

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


def new_page(browser, width: int, height: int, log: RequestLog):
    """A fresh context and page of the given size that logs every request into ``log``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.on("request", lambda request: log.urls.append(request.url))
    page = context.new_page()

    def on_websocket(ws) -> None:
        log.urls.append(ws.url)
        ws.on("framesent", lambda payload: log.sent.append(len(payload)))

    page.on("websocket", on_websocket)
    page.on("pageerror", lambda err: log.errors.append(f"pageerror: {err}"))
    page.on(
        "console",
        lambda msg: log.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
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
