"""Strategy books: models, contents, curation, forms, views and URLs (models of `plans`)."""
