"""Follow-up activities of a campaign and the progress units report on them."""
