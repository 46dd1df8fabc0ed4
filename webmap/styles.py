"""How the plan items look: status by colour *and* shape, layers by colour, precision by dash.

Status colours are the Okabe–Ito palette, chosen to stay distinct for the common forms of
colour blindness; each status also has its own marker shape, so the map reads without colour.
"""

from __future__ import annotations

from typing import NamedTuple


class StatusStyle(NamedTuple):
    """Marker style of one status."""

    colour: str
    shape: str  # circle, square, triangle, diamond, hexagon
    symbol: str  # the shape as a text glyph, for legends and tables


STATUS_STYLES: dict[str, StatusStyle] = {
    "completed": StatusStyle("#009E73", "square", "■"),
    "underway": StatusStyle("#E69F00", "triangle", "▲"),
    "planned": StatusStyle("#0072B2", "diamond", "◆"),
    "upgrading": StatusStyle("#CC79A7", "hexagon", "⬢"),
    "existing": StatusStyle("#4D4D4D", "circle", "●"),
}

#: Stroke/fill colour of lines and areas by map layer.
LAYER_COLOURS: dict[str, str] = {
    "structure": "#4400AA",  # STRUCTURE_COLOURS["axis"]: the layer's legend row is the axes
    "axis_landmarks": "#8C510A",
    "new_eight": "#D55E00",
    "commercial": "#E69F00",
    "parks_water": "#1B7837",
    "heritage": "#762A83",
    "projects": "#0072B2",
    "innovation": "#3F4FB5",
    "public_services": "#01665E",
}

#: The structure palette (双轴三片区), apart from the status colours and the metro colours:
#: no colour here lies within CIEDE2000 20 of a status colour or of a metro line
#: (tests/test_palettes.py). The axes run along metro Lines 1 (#EB212F, under 八一七路) and 4
#: (#FF7F00, under 杨桥路), so they are a deep violet rather than the district red.
STRUCTURE_COLOURS: dict[str, str] = {"axis": LAYER_COLOURS["structure"]}

#: Named zone tints (三片区), by item id, in the order the plan names them.
ZONE_TINTS: dict[str, str] = {
    "zone-modern-services": "#8DA0CB",
    "zone-culture-tourism": "#9C7B55",
    "zone-tech-ecology": "#99AA33",
}
#: The zone tints by the zones' sorted ids (the map picks a zone's tint by that index).
ZONE_COLOURS: tuple[str, ...] = tuple(ZONE_TINTS[key] for key in sorted(ZONE_TINTS))

#: Kinds whose lines/areas have their own colour regardless of layer. Water is a pale, wide
#: blue, so the Min River does not read as a metro line (Line 6 is #005EB8).
KIND_COLOURS: dict[str, str] = {"water": "#B3CDE3", "park": "#1B7837", "hill": "#4D9221"}

#: Dash pattern that marks schematic geometry (drawn solid when surveyed or approximate).
SCHEMATIC_DASH = "8 6"

#: Dot pattern that marks vicinity geometry (known only to a few hundred metres).
VICINITY_DASH = "2 5"

MARKER_SIZE = 18
#: Marker outline (colour, width): white, and dark and thicker for the selected item.
MARKER_STROKE: tuple[str, float] = ("#FFFFFF", 1.5)
SELECTED_STROKE: tuple[str, float] = ("#111111", 2.5)

_SHAPES = {
    "circle": '<circle cx="9" cy="9" r="6.5"/>',
    "square": '<rect x="3" y="3" width="12" height="12"/>',
    "triangle": '<path d="M9 2 L16.5 15.5 L1.5 15.5 Z"/>',
    "diamond": '<path d="M9 1.5 L16.5 9 L9 16.5 L1.5 9 Z"/>',
    "hexagon": '<path d="M9 1.5 L15.5 5.25 L15.5 12.75 L9 16.5 L2.5 12.75 L2.5 5.25 Z"/>',
}


def marker_svg(status: str, size: int = MARKER_SIZE, selected: bool = False) -> str:
    """Return the inline SVG marker of a status (fill = status colour, white outline).

    Parameters
    ----------
    status : str
        A status code of :data:`STATUS_STYLES`.
    size : int
        Pixel size of the square marker box.
    selected : bool
        Draw a thicker dark outline (the selected item).
    """
    if status not in STATUS_STYLES:
        raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUS_STYLES)}")
    style = STATUS_STYLES[status]
    stroke, width = SELECTED_STROKE if selected else MARKER_STROKE
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 18 18"><g fill="{style.colour}" stroke="{stroke}" '
        f'stroke-width="{width}">{_SHAPES[style.shape]}</g></svg>'
    )


def path_style(
    kind: str, layer: str, precision: str | None, zone_index: int = 0, outline: bool = False
) -> dict:
    """Leaflet path options for a line or area item.

    Parameters
    ----------
    kind, layer : str
        The item's kind and map layer.
    precision : str or None
        ``schematic`` geometry is dashed, ``vicinity`` geometry dotted.
    zone_index : int
        Position of a zone among the zones (picks its colour).
    outline : bool
        Only a thin outline, no fill (the area around a site drawn as a marker).
    """
    colour = KIND_COLOURS.get(kind, LAYER_COLOURS.get(layer, "#555555"))
    style = {"color": colour, "weight": 2, "opacity": 0.9, "fillColor": colour, "fillOpacity": 0.15}
    if kind == "zone":
        colour = ZONE_COLOURS[zone_index % len(ZONE_COLOURS)]
        style.update(color=colour, fillColor=colour, fillOpacity=0.08, weight=2.5)
    elif kind == "axis":
        axis = STRUCTURE_COLOURS["axis"]
        style.update(color=axis, fillColor=axis, weight=7, opacity=0.75)
    elif kind in ("water",):
        style.update(weight=7, opacity=1, fillOpacity=0.6)
    elif kind in ("park", "hill"):
        style.update(fillOpacity=0.3)
    elif kind in ("belt", "area", "commercial_district"):
        # Large and overlapping: a faint tint, so what lies inside stays readable.
        style.update(fillOpacity=0.06, weight=1.8)
    if outline:
        style.update(weight=1.5, opacity=0.8, fill=False, fillOpacity=0)
    if precision == "schematic":
        style["dashArray"] = SCHEMATIC_DASH
    elif precision == "vicinity":
        style["dashArray"] = VICINITY_DASH
    return style
