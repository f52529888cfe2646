"""Dateline: scheduled ETL from dated news-article files to a DuckDB warehouse."""

from dateline.settings import go_offline

__version__ = "0.1.0"

go_offline()  # before Prefect or GX is imported: no analytics, no calls home
