"""Shared fixtures: paths to the offline sources, skipped with a reason when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import settings


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The offline source folder (../shared/sources), or skip: a user's fresh clone lacks it."""
    if not (settings.SOURCES_DIR / "README.md").exists():
        pytest.skip(f"offline sources not found at {settings.SOURCES_DIR} (set GULOU_SOURCES)")
    return settings.SOURCES_DIR


@pytest.fixture(scope="session")
def plan_text_path() -> Path:
    """The plan's full text (../shared/plan), or skip."""
    if not settings.PLAN_TEXT.exists():
        pytest.skip(f"plan text not found at {settings.PLAN_TEXT} (set GULOU_PLAN_TEXT)")
    return settings.PLAN_TEXT
