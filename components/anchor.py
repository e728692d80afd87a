"""A scroll target: Panel renders into shadow roots, where `#fragment` links cannot reach,
so sections are scrolled into view from JavaScript instead."""

from __future__ import annotations

import param
from panel.custom import JSComponent


class ScrollAnchor(JSComponent):
    requests = param.Integer(default=0, doc="increment to scroll this anchor into view")

    _esm = """
    export function render({ model, el }) {
      el.style.height = "0px"
      const scroll = () => el.scrollIntoView({ behavior: "smooth", block: "start" })
      model.on("requests", scroll)
      if (model.requests > 0) { setTimeout(scroll, 800) }
    }
    """

    def scroll(self) -> None:
        self.requests += 1
