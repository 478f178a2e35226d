"""Meetings at every level: models, forms, views and URLs (the models belong to `councils`)."""
