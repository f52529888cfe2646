"""Dateline: scheduled ETL from dated news-article files to a DuckDB warehouse."""

__version__ = "0.1.0"
