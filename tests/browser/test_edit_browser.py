"""The edit page in a real browser: a click on the map places the item, the proposal is reviewed
and applied, and nothing leaves localhost.

The server runs with edit mode on and its change log in a tmp folder (never data/).
"""

from __future__ import annotations

import json
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
from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot

from geo import settings
from webmap.i18n import t

pytestmark = BROWSER_MARKS

#: Metres per pixel of web-mercator zoom 16 at the campus (26.076° N): 156543.03 × cos φ / 2¹⁶,
#: and metres per degree of latitude there (WGS84): a click 60 px north of the centre is
#: 60 × 2.146 m = 128.8 m north, 128.8 / 110 767 ≈ 0.00116°.
CLICK_PX = 60
EXPECTED_DLAT = CLICK_PX * 156543.03 * 0.89824 / 2**16 / 110_767
#: Streamlit probes /<page>/_stcore/... first when a page URL is opened directly (two 404s).
PROBE_ERROR = "console: Failed to load resource: the server responded with a status of 404"


@pytest.fixture(scope="module")
def edit_server(chromium_path, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """``streamlit run app.py`` with GULOU_EDIT=1 on a free port; the log in a tmp folder."""
    folder = tmp_path_factory.mktemp("edit_server")
    changes = folder / "changes.jsonl"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, GULOU_EDIT="1", GULOU_CHANGES=str(changes))
    with (folder / "streamlit.log").open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=settings.REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline and proc.poll() is None, "server not ready"
                time.sleep(0.3)
        yield url, changes
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)])
def test_a_map_click_places_the_item_and_the_proposal_is_applied(browser, edit_server, size):
    url, changes = edit_server
    changes.unlink(missing_ok=True)
    log = RequestLog()
    context, page = new_page(browser, *size, log)
    try:
        page.goto(f"{url}/edit?f=fzu-yishan-campus")
        page.get_by_label(t("edit_your_name")).fill("张工")
        page.keyboard.press("Enter")
        page.get_by_text(t("edit_tab_place"), exact=True).first.click()
        map_frame(page, 60_000)
        latitude, longitude = page.get_by_label(t("edit_lat")), page.get_by_label(t("edit_lon"))
        start = float(latitude.input_value())
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first
        frame.scroll_into_view_if_needed()
        time.sleep(1)
        box = frame.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - CLICK_PX)
        deadline = time.monotonic() + 30
        while float(latitude.input_value()) == start and time.monotonic() < deadline:
            time.sleep(0.3)
        moved = float(latitude.input_value()) - start
        # the map opens centred on the campus at zoom 16 (the marker is the map's centre)
        assert moved == pytest.approx(EXPECTED_DLAT, abs=0.0002)
        assert float(longitude.input_value()) == pytest.approx(119.2636, abs=0.0002)
        page.get_by_label(t("position_source")).fill("main gate on 工业路, local knowledge")
        page.keyboard.press("Enter")
        time.sleep(1)
        page.get_by_role("button", name=t("edit_propose")).click()
        page.get_by_text(t("edit_proposed", change="c1")).wait_for(timeout=30_000)
        page.get_by_role("button", name=t("edit_apply")).click()
        page.get_by_text(t("edit_done_apply", change="c1")).wait_for(timeout=30_000)
        screenshot(page, f"edit_applied_{size[0]}")
        events = [json.loads(line) for line in changes.read_text("utf-8").splitlines()]
        assert [e["action"] for e in events] == ["propose", "apply"]
        assert events[1]["after"]["point"][1] == pytest.approx(26.0762 + EXPECTED_DLAT, abs=2e-4)
        assert events[1]["by"] == "张工"
    finally:
        context.close()
    assert log.external() == []
    assert [e for e in log.errors if not e.startswith(PROBE_ERROR)] == []
