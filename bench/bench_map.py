"""Benchmark: our map page against a naive GeoDataFrame.explore() baseline, in one run.

Prints, for each app:

- payload: bytes of the map the server sends on a filter change (the st_folium component's
  arguments), plus, for ours, the base layers the browser fetches once and then caches;
- rerun: server time of a filter-change rerun (median of repeats, Streamlit AppTest);
- first paint: time from navigation to the map drawn in headless Chromium (Debian's chromium).
  The baseline loads its scripts from CDNs, which this machine cannot reach: the benchmark serves
  those URLs from our vendored copies (as if the CDN answered instantly), in the baseline's favour.

Usage: ``python bench/bench_map.py [--repeats N] [--no-browser]``
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import settings  # noqa: E402
from webmap.assets import CDN_TO_VENDOR, VENDOR_DIR  # noqa: E402
from webmap.briefing import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

APPS = {"ours": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}
FILTERS = ([3], [5], [9], [11])  # chapter filters cycled through the reruns


def _component_bytes(at: AppTest) -> int:
    """Bytes of the map component's arguments (what the browser receives for the map)."""
    total = 0
    for component in at.get("component_instance"):
        if "st_folium" in component.proto.component_name:
            total += len(component.proto.json_args.encode("utf-8"))
    return total


def measure_server(script: Path, repeats: int) -> dict[str, float]:
    """Payload of a filter change and median rerun time, via AppTest."""
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
    return {"rerun_s": statistics.median(times), "payload_bytes": statistics.median(payloads)}


def static_base_bytes() -> int:
    """The base layers our browser fetches once (then cached)."""
    return sum(p.stat().st_size for p in (settings.STATIC_DIR / "base").glob("*.geojson"))


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


def first_paint(url: str, drawn_js: str, runs: int) -> float:
    """Median seconds from navigation to the map drawn (``drawn_js`` true in the map frame)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", _serve_cdn_locally)
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=90_000)
            frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            frame.wait_for_function(drawn_js, timeout=90_000, polling=50)
            times.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return statistics.median(times)


#: When is the map "painted": ours when the five base layers and the plan markers are drawn;
#: the baseline when its SVG paths (all layers are inline) are on screen.
DRAWN = {
    "ours": "() => window.gulou && Object.keys(window.gulou.loaded).length === 5"
    " && document.querySelectorAll('.plan-marker').length > 0",
    "naive": "() => document.querySelectorAll('path.leaflet-interactive').length > 1000",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="reruns per app (median)")
    parser.add_argument("--paint-runs", type=int, default=3, help="page loads per app (median)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-paint test")
    args = parser.parse_args()

    results = {name: measure_server(script, args.repeats) for name, script in APPS.items()}
    if not args.no_browser:
        for name, script in APPS.items():
            process, url = _serve(script)
            try:
                results[name]["first_paint_s"] = first_paint(url, DRAWN[name], args.paint_runs)
            finally:
                process.terminate()
                process.wait(timeout=10)
    _report(results)


def _report(results: dict[str, dict[str, float]]) -> None:
    ours, naive = results["ours"], results["naive"]
    print(f"{'':28}{'ours':>14}{'naive':>14}{'ours/naive':>12}")
    rows = [("map payload per rerun (bytes)", "payload_bytes", "{:,.0f}"),
            ("filter-change rerun (s, median)", "rerun_s", "{:.3f}"),
            ("first map paint (s, median)", "first_paint_s", "{:.2f}")]  # fmt: skip
    for title, key, fmt in rows:
        if key in ours:
            ratio = ours[key] / naive[key] if naive[key] else float("nan")
            print(
                f"{title:28}{fmt.format(ours[key]):>14}{fmt.format(naive[key]):>14}{ratio:>12.2f}"
            )
    print(
        f"ours, base layers fetched once and cached by the browser: {static_base_bytes():,} bytes"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
