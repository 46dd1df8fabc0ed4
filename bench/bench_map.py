"""Benchmark: our map page against a naive GeoDataFrame.explore() baseline, in one run.

Prints, for each app:

- payload: the bytes the browser receives for one filter change (a chapter ticked or
  unticked in the sidebar), measured in headless Chromium (Debian's chromium): every WebSocket
  frame and HTTP response from the click until the page is quiet again, median of the changes;
- rerun: server time of a filter-change rerun (median of repeats, Streamlit AppTest);
- first paint: time from navigation to the map drawn in headless Chromium.
  The baseline loads its scripts from CDNs, which this machine cannot reach: the benchmark serves
  those URLs from our vendored copies (as if the CDN answered instantly), in the baseline's favour;
- for ours, also the static public site's first paint (``gulou-map site`` served by a plain
  static web server on localhost, a fresh browser profile each time).

Usage: ``python bench/bench_map.py [--repeats N] [--no-browser]``; the last line printed is one
JSON object ``{"ours": {...}, "naive": {...}}``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import settings  # noqa: E402
from layers.plan import filter_items, load_outline, load_plan_items  # noqa: E402
from webmap.assets import CDN_TO_VENDOR, VENDOR_DIR  # noqa: E402
from webmap.briefing import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from webmap.i18n import t  # noqa: E402
from webmap.site import build_site  # noqa: E402

APPS = {"ours": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}
FILTERS = ([3], [5], [9], [11])  # chapter filters cycled through the reruns
#: The chapter multiselect's label in each app.
CHAPTER_LABEL = {"ours": t("filter_chapter", "zh"), "naive": "chapter"}
#: Quiet time that ends a filter change (no frame, no response for this long).
QUIET_S = 1.0


def _component_bytes(at: AppTest) -> int:
    """Bytes of the map component's arguments (what the server sends for the map)."""
    total = 0
    for component in at.get("component_instance"):
        if "st_folium" in component.proto.component_name:
            total += len(component.proto.json_args.encode("utf-8"))
    return total


def measure_server(script: Path, repeats: int) -> dict[str, float]:
    """Median rerun time of a filter change and the map component's size, via AppTest."""
    at = AppTest.from_file(str(script), default_timeout=120).run()
    if at.exception:
        raise RuntimeError(f"{script.name}: {at.exception[0].message}")
    times, payloads = [], []
    for i in range(repeats):
        at.multiselect(key="w_ch").set_value(FILTERS[i % len(FILTERS)])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        payloads.append(_component_bytes(at))
    return {"rerun_s": statistics.median(times), "component_bytes": statistics.median(payloads)}


def static_base_bytes() -> int:
    """The base layers and plan items our browser fetches once (then cached)."""
    files = [*(settings.STATIC_DIR / "base").glob("*.geojson")]
    files += [*(settings.STATIC_DIR / "plan").glob("*.geojson")]
    return sum(p.stat().st_size for p in files)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(script: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{script.name}: server did not start")


def _serve_cdn_locally(route) -> None:
    """Answer the baseline's CDN requests from our vendored files; refuse anything else."""
    url = route.request.url
    if url.startswith("http://127.0.0.1"):
        route.continue_()
        return
    local = CDN_TO_VENDOR.get(url.split("?")[0])
    if local is None:
        route.abort()
        return
    route.fulfill(path=str(VENDOR_DIR / local))


def _map_frame(page):
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=90_000)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                return frame
        time.sleep(0.05)
    raise RuntimeError("the map component never appeared")


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", _serve_cdn_locally)
    return context, context.new_page()


def first_paint(browser, url: str, drawn_js: str, runs: int) -> float:
    """Median seconds from navigation to the map drawn (``drawn_js`` true in the map frame)."""
    times = []
    for _ in range(runs):
        context, page = _open(browser, url)
        start = time.perf_counter()
        page.goto(url)
        _map_frame(page).wait_for_function(drawn_js, timeout=90_000, polling=50)
        times.append(time.perf_counter() - start)
        context.close()
    return statistics.median(times)


