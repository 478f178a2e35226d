"""The one spreadsheet import and export framework that every app's imports use."""
