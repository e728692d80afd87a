"""The archive picker of the submission form: the browser sends the file to `PUT /upload`.

The bytes go over plain HTTP to the streaming endpoint (deploy/upload_handler.py), never through
the websocket, so the server writes them to disk as they arrive and holds none in memory. The
browser shows progress and the server's answer; the session learns only the upload's token,
name and size (`upload`), and looks the file up by token and the logged-in user.
"""

from __future__ import annotations

import param
from panel.custom import JSComponent


class ArchiveUpload(JSComponent):
    max_bytes = param.Integer(default=1024**3, bounds=(1, None), doc="The server's limit, checked here first.")
    upload = param.Dict(default=None, allow_None=True, doc="{token, name, size} of the last accepted upload.")
    status = param.String(default="No archive attached yet.", doc="What the picker says under the box.")

    _esm = """
function size(bytes) {
  if (bytes < 1024) return `${bytes} B`
  const units = ["KiB", "MiB", "GiB"]
  let value = bytes / 1024, unit = 0
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++ }
  return `${value.toFixed(1)} ${units[unit]}`
}

export function render({ model, el }) {
  const box = document.createElement("label")
  box.className = "abl-upload"
  const prompt = document.createElement("span")
  prompt.textContent = "Drop the run archive (.tar.gz) here, or click to choose it"
  const input = document.createElement("input")
  input.type = "file"
  input.accept = ".tar.gz,.tgz,application/gzip"
  box.append(prompt, input)
  const bar = document.createElement("progress")
  bar.max = 1
  bar.hidden = true
  const status = document.createElement("div")
  status.className = "abl-upload-status"
  status.setAttribute("role", "status")
  status.textContent = model.status
  model.on("status", () => { status.textContent = model.status })
  let request = null

  function fail(text) {
    bar.hidden = true
    model.upload = null
    model.status = text
  }

  input.addEventListener("change", () => {
    const file = input.files[0]
    if (!file) return
    if (request) request.abort()
    if (file.size > model.max_bytes) {
      fail(`${file.name} is ${size(file.size)}; the limit is ${size(model.max_bytes)}.`)
      return
    }
    const xhr = new XMLHttpRequest()
    request = xhr
    xhr.open("PUT", new URL("upload?name=" + encodeURIComponent(file.name), window.location.href))
    xhr.setRequestHeader("X-ABL-Upload", "1")
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total })
    xhr.addEventListener("load", () => {
      request = null
      let body = null
      try { body = JSON.parse(xhr.responseText) } catch (e) { body = null }
      if (xhr.status === 200 && body && body.token) {
        bar.hidden = true
        model.upload = { token: body.token, name: body.name, size: body.size }
      } else {
        fail((body && body.error) || `The upload failed (HTTP ${xhr.status}). Please try again.`)
      }
    })
    xhr.addEventListener("error", () => { request = null; fail("The upload failed: the connection was lost. Please try again.") })
    bar.value = 0
    bar.hidden = false
    model.status = `Uploading ${file.name} (${size(file.size)})…`
    xhr.send(file)
  })
  el.append(box, bar, status)
}
"""

    _stylesheets = [
        """
.abl-upload { display: flex; flex-direction: column; gap: 8px; align-items: flex-start; padding: 16px;
  border: 2px dashed var(--panel-border-color, #999); border-radius: 8px; cursor: pointer; }
.abl-upload:hover, .abl-upload:focus-within { border-color: var(--panel-primary-color, #0072b5); }
.abl-upload input { max-width: 100%; }
progress { width: 100%; margin-top: 6px; }
.abl-upload-status { margin-top: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
"""
    ]
