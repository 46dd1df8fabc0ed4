"""The ``gulou-map`` command when things go wrong: a clear message and an exit code, no traceback.

Each case is what a user typed when the defect was found (issue #10): an output folder that does
not exist, a broken browser for ``print``, a GeoPackage to a terminal, GDAL refusing to write.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from pyogrio.errors import DataSourceError

import cli
from geo import settings


def _run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("export", "--layer", "plan", "--format", "gpkg"),
        ("export", "--layer", "plan", "--format", "geojson"),
        ("export", "--layer", "plan", "--format", "html"),
        ("print", "--format", "png"),
        ("print", "--format", "pdf"),
    ],
)
def test_export_and_print_refuse_a_missing_folder_alike(argv, tmp_path: Path, capsys):
    target = tmp_path / "missing" / "sub" / "out.file"
    code, err = _run(capsys, *argv, "-o", str(target))
    assert code == 1
    assert err == (
        f"error: cannot write {target}: folder {target.parent} does not exist; "
        "create it first or choose another -o\n"
    )
    assert not (tmp_path / "missing").exists()


def test_a_folder_as_output_is_refused(tmp_path: Path, capsys):
    code, err = _run(capsys, "export", "--layer", "plan", "--format", "csv", "-o", str(tmp_path))
    assert code == 1 and f"error: {tmp_path} is a folder; give a file name" in err


class _Terminal(io.StringIO):
    """A stdout that says it is a terminal and records any bytes written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()

    def isatty(self) -> bool:
        return True


def test_a_geopackage_is_not_written_to_a_terminal(monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(cli.sys, "stdout", terminal)
    code, err = _run(capsys, "export", "--layer", "plan", "--format", "gpkg")
    assert code == 2
    assert "a GeoPackage is binary; write it to a file with -o FILE.gpkg" in err
    assert terminal.buffer.getvalue() == b"" and terminal.getvalue() == ""


def test_csv_to_a_terminal_is_still_fine(monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(cli.sys, "stdout", terminal)
    code, _ = _run(capsys, "export", "--layer", "indicators", "--format", "csv")
    assert code == 0 and terminal.buffer.getvalue().startswith(b"table,")


def test_gdal_refusing_to_write_is_one_line(monkeypatch, tmp_path: Path, capsys):
    def refuse(self, path, **kwargs):
        raise DataSourceError(f"sqlite3_open({path}) failed: unable to open database file")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", refuse)
    target = tmp_path / "x.gpkg"
    code, err = _run(capsys, "export", "--layer", "plan", "--format", "gpkg", "-o", str(target))
    assert code == 1
    assert err == (
        f"error: {target}: cannot write the GeoPackage "
        f"(sqlite3_open({target}) failed: unable to open database file)\n"
    )


def test_a_broken_browser_is_one_line(tmp_path: Path):
    pytest.importorskip("playwright")
    # As the user ran it: a fresh process (no other Playwright session in it) with a browser
    # that exits at once.
    target = tmp_path / "map.png"
    env = os.environ | {"GULOU_CHROMIUM": "/bin/false"}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "print", "--format", "png", "-o", str(target)],
        cwd=settings.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    err = result.stderr
    assert result.returncode == 1, err
    assert err.startswith("error: Chromium (/bin/false) failed: ")
    assert "Set GULOU_CHROMIUM to a working chromium" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
