"""How pages present themselves to search engines and link previews: each page's title,
description and canonical address in its <head>, robots.txt, the sitemap and the site's icons."""
