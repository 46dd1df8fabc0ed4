"""Without Chromium, browser tests skip on a laptop but fail under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _run_without_chromium(ci: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CI=ci, GULOU_CHROMIUM=str(HERE / "no-such-chromium"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rsE",
         str(HERE / "test_standalone_browser.py")],
        cwd=HERE.parents[1], env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(("ci", "fails"), [("true", True), ("", False)])
def test_missing_chromium_fails_only_in_ci(ci: str, fails: bool):
    result = _run_without_chromium(ci)
    output = result.stdout + result.stderr
    assert "no-such-chromium not found" in output
    if fails:
        assert result.returncode != 0 and "browser tests must run in CI" in output
    else:
        # every test of the file skips (the file's test count is its own business)
        assert result.returncode == 0 and " skipped in " in output
        assert " passed" not in output and " failed" not in output and " error" not in output