class _Traffic:
    """Bytes the page receives: WebSocket frames and HTTP response bodies, with their time."""

    def __init__(self, page) -> None:
        self.events: list[tuple[float, int]] = []
        self.finished: list[float] = []  # when Streamlit said a script run finished
        page.on("websocket", self._websocket)
        page.on("requestfinished", self._response)

    def _websocket(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        self._add(len(data))
        with contextlib.suppress(Exception):  # not a Streamlit message: just bytes
            if ForwardMsg.FromString(data).WhichOneof("type") == "script_finished":
                self.finished.append(time.monotonic())

    def _response(self, request) -> None:
        # a request of a page that closed meanwhile: nothing received
        with contextlib.suppress(Exception):
            self._add(request.sizes()["responseBodySize"])

    def _add(self, size: int) -> None:
        self.events.append((time.monotonic(), size))

    def since(self, start: float) -> int:
        return sum(size for at, size in self.events if at >= start)

    def wait_finished(self, page, start: float, limit: float = 90) -> None:
        """Until Streamlit reports the rerun started after ``start`` finished."""
        deadline = time.monotonic() + limit
        while not any(at >= start for at in self.finished):
            if time.monotonic() > deadline:
                raise RuntimeError("the rerun never finished")
            page.wait_for_timeout(50)

    def wait_quiet(self, page, quiet: float = QUIET_S, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            last = self.events[-1][0] if self.events else 0
            if time.monotonic() - last >= quiet:
                return
        raise RuntimeError("the page never went quiet")


def filter_change_bytes(browser, name: str, url: str, drawn_js: str, repeats: int) -> float:
    """Median bytes the browser receives per filter change (tick, then untick a chapter)."""
    context, page = _open(browser, url)
    traffic = _Traffic(page)
    page.goto(url)
    _map_frame(page).wait_for_function(drawn_js, timeout=90_000, polling=50)
    traffic.wait_quiet(page)
    items = load_plan_items()
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text=CHAPTER_LABEL[name]
    )
    sizes = []
    for i in range(repeats):
        chapter = FILTERS[i % len(FILTERS)][0]
        count = len(filter_items(items, chapters=[chapter]))
        start = time.monotonic()
        box.click()
        # typed, as a user narrows a long list (the list only renders its visible options)
        page.keyboard.type(f"第{chapter}章" if name == "ours" else str(chapter))
        option = re.compile(rf"^(第{chapter}章.*|{chapter})$")
        page.get_by_role("option").filter(has_text=option).first.click()
        page.keyboard.press("Escape")
        _wait_count(page, count)
        traffic.wait_finished(page, start)
        traffic.wait_quiet(page)
        sizes.append(traffic.since(start))
        start = time.monotonic()  # and back: untick it (another filter change)
        box.click()
        page.keyboard.press("Backspace")  # removes the chosen chapter
        page.keyboard.press("Escape")
        _wait_count(page, len(items))
        traffic.wait_finished(page, start)
        traffic.wait_quiet(page)
        sizes.append(traffic.since(start))
    context.close()
    return statistics.median(sizes)


def _wait_count(page, n: int) -> None:
    page.get_by_text(t("showing", "zh", n=n), exact=True).first.wait_for(timeout=60_000)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static web server, as a CDN or object storage would serve the site."""

    def log_message(self, *args) -> None:  # no log line per request
        pass


def site_first_paint(browser, runs: int) -> float:
    """Median first paint of the static site from a plain static web server (fresh profile)."""
    with tempfile.TemporaryDirectory() as folder:
        build_site(Path(folder), load_plan_items(), load_outline())
        handler = functools.partial(_QuietHandler, directory=folder)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        times = []
        try:
            for _ in range(runs):
                context, page = _open(browser, url)
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_function(SITE_DRAWN, timeout=60_000, polling=50)
                times.append(time.perf_counter() - start)
                context.close()
        finally:
            server.shutdown()
    return statistics.median(times)


#: When is the map "painted": ours when the five base layers and the plan markers are drawn;
#: the baseline when its SVG paths (all layers are inline) are on screen.
DRAWN = {
    "ours": "() => window.gulou && Object.keys(window.gulou.loaded).length === 5"
    " && document.querySelectorAll('.plan-marker').length > 0",
    "naive": "() => document.querySelectorAll('path.leaflet-interactive').length > 1000",
}
SITE_DRAWN = DRAWN["ours"] + " && !!(window.gulou.site && window.gulou.site.view)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="reruns per app (median)")
    parser.add_argument("--paint-runs", type=int, default=3, help="page loads per app (median)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measures")
    args = parser.parse_args()

    results = {name: measure_server(script, args.repeats) for name, script in APPS.items()}
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            for name, script in APPS.items():
                process, url = _serve(script)
                try:
                    results[name]["first_paint_s"] = first_paint(
                        browser, url, DRAWN[name], args.paint_runs
                    )
                    changes = max(1, (args.repeats + 1) // 2)  # each: a tick and an untick
                    results[name]["payload_bytes"] = filter_change_bytes(
                        browser, name, url, DRAWN[name], changes
                    )
                finally:
                    process.terminate()
                    process.wait(timeout=10)
            results["ours"]["site_first_paint_s"] = site_first_paint(browser, args.paint_runs)
            browser.close()
    _report(results)


def _report(results: dict[str, dict[str, float]]) -> None:
    ours, naive = results["ours"], results["naive"]
    print(f"{'':36}{'ours':>14}{'naive':>14}{'ours/naive':>12}")
    rows = [("bytes received per filter change", "payload_bytes", "{:,.0f}"),
            ("map component per rerun (bytes)", "component_bytes", "{:,.0f}"),
            ("filter-change rerun (s, median)", "rerun_s", "{:.3f}"),
            ("first map paint (s, median)", "first_paint_s", "{:.2f}")]  # fmt: skip
    for title, key, fmt in rows:
        if key in ours and key in naive:
            ratio = ours[key] / naive[key] if naive[key] else float("nan")
            print(
                f"{title:36}{fmt.format(ours[key]):>14}{fmt.format(naive[key]):>14}{ratio:>12.3f}"
            )
    if "site_first_paint_s" in ours:
        print(f"{'static site first paint (s, median)':36}{ours['site_first_paint_s']:>14.2f}")
    cached = static_base_bytes()
    print(f"ours, base layers and plan items fetched once and cached: {cached:,} bytes")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
