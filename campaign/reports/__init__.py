"""Reports: printed documents (A4, Decree 30/2020 layout), their PDFs and the spreadsheets of
the same rows (docs/architecture.md, "Reports and exports")."""
