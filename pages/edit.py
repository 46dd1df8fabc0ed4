"""Edit page (only when the deployment turns edit mode on): planners propose an item's current
status with its evidence or a new position, review each proposal as before/after, then apply,
reject or revert it. Every change is checked like the build and logged with who, when and why
(``layers.edits``); the plan's baseline never changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit_folium import st_folium

from geo import settings
from layers.base import load_base_layer
from layers.edits import (
    ChangeStore,
    ConflictError,
    apply_changes,
    current_values,
    edit_mode,
    pending,
    prepare_place,
    prepare_status,
    revertible,
    user_header,
)
from layers.vocab import PRECISIONS, STATUSES, label
from pages._ui import committed_items, current_view, md
from webmap.answers import selection_group
from webmap.basemap import add_layer_control, base_map
from webmap.i18n import name_field, t

_KIND_LABELS = {"status": "edit_tab_status", "position": "edit_tab_place"}
#: How many applied changes the page lists for reverting (newest first).
RECENT = 15
#: The evidence fields, emptied after a proposal so the next one starts blank.
_EVIDENCE_KEYS = ("edit_basis", "edit_document", "edit_date", "edit_source")


@st.cache_data(show_spinner=False)
def _plan_text(path: str) -> str | None:
    """The plan's text for checking a basis quoted from it (None when absent here)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


@st.cache_data(show_spinner=False)
def _district_centre():
    """Where an item without a position starts: a point inside the district."""
    return load_base_layer("district").geometry.union_all().representative_point()


