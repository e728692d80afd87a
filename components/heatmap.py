"""The agent x benchmark heatmap, drawn in the browser from one page of prepared rows.

Like the ranked table, the server sorts and pages, so the browser holds one page whatever the
number of agents. Cells are coloured by score on a colour-blind-safe sequential scale; hovering
one shows its benchmark, score, interval and cost. Every text from a dataset is set with
`textContent`. Clicking an agent (or any of its cells) selects it, everywhere on the site.
"""

from __future__ import annotations

import pandas as pd
import param
from panel.custom import JSComponent

from abl.heatmap import OVERALL, category_of
from abl.plot_data import OPENNESS_COLORS, TOOLING_GLYPHS, format_cost, format_score


def heat_columns(columns: list[str]) -> list[dict]:
    return [{"key": c, "title": c, "group": "" if c == OVERALL else category_of(c)} for c in columns]


def _cell(record: dict, column: str) -> dict | None:
    score = record[f"{column} score"]
    if pd.isna(score):
        return None
    return {
        "v": float(score),
        "t": f"{score * 100:.0f}",
        "h": [
            column,
            "Score " + format_score(score, record[f"{column} score_ci"]),
            "Cost " + format_cost(record[f"{column} cost"], record[f"{column} cost_ci"]),
        ],
    }


