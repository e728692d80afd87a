"""The filters and display switches, drawn in the browser with native form controls.

One component instead of a dozen widgets: each widget costs every new page time on the server
and in the browser. Its parameters mirror the `Leaderboard`'s (see `components.filters`), and
text fields are sent once typing pauses. Option labels come from datasets and are set as text.
"""

from __future__ import annotations

import param
from panel.custom import JSComponent

from abl.names import OPENNESS, TOOLING, UNKNOWN
from abl.plot_data import OPENNESS_COLORS, TOOLING_GLYPHS

TYPING_PAUSE_MS = 120  # text fields apply this long after the last keystroke


class FilterSidebar(JSComponent):
    search = param.String(default="")
    openness = param.List(default=[])
    tooling = param.List(default=[])
    models = param.List(default=[])
    submitters = param.List(default=[])
    date_from = param.String(default="", doc="ISO date or empty")
    date_to = param.String(default="", doc="ISO date or empty")
    mode = param.String(default="leaderboard")
    log_x = param.Boolean(default=True)
    show_ci = param.Boolean(default=True)
    budget_text = param.String(default="", doc="the budget as typed")
    budget_problem = param.String(default="", doc="why the typed budget is not used, if it is not")
    as_of = param.String(default="", doc="ISO date or empty: the leaderboard as it stood that day")
    prices_text = param.String(default="", doc="what-if prices as in links: gpt-5=0.5,gpt-4.1=2/8")
    prices_problem = param.String(default="", doc="why the last price change was not used, if it was not")
    model_options = param.List(default=[])
    submitter_options = param.List(default=[])
    openness_options = param.List(default=[[o, OPENNESS_COLORS[o]] for o in (*OPENNESS, UNKNOWN)])
    tooling_options = param.List(default=[[t, TOOLING_GLYPHS[t]] for t in (*TOOLING, UNKNOWN)])
    pause_ms = param.Integer(default=TYPING_PAUSE_MS)

    _esm = """
    const HELP = {
      leaderboard: "Leaderboard mode: a skipped benchmark counts as 0 in its category.",
      paper: "Paper mode: only agents that ran every part get a category or overall score.",
    }
    const el = (tag, props = {}, ...kids) => {
      const e = Object.assign(document.createElement(tag), props)
      e.append(...kids)
      return e
    }
    let uid = 0
    const field = (label, input) => {
      input.id = `f${++uid}`
      return el("div", { className: "field" }, el("label", { htmlFor: input.id, textContent: label }), input)
    }

    export function render({ model }) {
      const root = el("form", { className: "filters", autocomplete: "off" })
      root.addEventListener("submit", (e) => e.preventDefault())
      const typed = (input, name) => {
        let timer = null
        input.addEventListener("input", () => {
          clearTimeout(timer)
          timer = setTimeout(() => { model[name] = input.value }, model.pause_ms)
        })
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter") { clearTimeout(timer); model[name] = input.value }
        })
      }

      const search = el("input", { type: "search", placeholder: "agent, model, submitter\\u2026", value: model.search })
      typed(search, "search")

      const checks = (name, options, legend) => {
        const box = el("fieldset", { className: "checks" }, el("legend", { textContent: legend }))
        const inputs = {}
        for (const [value, mark] of options) {
          const input = el("input", { type: "checkbox", value, checked: model[name].includes(value) })
          input.addEventListener("change", () => {
            const picked = Object.values(inputs).filter((i) => i.checked).map((i) => i.value)
            model[name] = picked
          })
          inputs[value] = input
          const sign = el("span", { className: "mark", textContent: mark.startsWith("#") ? "\\u25CF" : mark })
          if (mark.startsWith("#")) { sign.style.color = mark }
          box.append(el("label", { className: "check" }, input, sign, document.createTextNode(value)))
        }
        const sync = () => { for (const [v, i] of Object.entries(inputs)) { i.checked = model[name].includes(v) } }
        model.on(name, sync)
        return box
      }

      // Models and submitters: a list with a text filter (dataset names, set as text).
      const pickList = (name, optionsName, legend) => {
        const box = el("fieldset", { className: "checks pick" }, el("legend", { textContent: legend }))
        const find = el("input", { type: "search", placeholder: `Find ${legend.toLowerCase()}\\u2026` })
        find.setAttribute("aria-label", `Find ${legend.toLowerCase()}`)
        const list = el("div", { className: "list" })
        const draw = () => {
          const needle = find.value.trim().toLowerCase()
          const chosen = new Set(model[name])
          const rows = model[optionsName].filter((o) => chosen.has(o) || !needle || o.toLowerCase().includes(needle))
          list.replaceChildren(...rows.slice(0, 200).map((value) => {
            const input = el("input", { type: "checkbox", checked: chosen.has(value) })
            input.addEventListener("change", () => {
              model[name] = input.checked ? [...model[name], value] : model[name].filter((v) => v !== value)
            })
            return el("label", { className: "check" }, input, document.createTextNode(value))
          }))
        }
        find.addEventListener("input", draw)
        model.on([name, optionsName], draw)
        draw()
        box.append(find, list)
        return box
      }

      const date = (name) => {
        const input = el("input", { type: "date", value: model[name] })
        input.addEventListener("change", () => { model[name] = input.value })
        model.on(name, () => { if (input.value !== model[name]) { input.value = model[name] } })
        return input
      }
      const more = el("details", { className: "more", open: !!(model.models.length || model.submitters.length ||
                                                                    model.date_from || model.date_to) },
        el("summary", { textContent: "More filters: models, submitters, dates" }),
        pickList("models", "model_options", "Models"),
        pickList("submitters", "submitter_options", "Submitters"),
        el("div", { className: "dates" }, field("Submitted from", date("date_from")), field("Submitted until", date("date_to"))))
      more.addEventListener("keydown", (e) => { if (e.key === "Escape") { more.open = false } })

      const clear = el("button", { type: "button", className: "clear", textContent: "Clear filters" })
      clear.addEventListener("click", () => model.send_msg({ clear: true }))

      const modes = el("fieldset", { className: "modes" }, el("legend", { textContent: "Coverage" }))
      const help = el("p", { className: "help", textContent: HELP[model.mode] || "" })
      const radios = {}
      for (const [value, label] of [["leaderboard", "Leaderboard"], ["paper", "Paper"]]) {
        const input = el("input", { type: "radio", name: `mode${uid}`, value, checked: model.mode === value })
        input.addEventListener("change", () => { if (input.checked) { model.mode = value } })
        radios[value] = input
        modes.append(el("label", { className: "radio" }, input, document.createTextNode(label)))
      }
      modes.append(help)
      model.on("mode", () => { for (const [v, i] of Object.entries(radios)) { i.checked = model.mode === v }
                               help.textContent = HELP[model.mode] || "" })

      const toggle = (name, label) => {
        const input = el("input", { type: "checkbox", checked: model[name] })
        input.addEventListener("change", () => { model[name] = input.checked })
        model.on(name, () => { input.checked = model[name] })
        return el("label", { className: "check" }, input, document.createTextNode(label))
      }

      const budget = el("input", { type: "text", inputMode: "decimal", placeholder: "e.g. 0.50 (empty: no limit)",
                                   value: model.budget_text })
      typed(budget, "budget_text")
      const problem = el("p", { className: "problem", textContent: model.budget_problem })
      problem.setAttribute("role", "alert")
      model.on("budget_problem", () => {
        problem.textContent = model.budget_problem
        budget.setAttribute("aria-invalid", String(!!model.budget_problem))
      })
      // What-if prices: one line per changed model (a factor or USD per million tokens in/out).
      const parsePrices = (text) => text.split(",").filter((p) => p.includes("=")).map((p) => {
        const i = p.indexOf("=")
        return [p.slice(0, i), p.slice(i + 1)]
      })
      const writePrices = (items) => { model.prices_text = items.map(([m, v]) => `${m}=${v}`).join(",") }
      const priceList = el("ul", { className: "prices" })
      const drawPrices = () => {
        const items = parsePrices(model.prices_text)
        priceList.replaceChildren(...items.map(([name, value], i) => {
          const input = el("input", { type: "text", value, inputMode: "decimal" })
          input.setAttribute("aria-label", `Price of ${name}`)
          input.addEventListener("change", () => {
            const next = parsePrices(model.prices_text); next[i] = [name, input.value.trim()]; writePrices(next)
          })
          const drop = el("button", { type: "button", className: "drop", textContent: "\u00d7", title: `Back to ${name}'s published price` })
          drop.setAttribute("aria-label", `Remove the price of ${name}`)
          drop.addEventListener("click", () => writePrices(parsePrices(model.prices_text).filter((_, j) => j !== i)))
          return el("li", {}, el("span", { className: "name", textContent: name }), input, drop)
        }))
      }
      const pickModel = el("select", {})
      pickModel.setAttribute("aria-label", "Model to reprice")
      const drawModels = () => {
        const changed = new Set(parsePrices(model.prices_text).map(([m]) => m))
        pickModel.replaceChildren(el("option", { value: "", textContent: "Reprice a model\u2026" }),
          ...model.model_options.filter((m) => !changed.has(m)).map((m) => el("option", { value: m, textContent: m })))
      }
      const newPrice = el("input", { type: "text", inputMode: "decimal", placeholder: "0.5 or 1.25/10" })
      newPrice.setAttribute("aria-label", "New price: a factor, or USD per million input/output tokens")
      const add = el("button", { type: "button", className: "clear", textContent: "Apply" })
      const addPrice = () => {
        if (!pickModel.value || !newPrice.value.trim()) { return }
        writePrices([...parsePrices(model.prices_text).filter(([m]) => m !== pickModel.value),
                     [pickModel.value, newPrice.value.trim()]])
        newPrice.value = ""
      }
      add.addEventListener("click", addPrice)
      newPrice.addEventListener("keydown", (e) => { if (e.key === "Enter") { addPrice() } })
      const pricesProblem = el("p", { className: "problem", textContent: model.prices_problem })
      pricesProblem.setAttribute("role", "alert")
      model.on("prices_problem", () => { pricesProblem.textContent = model.prices_problem })
      model.on("prices_text", () => { drawPrices(); drawModels() })
      model.on("model_options", drawModels)
      drawPrices(); drawModels()
      const whatIf = el("details", { className: "more", open: !!(model.as_of || model.prices_text) },
        el("summary", { textContent: "Time and prices: as of a date, what-if prices" }),
        field("Leaderboard as of", date("as_of")),
        el("p", { className: "help", textContent: "Only agents submitted by then; empty: today." }),
        el("fieldset", { className: "repricing" }, el("legend", { textContent: "What-if model prices" }),
          priceList, el("div", { className: "add" }, pickModel, newPrice, add), pricesProblem,
          el("p", { className: "help", textContent: "A factor on the published price (0.5 = half price) or USD per " +
            "million input/output tokens (1.25/10). Costs are recomputed from each run's token counts." })))
      whatIf.addEventListener("keydown", (e) => { if (e.key === "Escape") { whatIf.open = false } })

      model.on("budget_text", () => { if (document.activeElement !== budget) { budget.value = model.budget_text } })
      model.on("search", () => { if (document.activeElement !== search) { search.value = model.search } })

      root.append(
        el("h3", { textContent: "Filters and display" }),
        field("Search", search),
        checks("openness", model.openness_options, "Openness"),
        checks("tooling", model.tooling_options, "Tooling"),
        more, clear, modes,
        toggle("log_x", "Log cost axis"),
        toggle("show_ci", "95% confidence intervals"),
        field("Max cost per problem (USD)", budget), problem,
        whatIf,
      )
      return root
    }
    """

    _stylesheets = [
        """
    :host { display: block; width: 100%; }
    .filters { display: flex; flex-direction: column; gap: 10px; padding: 4px 8px; font-size: 0.92em; }
    h3 { margin: 4px 0 0; font-size: 1em; }
    .field { display: flex; flex-direction: column; gap: 3px; }
    label { cursor: pointer; }
    input[type=search], input[type=text], input[type=date] {
      font: inherit; padding: 6px 8px; border: 1px solid rgba(128,128,128,0.5); border-radius: 6px;
      background: transparent; color: inherit; box-sizing: border-box; width: 100%; min-width: 0;
    }
    input[aria-invalid=true] { border-color: var(--abl-danger, #cf222e); }
    fieldset { border: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 3px; }
    legend { font-weight: 600; padding: 0; margin-bottom: 3px; }
    .check, .radio { display: flex; align-items: center; gap: 6px; line-height: 1.3; }
    .mark { width: 1em; text-align: center; }
    .more summary { cursor: pointer; padding: 4px 0; }
    .more[open] { display: flex; flex-direction: column; gap: 8px; }
    .pick .list { max-height: 160px; overflow-y: auto; border: 1px solid rgba(128,128,128,0.3); border-radius: 6px;
                  padding: 4px 6px; }
    .dates { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
    .prices { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
    .prices li { display: grid; grid-template-columns: 1fr 6.5em auto; gap: 4px; align-items: center; }
    .prices .name { overflow-wrap: anywhere; }
    .add { display: grid; grid-template-columns: 1fr 8.5em auto; gap: 4px; }  /* room for its placeholder */
    select { font: inherit; padding: 5px 4px; border: 1px solid rgba(128,128,128,0.5); border-radius: 6px;
             background: transparent; color: inherit; min-width: 0; }
    select option { color: initial; }
    .drop { font: inherit; border: none; background: none; color: inherit; cursor: pointer; padding: 0 4px; }
    .clear { font: inherit; padding: 6px; border: 1px solid rgba(128,128,128,0.5); border-radius: 6px;
             background: transparent; color: inherit; cursor: pointer; }
    .help { margin: 2px 0 0; font-size: 0.9em; opacity: 0.8; }
    .problem { margin: 2px 0 0; color: var(--abl-danger, #cf222e); font-size: 0.9em; }
    .problem:empty { display: none; }
    input:focus-visible, button:focus-visible, summary:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
    """
    ]

    def __init__(self, on_clear=None, **params):
        super().__init__(**params)
        self._on_clear = on_clear

    def _handle_msg(self, msg: dict) -> None:
        if isinstance(msg, dict) and msg.get("clear") and self._on_clear is not None:
            self._on_clear()
