"""Reading catalog files (the reader lives in services/catalog_yaml.py, shared with the
API's disposable tenants)."""

from zorders.services.catalog_yaml import read_catalog_file, read_catalog_text

__all__ = ["read_catalog_file", "read_catalog_text"]