def _auth_configured() -> bool:
    """True when the deployment configured Streamlit's login (``[auth]`` in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def _who(lang: str) -> str | None:
    """The signed-in user (Streamlit's login or the trusted proxy header), else a typed name.

    With Streamlit's login configured, only a signed-in user may edit (no typed names).
    """
    if _auth_configured():
        if st.user.get("is_logged_in", False):
            return str(st.user.get("email") or st.user.get("name"))
        st.button(t("edit_login", lang), key="edit_login", on_click=st.login)
        return None
    header = user_header()
    if header and st.context.headers.get(header):
        return st.context.headers[header]
    name = st.text_input(t("edit_your_name", lang), key="edit_name", max_chars=40)
    return name.strip() or None


def _status_text(code: str, lang: str) -> str:
    return label(STATUSES, code, lang)


def _value_rows(event: dict, lang: str) -> pd.DataFrame:
    """Before and after of a change, one row per attribute, for the review."""
    before, after = event["before"] or {}, event["after"] or {}
    if event["field"] == "status":
        evidence = event["evidence"]
        rows = [
            (t("status", lang), _status_text(before.get("status", ""), lang),
             _status_text(after["status"], lang)),
            (t("current_basis", lang), "", evidence.get("basis", "")),
            (t("edit_document", lang), "", evidence.get("document") or t("plan_text", lang)),
            (t("edit_date", lang), "", evidence.get("date", "")),
        ]  # fmt: skip
    else:
        point = before.get("point")
        rows = [
            (t("edit_point", lang), f"{point[0]:.6f}, {point[1]:.6f}" if point else "—",
             f"{after['point'][0]:.6f}, {after['point'][1]:.6f}"),
            (t("precision", lang), label(PRECISIONS, before.get("precision") or "", lang),
             label(PRECISIONS, after["precision"], lang)),
            (t("position_source", lang), before.get("source") or "", after["source"]),
        ]  # fmt: skip
    columns = ["", t("edit_before", lang), t("edit_after", lang)]
    return pd.DataFrame(rows, columns=columns)


def _pick_item(items, lang: str, selected: str | None) -> str:
    name = name_field(lang)
    ordered = items.sort_values(name)
    names = dict(zip(ordered["id"], ordered[name], strict=True))
    options = list(names)
    return st.selectbox(
        t("edit_item", lang),
        options,
        index=options.index(selected) if selected in options else 0,
        format_func=lambda item_id: f"{names[item_id]} ({item_id})",
        key="edit_item",
    )


def _show_item(row: pd.Series, lang: str) -> None:
    status = _status_text(row["status"], lang)
    baseline = _status_text(row["baseline_status"], lang)
    basis = (
        f"「{row['status_basis']}」"
        if isinstance(row["status_basis"], str) and row["status_basis"]
        else t("status_silent", lang)
    )
    lines = [
        f"**{t('status', lang)}**: {md(status)}",
        f"**{t('baseline_status', lang)}**: {md(baseline)} {md(basis)}",
    ]
    if isinstance(row.get("current_date"), str):
        source = row["current_document"] or t("plan_text", lang)
        evidence = f"「{row['current_basis']}」（{source}，{row['current_date']}）"
        lines.append(f"**{t('current_basis', lang)}**: {md(evidence)}")
    st.markdown("  \n".join(lines))


def _propose(store: ChangeStore, prepare, who: str, lang: str) -> None:
    """Check a change and record it as a proposal; say what was refused and why."""
    try:
        event = store.propose(prepare(), who)
    except ValueError as err:
        st.error(f"{t('edit_refused', lang)} {err}")
        return
    st.session_state["edit_message"] = t("edit_proposed", lang, change=event["change"])
    # a widget's value cannot change once it is drawn: empty them before the next run draws them
    st.session_state["_edit_clear"] = True
    st.rerun()


def _status_form(store, items, events, item_id: str, row, who: str, lang: str) -> None:
    codes = list(STATUSES)
    status = st.selectbox(
        t("edit_new_status", lang), codes, index=codes.index(row["status"]),
        format_func=lambda code: _status_text(code, lang), key="edit_status",
    )  # fmt: skip
    basis = st.text_area(t("edit_basis", lang), key="edit_basis", help=t("edit_basis_help", lang))
    document = st.text_input(t("edit_document", lang), key="edit_document")
    when = st.date_input(
        t("edit_date", lang), value=None, format="YYYY-MM-DD", key="edit_date",
        help=t("edit_date_help", lang),
    )  # fmt: skip
    if st.button(t("edit_propose", lang), key="edit_propose_status", type="primary"):
        _propose(
            store,
            lambda: prepare_status(
                items,
                events,
                item_id,
                status,
                basis,
                document=document.strip() or None,
                when=when.isoformat() if when else None,
                plan_text=_plan_text(str(settings.PLAN_TEXT)),
            ),
            who,
            lang,
        )


def _place_form(store, items, events, items_now, item_id: str, row, who: str, lang: str) -> None:
    st.caption(t("edit_click_hint", lang))
    geometry = row.geometry
    centre = geometry.representative_point() if geometry is not None else None
    if st.session_state.get("_edit_for") != item_id:  # another item: start from its position
        st.session_state["_edit_for"] = item_id
        start = centre if centre is not None else _district_centre()
        st.session_state["edit_lon"] = round(start.x, 6)
        st.session_state["edit_lat"] = round(start.y, 6)
    fmap = base_map(lang=lang, tools=False)
    now_group = selection_group(items_now, item_id)  # the item where it is now, emphasised
    if now_group is not None:
        now_group.add_to(fmap)
    proposed = (st.session_state.get("edit_lat"), st.session_state.get("edit_lon"))
    if None not in proposed:  # the position the fields hold (a click moves it)
        folium.CircleMarker(
            list(proposed), radius=9, color="#b3202a", weight=3, fill=True, fill_opacity=0.3,
            tooltip=t("edit_new_here", lang),
        ).add_to(fmap)  # fmt: skip
    add_layer_control(fmap, collapsed=True)  # also serves every asset from static/vendor
    result = st_folium(
        fmap, key="edit_map", height=420, use_container_width=True,
        returned_objects=["last_clicked"],
        center=[centre.y, centre.x] if centre is not None else None,
        zoom=16 if centre is not None else None,
    )  # fmt: skip
    clicked = (result or {}).get("last_clicked")
    if clicked and st.session_state.get("_edit_click") != json.dumps(clicked):
        # a new click fills the fields and redraws its marker
        st.session_state["_edit_click"] = json.dumps(clicked)
        st.session_state["edit_lon"] = round(float(clicked["lng"]), 6)
        st.session_state["edit_lat"] = round(float(clicked["lat"]), 6)
        st.rerun()
    left, right = st.columns(2)
    lon = left.number_input(t("edit_lon", lang), format="%.6f", step=0.0001, key="edit_lon")
    lat = right.number_input(t("edit_lat", lang), format="%.6f", step=0.0001, key="edit_lat")
    codes = list(PRECISIONS)
    precision = st.selectbox(
        t("precision", lang), codes, index=codes.index("approximate"),
        format_func=lambda code: label(PRECISIONS, code, lang), key="edit_precision",
    )  # fmt: skip
    source = st.text_input(t("position_source", lang), key="edit_source")
    if st.button(t("edit_propose", lang), key="edit_propose_place", type="primary"):
        _propose(
            store,
            lambda: prepare_place(items, events, item_id, lon, lat, precision, source),
            who,
            lang,
        )


def _decide(action, who: str, lang: str) -> None:
    try:
        event = action()
    except ConflictError as err:
        st.error(f"{t('edit_conflict', lang)} {err}")
        return
    except ValueError as err:
        st.error(f"{t('edit_refused', lang)} {err}")
        return
    st.session_state["edit_message"] = t(
        f"edit_done_{event['action']}", lang, change=event["change"]
    )
    st.rerun()


def _title(event: dict, names: dict, lang: str) -> str:
    field = t("edit_tab_status" if event["field"] == "status" else "edit_tab_place", lang)
    return f"{event['change']} · {names.get(event['item'], event['item'])} · {field}"


def _when(event: dict) -> str:
    """``2026-03-02T09:00:00Z`` as ``2026-03-02 09:00 UTC``."""
    return event["at"][:16].replace("T", " ") + " UTC"


def _review(store: ChangeStore, events: list[dict], names: dict, who: str, lang: str) -> None:
    st.subheader(t("edit_review", lang))
    waiting = pending(events)
    if not waiting:
        st.caption(t("edit_no_proposals", lang))
    for event in waiting:
        change = event["change"]
        with st.container(border=True):
            st.markdown(f"**{md(_title(event, names, lang))}**")
            st.caption(md(t("edit_proposed_by", lang, who=event["by"], at=_when(event))))
            st.table(_value_rows(event, lang))
            left, right = st.columns(2)
            if left.button(t("edit_apply", lang), key=f"apply_{change}", type="primary"):
                _decide(lambda c=change: store.apply(c, who), who, lang)
            reason = right.text_input(t("edit_reason", lang), key=f"reason_{change}")
            if right.button(t("edit_reject", lang), key=f"reject_{change}"):
                _decide(lambda c=change, r=reason: store.reject(c, who, r), who, lang)


def _recent(store: ChangeStore, events: list[dict], names: dict, who: str, lang: str) -> None:
    st.subheader(t("edit_applied", lang))
    # the change in force per item and field; a replaced or reverted one is history (CLI)
    in_force = sorted(current_values(events).values(), key=lambda e: e["seq"])[::-1][:RECENT]
    if not in_force:
        ever = any(e["action"] == "apply" for e in events)
        st.caption(t("edit_all_reverted" if ever else "edit_none_applied", lang))
    for event in in_force:
        change = event["change"]
        with st.container(border=True):
            st.markdown(f"**{md(_title(event, names, lang))}**")
            st.caption(md(t("edit_applied_by", lang, who=event["by"], at=_when(event))))
            st.table(_value_rows(event, lang))
            try:
                revertible(events, change)
            except ValueError:
                continue  # defensive: only the change in force can be withdrawn
            reason = st.text_input(t("edit_reason", lang), key=f"revert_reason_{change}")
            if st.button(t("edit_revert", lang), key=f"revert_{change}"):
                _decide(lambda c=change, r=reason: store.revert(c, who, r), who, lang)


def render() -> None:
    """The whole edit page."""
    view = current_view()
    lang = view.lang
    st.title(t("page_edit", lang))
    if not edit_mode():  # a fresh server may still run this file by its URL
        st.error(t("edit_off", lang))
        st.stop()
    st.caption(t("edit_intro", lang))
    if st.session_state.pop("_edit_clear", False):
        for key in _EVIDENCE_KEYS:
            st.session_state.pop(key, None)
    message = st.session_state.pop("edit_message", None)
    if message:
        st.success(message)
    who = _who(lang)
    if not who:
        st.warning(t("edit_name_needed", lang))
        st.stop()
    st.caption(t("edit_signed", lang, who=who))
    store = ChangeStore()
    try:
        events = store.read()
    except ValueError as err:
        st.error(str(err))
        st.stop()
    items = committed_items()
    now = apply_changes(items, events)
    item_id = _pick_item(now, lang, view.selected)
    row = now[now["id"] == item_id].iloc[0]
    _show_item(row, lang)
    # a choice rather than tabs: a map in a hidden tab is drawn with no size
    kind = st.radio(
        t("edit_what", lang), ["status", "position"], horizontal=True, key="edit_kind",
        format_func=lambda code: t(_KIND_LABELS[code], lang),
    )  # fmt: skip
    if kind == "status":
        _status_form(store, items, events, item_id, row, who, lang)
    else:
        _place_form(store, items, events, now, item_id, row, who, lang)
    name = name_field(lang)
    names = dict(zip(items["id"], items[name], strict=True))
    _review(store, events, names, who, lang)
    _recent(store, events, names, who, lang)


render()
