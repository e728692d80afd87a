"""A ranked table drawn in the browser from one page of prepared rows.

The server sorts and pages (`sort`, `page`), so the browser only ever holds one page, whatever
the number of agents; a page of 25 rows draws in milliseconds. Every text from a dataset is set
with `textContent` and every link must be http(s), so nothing in a row can become markup.

Columns are dicts: `key`, `title`, `kind` (rank, agent, text, number, link),
`sortable`, `group` (the chooser's name for a hideable set of columns, or None) and `width`.
Rows are dicts: `id`, `cells` (key -> {t: text, s: small text, h: hover text, u: link, m: shown as
missing; the agent cell also has g: tooling glyph, c: its colour, gh: its hover text, f: on the
frontier, n: off it but within the 95% intervals of it, fh: the frontier sentence}), `detail` ({title, note, description, links: [[label, url]]})
and `dim` (over the reader's budget).
"""

from __future__ import annotations

from collections.abc import Callable

import param
from panel.custom import JSComponent


class RankTable(JSComponent):
    columns = param.List(default=[])
    groups = param.List(default=[], doc="[[group, label]] the reader may hide")
    rows = param.List(default=[], doc="the rows of the current page")
    hidden = param.List(default=[], doc="hidden column groups")
    selected = param.List(default=[], doc="ids of the selected rows (of any page or view)")
    sort = param.List(default=[], doc="[column key, 'asc' | 'desc'], or [] for rank order")
    page = param.Integer(default=1, bounds=(1, None))
    pages = param.Integer(default=1)
    total = param.Integer(default=0)
    page_size = param.Integer(default=25)
    noun = param.String(default="agents")
    empty = param.String(default="No agent matches the filters.")
    clearable = param.Boolean(default=False, doc="offer 'Clear filters' when no row matches")
    max_compare = param.Integer(default=4, doc="most agents 'Compare selected' takes")

    _esm = """
    const LINK = /^https?:\\/\\//i
    const el = (tag, cls, text) => {
      const e = document.createElement(tag)
      if (cls) { e.className = cls }
      if (text != null) { e.textContent = String(text) }
      return e
    }
    const link = (url, text, title) => {
      if (!url || !LINK.test(url)) { return null }
      const a = el("a", "link", text)
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer"
      if (title) { a.title = title }
      return a
    }

    export function render({ model }) {
      const root = el("div", "rank-table")
      const tools = el("div", "tools")
      const count = el("span", "count")
      const chooser = el("details", "chooser")
      const summary = el("summary", null, "Columns")
      const menu = el("div", "menu")
      chooser.append(summary, menu)
      chooser.addEventListener("keydown", (e) => { if (e.key === "Escape") { chooser.open = false; summary.focus() } })
      const download = (format) => {
        const b = el("button", "btn", format.toUpperCase())
        b.type = "button"; b.title = `Download this table as ${format.toUpperCase()} (full precision)`
        b.addEventListener("click", () => model.send_msg({ download: format }))
        return b
      }
      // What to do with the ticked agents (they may be on other pages or views).
      const picks = el("span", "picks")
      const compare = el("button", "btn", "")
      compare.type = "button"
      compare.addEventListener("click", () => model.send_msg({ compare: true }))
      const unpick = el("button", "btn", "Clear selection")
      unpick.type = "button"
      unpick.addEventListener("click", () => { model.selected = [] })
      picks.append(compare, unpick)
      const drawPicks = () => {
        const n = model.selected.length
        picks.hidden = n === 0
        compare.textContent = `Compare selected (${n})`
        compare.disabled = n < 2 || n > model.max_compare
        compare.title = n < 2 ? "Tick at least two agents to compare them" :
          n > model.max_compare ? `At most ${model.max_compare} agents can be compared` : "Compare these agents side by side"
      }
      tools.append(count, picks, chooser, download("csv"), download("json"))
      const scroller = el("div", "scroller")
      const table = el("table")
      const thead = el("thead"), tbody = el("tbody")
      table.append(thead, tbody)
      scroller.append(table)
      const pager = el("nav", "pager")
      pager.setAttribute("aria-label", "Table pages")
      root.append(tools, scroller, pager)
      const open = new Set()  // expanded rows, kept across pages and updates

      const shown = () => model.columns.filter((c) => !c.group || !model.hidden.includes(c.group))

      const drawMenu = () => {
        menu.replaceChildren()
        for (const [group, label] of model.groups) {
          const row = el("label", "opt")
          const box = el("input")
          box.type = "checkbox"; box.checked = !model.hidden.includes(group)
          box.addEventListener("change", () => {
            model.hidden = box.checked ? model.hidden.filter((g) => g !== group) : [...model.hidden, group]
          })
          row.append(box, document.createTextNode(" " + label))
          menu.append(row)
        }
        chooser.style.display = model.groups.length ? "" : "none"
      }

      const drawHead = () => {
        const tr = el("tr")
        const all = el("th", "sel")
        const box = el("input")
        box.type = "checkbox"; box.title = "Select every agent on this page"
        const ids = model.rows.map((r) => r.id)
        box.checked = ids.length > 0 && ids.every((id) => model.selected.includes(id))
        box.addEventListener("change", () => {
          const rest = model.selected.filter((id) => !ids.includes(id))
          model.selected = box.checked ? [...rest, ...ids] : rest
        })
        all.append(box)
        tr.append(all, el("th", "exp"))
        const [sortKey, sortDir] = model.sort.length ? model.sort : ["rank", "asc"]
        for (const col of shown()) {
          const th = el("th", `k-${col.kind}`)
          if (col.width) { th.style.minWidth = `${col.width}px` }
          if (col.sortable) {
            const b = el("button", "sort", col.title)
            b.type = "button"
            const active = col.key === sortKey
            th.setAttribute("aria-sort", active ? (sortDir === "asc" ? "ascending" : "descending") : "none")
            if (active) { b.append(el("span", "arrow", sortDir === "asc" ? " \\u25B2" : " \\u25BC")) }
            b.addEventListener("click", () => {
              if (col.key === "rank") { model.sort = [] }
              else if (active) { model.sort = [col.key, sortDir === "asc" ? "desc" : "asc"] }
              else { model.sort = [col.key, col.kind === "number" ? "desc" : "asc"] }
            })
            th.append(b)
          } else {
            th.textContent = col.title
            if (col.hint) { th.title = col.hint }
          }
          tr.append(th)
        }
        thead.replaceChildren(tr)
      }

      const drawCell = (col, cell) => {
        const td = el("td", `k-${col.kind}`)
        if (!cell) { return td }
        if (cell.h) { td.title = cell.h }
        if (col.kind === "agent") {
          const glyph = el("span", "icon", cell.g)
          glyph.style.color = cell.c
          glyph.title = cell.gh
          const mark = el("span", cell.f ? "front" : cell.n ? "near" : "off", cell.f ? "\\u25B2" : cell.n ? "\\u2248" : "\\u00B7")
          mark.title = cell.fh
          td.append(mark, glyph)
        }
        if (col.kind === "link") {
          const a = link(cell.u, cell.t)
          if (a) { td.append(a) }
          return td
        }
        td.append(el("span", cell.m ? "missing" : "value", cell.t))
        if (cell.s) { td.append(el("span", "ci", " " + cell.s)) }
        if (cell.b) { td.append(" ", el("span", "best", cell.b)) }
        if (col.kind === "agent" && cell.u) {
          const a = link(cell.u, "\\u2197", "Source code")
          if (a) { td.append(" ", a) }
        }
        return td
      }

      const drawDetail = (row, span) => {
        const tr = el("tr", "detail")
        const td = el("td")
        td.colSpan = span
        const d = row.detail
        const head = el("p")
        head.append(el("b", null, d.title), document.createTextNode(": " + d.note))
        td.append(head)
        if (d.description) { td.append(el("p", "desc", d.description)) }
        const links = d.links.map(([label, url]) => link(url, label)).filter((a) => a)
        if (links.length) {
          const p = el("p")
          links.forEach((a, i) => { if (i) { p.append(" \\u00B7 ") } p.append(a) })
          td.append(p)
        }
        tr.append(td)
        return tr
      }

      const drawBody = () => {
        const cols = shown()
        const out = []
        for (const row of model.rows) {
          const tr = el("tr", "abl-row" + (row.dim ? " dim" : "") + (row.cells.agent.b ? " best" : ""))
          const picked = model.selected.includes(row.id)
          if (picked) { tr.classList.add("picked") }
          tr.dataset.id = row.id
          const sel = el("td", "sel")
          const box = el("input")
          box.type = "checkbox"; box.checked = picked
          box.setAttribute("aria-label", "Select " + row.cells.agent.t)
          box.addEventListener("change", () => {
            model.selected = box.checked ? [...model.selected.filter((id) => id !== row.id), row.id]
                                         : model.selected.filter((id) => id !== row.id)
          })
          sel.append(box)
          const exp = el("td", "exp")
          const toggle = el("button", "toggle", open.has(row.id) ? "\\u25BE" : "\\u25B8")
          toggle.type = "button"
          toggle.setAttribute("aria-expanded", String(open.has(row.id)))
          toggle.setAttribute("aria-label", "Details of " + row.cells.agent.t)
          toggle.addEventListener("click", () => {
            if (open.has(row.id)) { open.delete(row.id) } else { open.add(row.id) }
            drawBody()
          })
          exp.append(toggle)
          tr.append(sel, exp, ...cols.map((c) => drawCell(c, row.cells[c.key])))
          out.push(tr)
          if (open.has(row.id)) { out.push(drawDetail(row, cols.length + 2)) }
        }
        if (!model.rows.length) {
          const tr = el("tr", "empty")
          const td = el("td", null, model.empty)
          td.colSpan = cols.length + 2
          if (model.clearable) {
            const clear = el("button", "clear", "Clear filters")
            clear.type = "button"
            clear.addEventListener("click", () => model.send_msg({ clear: true }))
            td.append(" ", clear)
          }
          tr.append(td)
          out.push(tr)
        }
        tbody.replaceChildren(...out)
      }

      const drawPager = () => {
        const first = (model.page - 1) * model.page_size + 1
        const last = Math.min(model.total, model.page * model.page_size)
        count.textContent = model.total ? `${first}\\u2013${last} of ${model.total} ${model.noun}` : `0 ${model.noun}`
        pager.replaceChildren()
        if (model.pages <= 1) { return }
        const go = (label, page, current) => {
          const b = el("button", "page" + (current ? " current" : ""), label)
          b.type = "button"
          b.disabled = page < 1 || page > model.pages || current
          if (current) { b.setAttribute("aria-current", "page") }
          b.addEventListener("click", () => { model.page = page })
          pager.append(b)
        }
        go("\\u2039 Prev", model.page - 1, false)
        const lo = Math.max(1, Math.min(model.page - 2, model.pages - 4)), hi = Math.min(model.pages, lo + 4)
        if (lo > 1) { go("1", 1, false); if (lo > 2) { pager.append(el("span", "gap", "\\u2026")) } }
        for (let p = lo; p <= hi; p++) { go(String(p), p, p === model.page) }
        if (hi < model.pages) { if (hi < model.pages - 1) { pager.append(el("span", "gap", "\\u2026")) } go(String(model.pages), model.pages, false) }
        go("Next \\u203A", model.page + 1, false)
      }

      const redraw = () => { drawHead(); drawBody(); drawPager() }
      drawMenu()
      redraw()
      model.on(["rows", "selected", "columns", "sort", "page", "pages", "total", "clearable", "empty"], redraw)
      model.on(["selected", "max_compare"], drawPicks)
      drawPicks()
      model.on("hidden", () => { drawMenu(); redraw() })
      model.on("groups", drawMenu)
      model.on("msg:custom", (msg) => {
        if (!msg.download) { return }
        const blob = new Blob([msg.download.content], { type: msg.download.mime })
        const a = el("a")
        a.href = URL.createObjectURL(blob); a.download = msg.download.name
        document.body.append(a); a.click(); a.remove()
        setTimeout(() => URL.revokeObjectURL(a.href), 10000)
      })
      return root
    }
    """

    _stylesheets = [
        """
    :host { display: block; width: 100%; --abl-line: rgba(128,128,128,0.25); --abl-head: rgba(128,128,128,0.08);
            --abl-hover: rgba(9,105,218,0.06); --abl-pick: rgba(213,94,0,0.12); --abl-sticky: var(--panel-background-color, #fff); }
    .rank-table { font-size: 0.9em; }
    .tools { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 4px 0 6px; }
    .count { margin-right: auto; opacity: 0.75; }
    .btn, .chooser summary, .page, .sort, .toggle { font: inherit; color: inherit; cursor: pointer; }
    .btn, .chooser summary { border: 1px solid var(--abl-line); background: transparent; border-radius: 6px; padding: 3px 10px; }
    .chooser { position: relative; }
    .chooser summary { list-style: none; }
    .chooser summary::after { content: " \\25BE"; }
    .menu { position: absolute; right: 0; z-index: 10; background: var(--abl-sticky); border: 1px solid var(--abl-line);
            border-radius: 6px; padding: 6px 10px; box-shadow: 0 4px 14px rgba(0,0,0,0.18); white-space: nowrap; }
    .opt { display: block; padding: 3px 0; cursor: pointer; }
    .scroller { overflow-x: auto; border: 1px solid var(--abl-line); border-radius: 6px; }
    table { border-collapse: separate; border-spacing: 0; width: 100%; }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--abl-line); text-align: left; vertical-align: middle;
             white-space: nowrap; background: var(--abl-sticky); }
    th { background: var(--abl-sticky); font-weight: 600; white-space: normal; vertical-align: bottom; line-height: 1.25; }
    th::before { content: ""; position: absolute; inset: 0; background: var(--abl-head); pointer-events: none; }
    th { position: relative; }
    .sort { border: none; background: none; padding: 0; text-align: left; font-weight: 600; }
    .arrow { font-size: 0.8em; }
    tr.abl-row:hover td { background-image: linear-gradient(var(--abl-hover), var(--abl-hover)); }
    tr.picked td { background-image: linear-gradient(var(--abl-pick), var(--abl-pick)); }
    tr.dim td { opacity: 0.45; }
    tr.dim td.sel, tr.dim td.exp, tr.dim td.k-agent { opacity: 1; }
    tr.dim td.k-agent .value { opacity: 0.5; }
    /* The selection box, the details toggle, the rank and the agent stay in view when the table
       scrolls sideways (fixed widths give them fixed offsets). */
    .sel, .exp, .k-rank { box-sizing: border-box; position: sticky; z-index: 2; padding-left: 6px; padding-right: 2px; }
    .sel { left: 0; width: 30px; min-width: 30px; max-width: 30px; }
    .exp { left: 30px; width: 24px; min-width: 24px; max-width: 24px; }
    .k-rank { left: 54px; width: 52px; min-width: 52px; max-width: 52px; text-align: right; padding-right: 8px; }
    td.k-rank .ci { display: block; white-space: nowrap; }  /* the rank range, under the rank */
    .k-agent { position: sticky; left: 106px; z-index: 2; box-shadow: 1px 0 0 var(--abl-line); }
    .front, .off, .near { display: inline-block; width: 1.1em; }
    .near { color: #D55E00; opacity: 0.75; }
    .icon { margin-right: 5px; }
    .toggle { border: none; background: none; padding: 0 2px; }
    .k-number, .k-rank { font-variant-numeric: tabular-nums; }
    .ci { opacity: 0.65; font-size: 0.85em; }
    .missing { opacity: 0.6; font-style: italic; }
    .front { color: #D55E00; font-size: 0.8em; }
    .off { opacity: 0.5; }
    .icon { font-size: 1.05em; }
    .link { text-decoration: none; color: var(--abl-accent, #0969da); }  /* the shell's, light or dark */
    tr.detail td { white-space: normal; }
    tr.detail p { margin: 4px 0; max-width: 900px; overflow-wrap: anywhere; }
    .desc { white-space: pre-wrap; }
    tr.empty td { text-align: center; padding: 24px; white-space: normal; }
    .clear { margin-left: 8px; border: 1px solid var(--abl-line); background: transparent; border-radius: 6px;
      padding: 3px 10px; cursor: pointer; }
    .picks { display: inline-flex; gap: 6px; }
    .picks[hidden] { display: none; }
    .btn:disabled { opacity: 0.5; cursor: default; }
    .best { font-size: 0.8em; font-weight: 600; background: rgba(0, 158, 115, 0.15); border: 1px solid #009E73;
      border-radius: 8px; padding: 0 5px; white-space: nowrap; }
    tr.best td.k-agent { box-shadow: inset 3px 0 0 #009E73; }
    .pager { display: flex; flex-wrap: wrap; gap: 4px; justify-content: flex-end; margin-top: 6px; }
    .page { border: 1px solid var(--abl-line); background: transparent; border-radius: 6px; padding: 2px 9px; min-width: 30px; }
    .page.current { font-weight: 700; border-color: currentColor; }
    .page:disabled:not(.current) { opacity: 0.4; cursor: default; }
    .gap { padding: 2px 4px; }
    button:focus-visible, summary:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
    """
    ]

    def __init__(
        self,
        on_download: Callable[[str], tuple[str, str, str]] | None = None,
        on_clear: Callable[[], None] | None = None,
        on_compare: Callable[[], None] | None = None,
        **params,
    ):
        """`on_download(format)` returns (file name, MIME type, content) of the download asked for;
        `on_clear()` clears the reader's filters; `on_compare()` compares the selected agents."""
        super().__init__(**params)
        self._on_download = on_download
        self._on_clear = on_clear
        self._on_compare = on_compare

    def _handle_msg(self, msg: dict) -> None:
        if isinstance(msg, dict) and msg.get("clear") is True and self._on_clear is not None:
            self._on_clear()
            return
        if isinstance(msg, dict) and msg.get("compare") is True and self._on_compare is not None:
            self._on_compare()
            return
        fmt = msg.get("download") if isinstance(msg, dict) else None
        if fmt in ("csv", "json") and self._on_download is not None:
            name, mime, content = self._on_download(fmt)
            self._send_msg({"download": {"name": name, "mime": mime, "content": content}})
