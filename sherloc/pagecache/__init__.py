"""The page cache: a signed-in page rendered once and served again to the same user until anything it may
show changes (docs/page-cache.md)."""
