"""Benchmark sections of a category page, drawn in the browser: their headings, the row of
links to them, and the signal that a section is near enough to be built.

A section's heading reports `seen` when it comes within a screen of the viewport, so its plot
and table are built only when the reader gets there; `scroll()` brings it into view (Panel
renders into shadow roots, where `#fragment` links cannot reach). Jumps are sent to the server
as messages, so the page can record them in its URL. Names and descriptions are set as text.
"""

from __future__ import annotations

from collections.abc import Callable

import param
from panel.custom import JSComponent

_BUTTON_CSS = """
button { font: inherit; color: var(--abl-accent, #0969da); background: none; border: 1px solid transparent;
         border-radius: 6px; padding: 3px 8px; cursor: pointer; }
button:hover { border-color: rgba(128,128,128,0.35); }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
"""


class _Jumps(JSComponent):
    """Forwards `{"jump": name}` messages from the browser to `on_jump(name)`."""

    def __init__(self, on_jump: Callable[[str], None] | None = None, **params):
        super().__init__(**params)
        self._on_jump = on_jump

    def _handle_msg(self, msg: dict) -> None:
        name = msg.get("jump") if isinstance(msg, dict) else None
        if isinstance(name, str) and self._on_jump is not None:
            self._on_jump(name)


class SectionLinks(_Jumps):
    """A row of links to a page's sections."""

    names = param.List(default=[])

    _esm = """
    export function render({ model }) {
      const nav = document.createElement("nav")
      nav.className = "links"
      nav.setAttribute("aria-label", "Benchmarks on this page")
      const label = document.createElement("b")
      label.textContent = "Benchmarks:"
      nav.append(label)
      for (const name of model.names) {
        const b = document.createElement("button")
        b.type = "button"
        b.textContent = name
        b.addEventListener("click", () => model.send_msg({ jump: name }))
        nav.append(b)
      }
      return nav
    }
    """
    _stylesheets = [
        _BUTTON_CSS + ".links { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 4px; }"
        " b { margin-right: 6px; }"
    ]


class SectionHeading(_Jumps):
    """A section's rule, heading, link button and description."""

    title = param.String(default="")
    description = param.String(default="")
    seen = param.Boolean(default=False, doc="set by the browser when the section comes near the viewport")
    scrolls = param.Integer(default=0, doc="increment to scroll the section into view")

    _esm = """
    export function render({ model }) {
      const box = document.createElement("div")
      box.className = "section"
      const head = document.createElement("div")
      head.className = "head"
      const h2 = document.createElement("h2")
      h2.textContent = model.title
      const link = document.createElement("button")
      link.type = "button"
      link.textContent = "link"
      link.title = `Put a link to the ${model.title} section in the address bar`
      link.addEventListener("click", () => model.send_msg({ jump: model.title }))
      head.append(h2, link)
      const text = document.createElement("p")
      text.textContent = model.description
      box.append(head, text)
      if (!model.seen) {
        const observer = new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) { observer.disconnect(); model.seen = true }
        }, { rootMargin: "400px 0px" })
        // Observe once the page above has its height: while tables are still empty, every
        // section would look close to the viewport.
        const start = setTimeout(() => observer.observe(box), 700)
        model.on("remove", () => { clearTimeout(start); observer.disconnect() })
      }
      const scroll = () => box.scrollIntoView({ behavior: "smooth", block: "start" })
      model.on("scrolls", scroll)
      if (model.scrolls > 0) { setTimeout(scroll, 300) }
      return box
    }
    """
    _stylesheets = [
        _BUTTON_CSS
        + """
    .section { border-top: 1px solid rgba(128,128,128,0.3); margin-top: 18px; padding-top: 6px; }
    .head { display: flex; align-items: center; gap: 12px; }
    h2 { margin: 10px 0 4px; font-size: 1.45em; }
    p { margin: 4px 0 6px; }
    """
    ]

    def scroll(self) -> None:
        self.scrolls += 1
