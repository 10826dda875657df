"""The read side at the top: pages that look at every area at once (a campaign's hub; next, the
reports). Nothing below imports it; see docs/architecture.md."""
