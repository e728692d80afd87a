"""The site's frame: header, navigation, sidebar and main area, drawn in the browser.

Navigation happens in the browser first: a click marks the page active and dims the main area
at once, then tells the server, which builds the page and reports it back in `rendered`. Clicks
made while the server is busy are queued in order, so the last one wins and none is lost. Links
are real links (`?page=...`), so they also open in a new tab. On a phone the sidebar is a drawer
behind the menu button. What the sidebar holds below the navigation shows only on the pages in
`sidebar_pages`, switched with the click like the active link. The theme button stores the choice
in a cookie and reloads the page.
"""

from __future__ import annotations

import param
from panel.custom import Child, Children, JSComponent

THEME_COOKIE = "abl_theme"


class SiteShell(JSComponent):
    brand = param.String(default="AstaBench Leaderboard")
    pages = param.List(default=[], doc="[{'key', 'label', 'href'}] in navigation order")
    page = param.String(default="overall", doc="the page the reader asked for (set by the browser)")
    rendered = param.String(default="", doc="the page whose content the server has built")
    dark = param.Boolean(default=False)
    in_page = param.Boolean(default=True, doc="navigate within this page (False: links load their page)")
    splits = param.List(default=[], doc="[[value, label]] of the split switch in the header (empty: none)")
    split = param.String(default="test")
    account = param.List(default=[], doc="[[text, link or '']] shown at the right of the header")
    sidebar = Children(doc="below the navigation")
    sidebar_pages = param.List(default=None, allow_None=True, doc="the pages that show `sidebar` (None: every page)")
    main = Child()

    _esm = """
    const COOKIE = "%(cookie)s"

    export function render({ model }) {
      const shell = document.createElement("div")
      shell.className = "shell" + (model.dark ? " dark" : "")
      shell.innerHTML = `
        <header class="bar">
          <button class="menu" type="button" aria-label="Open the menu" aria-expanded="false">&#9776;</button>
          <a class="brand" href="./"></a>
          <div class="header-slot"></div>
          <button class="theme" type="button"></button>
        </header>
        <div class="body">
          <aside class="side"><nav class="nav" aria-label="Pages"></nav>
            <nav class="side-account" aria-label="Account"></nav><div class="side-slot"></div></aside>
          <div class="backdrop"></div>
          <main class="main"><div class="progress" role="progressbar" aria-label="Loading the page"></div>
            <div class="main-slot"></div></main>
        </div>`
      const q = (sel) => shell.querySelector(sel)
      const [short, ...rest] = model.brand.split(" ")
      q(".brand").append(short, Object.assign(document.createElement("span"), {className: "long", textContent: rest.length ? " " + rest.join(" ") : ""}))
      const theme = q(".theme")
      theme.append(model.dark ? "\\u2600" : "\\u263E",
                   Object.assign(document.createElement("span"), {className: "long", textContent: model.dark ? " Light" : " Dark"}))
      theme.title = model.dark ? "Switch to the light theme" : "Switch to the dark theme"
      theme.addEventListener("click", () => {
        document.cookie = `${COOKIE}=${model.dark ? "light" : "dark"}; path=/; max-age=31536000; SameSite=Lax`
        window.location.reload()
      })

      const menu = q(".menu")
      const setOpen = (open) => {
        shell.classList.toggle("open", open)
        menu.setAttribute("aria-expanded", String(open))
      }
      menu.addEventListener("click", () => setOpen(!shell.classList.contains("open")))
      q(".backdrop").addEventListener("click", () => setOpen(false))
      shell.addEventListener("keydown", (e) => { if (e.key === "Escape") setOpen(false) })

      const main = q(".main")
      const nav = q(".nav")
      // Hidden, not removed: the sidebar's controls keep their values for the next page that shows them.
      const sideSlot = q(".side-slot")
      const showSidebar = (key) => {
        sideSlot.hidden = model.sidebar_pages !== null && !model.sidebar_pages.includes(key)
      }
      const links = {}
      const mark = (key) => {
        for (const [k, a] of Object.entries(links)) {
          a.classList.toggle("active", k === key)
          if (k === key) { a.setAttribute("aria-current", "page") } else { a.removeAttribute("aria-current") }
        }
      }
      for (const item of model.pages) {
        const a = document.createElement("a")
        a.href = item.href
        a.textContent = item.label
        a.dataset.page = item.key
        a.addEventListener("click", (e) => {
          if (!model.in_page || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) { return }
          e.preventDefault()
          setOpen(false)
          if (item.key === model.page && !main.classList.contains("loading")) { return }
          mark(item.key)
          showSidebar(item.key)
          main.classList.add("loading")
          model.page = item.key
        })
        links[item.key] = a
        nav.append(a)
      }
      mark(model.page)
      showSidebar(model.page)

      const settle = () => {
        mark(model.page)
        showSidebar(model.page)
        if (model.rendered === model.page) { main.classList.remove("loading") }
      }
      model.on("rendered", settle)
      model.on("page", settle)

      const slot = q(".header-slot")
      if (model.splits.length) {
        const group = Object.assign(document.createElement("div"), { className: "splits" })
        group.setAttribute("role", "group")
        group.setAttribute("aria-label", "Split")
        const buttons = model.splits.map(([value, label]) => {
          const b = Object.assign(document.createElement("button"), { type: "button", textContent: label })
          b.addEventListener("click", () => { model.split = value })
          group.append(b)
          return [value, b]
        })
        const show = () => { for (const [v, b] of buttons) { b.setAttribute("aria-pressed", String(v === model.split)) } }
        show()
        model.on("split", show)
        slot.append(group)
      }
      // The account items sit in the header; on narrow screens, where the header has no room, in the drawer.
      const sideAccount = q(".side-account")
      const accountItems = model.account.map(([text, href]) => {
        const item = document.createElement(href ? "a" : "span")
        item.className = "account"
        item.textContent = text
        if (href) { item.href = href }
        return item
      })
      const narrow = window.matchMedia("(max-width: 900px)")
      const placeAccount = () => {
        (narrow.matches ? sideAccount : slot).append(...accountItems)
        sideAccount.hidden = !narrow.matches || accountItems.length === 0
      }
      placeAccount()
      narrow.addEventListener("change", placeAccount)
      q(".side-slot").append(...model.get_child("sidebar"))
      q(".main-slot").append(model.get_child("main"))
      return shell
    }
    """ % {"cookie": THEME_COOKIE}  # noqa: UP031 (the JavaScript is full of braces)

    _stylesheets = [
        """
    :host { display: block; width: 100%; }
    .shell {
      --abl-bg: #ffffff; --abl-fg: #1f2328; --abl-muted: #59636e; --abl-border: #d1d9e0;
      --abl-side: #f6f8fa; --abl-bar: #0b3d6e; --abl-bar-fg: #ffffff; --abl-accent: #0969da;
      --abl-active: #dbe9fb; --abl-danger: #cf222e; color-scheme: light;
      display: flex; flex-direction: column; min-height: 100vh; background: var(--abl-bg); color: var(--abl-fg);
      font-family: var(--bokeh-base-font, system-ui, sans-serif);
    }
    .shell.dark {
      --abl-bg: #0f1318; --abl-fg: #e6edf3; --abl-muted: #9aa6b2; --abl-border: #30363d;
      --abl-side: #161b22; --abl-bar: #161b22; --abl-bar-fg: #e6edf3; --abl-accent: #4493f8;
      --abl-active: #1f3552; --abl-danger: #ff7b72;
      color-scheme: dark;  /* the browser's own controls (date pickers, scroll bars) in dark too */
    }
    .bar {
      position: sticky; top: 0; z-index: 40; display: flex; align-items: center; gap: 12px;
      min-height: 56px; padding: 0 16px; background: var(--abl-bar); color: var(--abl-bar-fg);
      border-bottom: 1px solid var(--abl-border); box-sizing: border-box;
    }
    .brand { color: inherit; text-decoration: none; font-size: 1.15em; font-weight: 600; white-space: nowrap;
             overflow: hidden; text-overflow: ellipsis; min-width: 0; }
    .header-slot { margin-left: auto; display: flex; align-items: center; gap: 10px; min-width: 0; }
    .splits { display: inline-flex; border: 1px solid rgba(255,255,255,0.55); border-radius: 6px; overflow: hidden; }
    .splits button { background: transparent; color: inherit; border: none; font: inherit; font-size: 0.9em;
                     padding: 5px 12px; cursor: pointer; }
    .splits button + button { border-left: 1px solid rgba(255,255,255,0.55); }
    .splits button[aria-pressed=true] { background: rgba(255,255,255,0.25); font-weight: 600; }
    .account { color: inherit; font-size: 0.9em; white-space: nowrap; }
    .menu, .theme {
      background: transparent; color: inherit; border: 1px solid rgba(255,255,255,0.45); border-radius: 6px;
      padding: 4px 10px; font: inherit; font-size: 0.9em; cursor: pointer; white-space: nowrap;
    }
    .menu { display: none; font-size: 1.2em; line-height: 1; padding: 4px 8px; }
    .menu:focus-visible, .theme:focus-visible, .nav a:focus-visible { outline: 2px solid var(--abl-accent); outline-offset: 2px; }
    .body { display: flex; flex: 1 1 auto; min-height: 0; }
    .side {
      flex: 0 0 300px; width: 300px; box-sizing: border-box; padding: 10px 8px 32px;
      background: var(--abl-side); border-right: 1px solid var(--abl-border);
      position: sticky; top: 56px; height: calc(100vh - 56px); overflow-y: auto;
    }
    .nav { display: flex; flex-direction: column; gap: 2px; margin-bottom: 12px; }
    .nav a {
      color: var(--abl-fg); text-decoration: none; padding: 7px 12px; border-radius: 6px; font-size: 0.95em;
    }
    .nav a:hover { background: var(--abl-active); }
    .side-account[hidden] { display: none; }
    .side-account { display: flex; flex-direction: column; gap: 2px; margin-bottom: 12px; padding-top: 8px;
                    border-top: 1px solid var(--abl-border); }
    .side-account .account { color: var(--abl-fg); padding: 7px 12px; font-size: 0.95em; border-radius: 6px;
                             white-space: normal; overflow-wrap: anywhere; }
    .side-account a.account:hover { background: var(--abl-active); }
    .nav a.active { background: var(--abl-active); color: var(--abl-accent); font-weight: 600; }
    .backdrop { display: none; }
    .main { flex: 1 1 auto; min-width: 0; padding: 8px 24px 48px; position: relative; box-sizing: border-box; }
    .progress { position: absolute; top: 0; left: 0; right: 0; height: 3px; overflow: hidden; visibility: hidden; }
    .progress::after {
      content: ""; position: absolute; top: 0; bottom: 0; width: 35%; background: var(--abl-accent);
      animation: abl-slide 1s ease-in-out infinite;
    }
    @keyframes abl-slide { from { left: -35%; } to { left: 100%; } }
    .main.loading .progress { visibility: visible; }
    .main.loading .main-slot { opacity: 0.45; transition: opacity 0.1s; pointer-events: none; }
    @media (max-width: 900px) {
      .menu { display: inline-block; }
      .bar { padding: 0 8px; gap: 8px; }
      .brand { font-size: 1em; }
      .side {
        position: fixed; top: 56px; left: 0; bottom: 0; height: auto; width: min(320px, 88vw);
        z-index: 35; transform: translateX(-105%); transition: transform 0.2s ease; box-shadow: 2px 0 12px rgba(0,0,0,0.25);
      }
      .shell.open .side { transform: none; }
      .shell.open .backdrop { display: block; position: fixed; inset: 56px 0 0 0; background: rgba(0,0,0,0.35); z-index: 30; }
      .main { padding: 6px 8px 40px; }
    }
    @media (max-width: 600px) {
      .long { display: none; }
      .theme { padding: 4px 8px; }
    }
    """
    ]
