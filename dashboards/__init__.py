"""One module per page of the site; `site` assembles them into the shell."""
