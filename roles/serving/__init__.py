"""Serving readers at scale: the page cache and its invalidation, uploads, the health check."""
