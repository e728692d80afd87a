"""The review of submissions: status, scoring, preview and publishing (DESIGN.md section 6)."""
