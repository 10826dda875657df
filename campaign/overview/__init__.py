"""The read side at the top: what looks at every area at once — the home page's overview and a
campaign's hub (next, the reports). Nothing below imports it (docs/architecture.md, "Layers")."""