def heat_rows(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Display rows: id, rank, agent text, its tooling glyph and openness colour, one cell per column."""
    out = []
    for record in frame.to_dict("records"):
        out.append(
            {
                "id": record["id"],
                "rank": int(record["rank"]),
                "agent": record["label"],
                "g": TOOLING_GLYPHS.get(record["tooling"], "■"),
                "c": OPENNESS_COLORS.get(record["openness"], OPENNESS_COLORS["Unknown"]),
                "cells": [_cell(record, c) for c in columns],
            }
        )
    return out


class HeatmapGrid(JSComponent):
    columns = param.List(default=[], doc="[{key, title, group}]")
    rows = param.List(default=[], doc="the rows of the current page")
    selected = param.List(default=[], doc="ids of the selected agents")
    sort = param.List(default=[OVERALL, "desc"], doc="[column key, 'asc' | 'desc']")
    page = param.Integer(default=1, bounds=(1, None))
    pages = param.Integer(default=1)
    total = param.Integer(default=0)
    page_size = param.Integer(default=50)

    _esm = """
    // Viridis, a perceptually uniform scale readable with colour-blindness, from 0% to 100%.
    const STOPS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"]
    const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
    const colour = (v) => {
      const x = Math.min(Math.max(v, 0), 1) * (STOPS.length - 1)
      const i = Math.min(Math.floor(x), STOPS.length - 2), f = x - i
      const [a, b] = [rgb(STOPS[i]), rgb(STOPS[i + 1])]
      const c = a.map((p, k) => Math.round(p + (b[k] - p) * f))
      const light = (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) > 140
      return [`rgb(${c.join(",")})`, light ? "#111" : "#fff"]
    }
    const el = (tag, cls, text) => {
      const e = document.createElement(tag)
      if (cls) { e.className = cls }
      if (text != null) { e.textContent = String(text) }
      return e
    }

    export function render({ model }) {
      const root = el("div", "heat")
      const count = el("div", "count")
      const scroller = el("div", "scroller")
      const table = el("table")
      const thead = el("thead"), tbody = el("tbody")
      table.append(thead, tbody)
      scroller.append(table)
      const tip = el("div", "tip")
      tip.hidden = true
      tip.setAttribute("role", "tooltip")
      const scale = el("div", "scale")
      scale.append(el("span", null, "0%"), el("span", "bar"), el("span", null, "100%"),
                   el("span", "none", "\\u2014"), el("span", null, "not run"))
      const pager = el("nav", "pager")
      pager.setAttribute("aria-label", "Heatmap pages")
      root.append(el("div", "top"), scroller, pager, tip)
      root.firstChild.append(count, scale)

      const toggle = (id) => {
        model.selected = model.selected.includes(id) ? model.selected.filter((s) => s !== id) : [...model.selected, id]
      }
      const showTip = (event, lines, agent) => {
        tip.replaceChildren(el("b", null, agent), ...lines.map((l) => el("div", null, l)))
        tip.hidden = false
        const box = root.getBoundingClientRect()
        const x = event.clientX - box.left + 14, y = event.clientY - box.top + 14
        tip.style.left = Math.min(x, box.width - tip.offsetWidth - 4) + "px"
        tip.style.top = y + "px"
      }

      const drawHead = () => {
        const tr = el("tr")
        tr.append(el("th", "rank", "#"), el("th", "agent", "Agent"))
        const [key, dir] = model.sort
        for (const col of model.columns) {
          const th = el("th", "col")
          const b = el("button", "sort")
          b.append(el("span", "vert", col.title))
          b.type = "button"
          b.title = (col.group ? col.group + ": " : "") + col.title + " — sort by score"
          const active = col.key === key
          th.setAttribute("aria-sort", active ? (dir === "asc" ? "ascending" : "descending") : "none")
          if (active) { b.append(el("span", "arrow", dir === "asc" ? " \\u25B2" : " \\u25BC")) }
          b.addEventListener("click", () => { model.sort = [col.key, active && dir === "desc" ? "asc" : "desc"] })
          th.append(b)
          tr.append(th)
        }
        thead.replaceChildren(tr)
      }

      const drawBody = () => {
        const out = model.rows.map((row) => {
          const tr = el("tr", model.selected.includes(row.id) ? "picked" : null)
          tr.dataset.id = row.id
          const name = el("button", "name")
          name.type = "button"
          const glyph = el("span", "icon", row.g)
          glyph.style.color = row.c
          name.append(glyph, el("span", null, row.agent))
          name.setAttribute("aria-pressed", String(model.selected.includes(row.id)))
          name.title = "Select " + row.agent + " on every page"
          name.addEventListener("click", () => toggle(row.id))
          const agent = el("td", "agent")
          agent.append(name)
          tr.append(el("td", "rank", row.rank), agent)
          row.cells.forEach((cell, i) => {
            const td = el("td", "cell")
            if (!cell) {
              td.classList.add("none"); td.textContent = "\\u2014"
              td.addEventListener("mousemove", (e) => showTip(e, [model.columns[i].title, "not run"], row.agent))
            } else {
              const [bg, fg] = colour(cell.v)
              td.style.background = bg; td.style.color = fg
              td.textContent = cell.t
              td.addEventListener("mousemove", (e) => showTip(e, cell.h, row.agent))
              td.setAttribute("aria-label", `${row.agent}, ${cell.h.join(", ")}`)
            }
            td.addEventListener("mouseleave", () => { tip.hidden = true })
            td.addEventListener("click", () => toggle(row.id))
            tr.append(td)
          })
          return tr
        })
        if (!model.rows.length) {
          const tr = el("tr", "empty"), td = el("td", null, "No agent matches the filters.")
          td.colSpan = model.columns.length + 2
          tr.append(td); out.push(tr)
        }
        tbody.replaceChildren(...out)
      }

      const drawPager = () => {
        const first = (model.page - 1) * model.page_size + 1, last = Math.min(model.total, model.page * model.page_size)
        count.textContent = model.total ? `${first}\\u2013${last} of ${model.total} agents` : "0 agents"
        pager.replaceChildren()
        if (model.pages <= 1) { return }
        for (let p = 1; p <= model.pages; p++) {
          const b = el("button", "page" + (p === model.page ? " current" : ""), p)
          b.type = "button"; b.disabled = p === model.page
          b.addEventListener("click", () => { model.page = p })
          pager.append(b)
        }
      }
      const redraw = () => { drawHead(); drawBody(); drawPager() }
      redraw()
      model.on(["rows", "columns", "sort", "selected", "page", "pages", "total"], redraw)
      return root
    }
    """

    _stylesheets = [
        """
    :host { display: block; width: 100%; --line: rgba(128,128,128,0.25); --bg: var(--panel-background-color, #fff); }
    .heat { position: relative; font-size: 0.88em; }
    .top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 6px; margin: 4px 0 6px; }
    .count { opacity: 0.75; }
    .scale { display: inline-flex; align-items: center; gap: 6px; font-size: 0.9em; }
    .scale .bar { width: 120px; height: 10px; border-radius: 3px;
      background: linear-gradient(90deg, #440154, #3e4989, #26828e, #35b779, #b5de2b, #fde725); }
    .scale .none { margin-left: 10px; }
    .scroller { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
    table { border-collapse: separate; border-spacing: 0; }
    th, td { border-bottom: 1px solid var(--line); padding: 0; background: var(--bg); }
    th { font-weight: 600; vertical-align: bottom; }
    /* Benchmark names read bottom to top, so a column is as narrow as its numbers. */
    th.col { width: 46px; min-width: 46px; max-width: 46px; }
    .sort { font: inherit; font-weight: 600; color: inherit; background: none; border: none; cursor: pointer;
      padding: 6px 0; width: 100%; display: flex; flex-direction: column; align-items: center; gap: 2px; }
    .vert { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; max-height: 190px;
      overflow: hidden; text-overflow: ellipsis; }
    .arrow { font-size: 0.8em; }
    .rank { position: sticky; left: 0; z-index: 2; box-sizing: border-box; width: 36px; min-width: 36px;
      text-align: right; padding: 0 6px; }
    .agent { box-sizing: border-box; position: sticky; left: 36px; z-index: 2; box-shadow: 1px 0 0 var(--line); text-align: left; padding: 0 6px; }
    td.agent { max-width: 260px; }
    .name { font: inherit; color: inherit; background: none; border: none; cursor: pointer; text-align: left;
      padding: 4px 0; display: flex; gap: 5px; align-items: baseline; max-width: 260px; }
    .name span:last-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
    td.cell { text-align: center; font-variant-numeric: tabular-nums; height: 26px; cursor: pointer;
      border-right: 1px solid var(--bg); }
    td.none { color: inherit; opacity: 0.45; background-image: repeating-linear-gradient(45deg, transparent 0 4px,
      rgba(128,128,128,0.18) 4px 5px); }
    tr.picked td.rank, tr.picked td.agent { background-image: linear-gradient(rgba(213,94,0,0.14), rgba(213,94,0,0.14)); }
    tr.picked td.agent { box-shadow: inset 3px 0 0 #D55E00, 1px 0 0 var(--line); }
    tr.picked td.cell { box-shadow: inset 0 2px 0 #D55E00, inset 0 -2px 0 #D55E00; }
    tr.empty td { padding: 24px; text-align: center; }
    .tip { position: absolute; z-index: 20; pointer-events: none; background: var(--bg); border: 1px solid var(--line);
      border-radius: 6px; padding: 6px 9px; box-shadow: 0 4px 14px rgba(0,0,0,0.2); max-width: 320px; }
    .tip b { display: block; margin-bottom: 2px; overflow-wrap: anywhere; }
    .pager { display: flex; flex-wrap: wrap; gap: 4px; justify-content: flex-end; margin-top: 6px; }
    .page { font: inherit; color: inherit; border: 1px solid var(--line); background: transparent; border-radius: 6px;
      padding: 2px 9px; cursor: pointer; }
    .page.current { font-weight: 700; border-color: currentColor; }
    button:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
    @media (max-width: 600px) { td.agent, .name { max-width: 140px; } }
    """
    ]
