"""A hostile link in a real browser: the values show as text and no request leaves localhost."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from browser_helpers import BROWSER_MARKS, LOCAL_HOSTS, RequestLog, map_frame, new_page, screenshot

pytestmark = BROWSER_MARKS

HOSTILE = {
    "lang": "![x](http://198.51.100.7/track.png)",
    "st": "[CLICK HERE](https://evil.example/login)",
    "q": "![y](http://198.51.100.8/t.png) <img src=http://198.51.100.9/i.png> www.evil.example",
}


def test_a_hostile_link_makes_no_external_request_and_no_link(browser, app_url):
    log = RequestLog()
    context, page = new_page(browser, 1400, 900, log)
    try:
        page.goto(f"{app_url}/?{urlencode(HOSTILE)}")
        map_frame(page)
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=stAlertContainer]').length >= 3",
            timeout=30_000,
        )
        page.wait_for_timeout(1000)  # let any image or prefetch the notices could cause start
        screenshot(page, "hostile_link_1400x900")
        assert log.external() == []
        alerts = page.locator("[data-testid=stAlertContainer]").all_inner_texts()
        text = " ".join(alerts).replace("\u2060", "")  # the invisible word joiner
        # the values are shown as typed, so the user sees what was ignored
        assert "[CLICK HERE](https://evil.example/login)" in text
        assert "![x](http://198.51.100.7/track.png)" in text
        links = page.eval_on_selector_all(
            "[data-testid=stAlertContainer] a, [data-testid=stAlertContainer] img",
            "els => els.map(e => e.outerHTML)",
        )
        assert links == []
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        # links to other pages keep the (encoded) query on localhost; none goes elsewhere
        assert not [h for h in hrefs if urlsplit(h).hostname not in LOCAL_HOSTS]
    finally:
        context.close()
