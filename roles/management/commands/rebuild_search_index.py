"""Rebuild the search index of every role and current occupation from what the database holds."""

from django.core.management.base import BaseCommand
from django.db import transaction

from roles.discover.index import rebuild_search_index
from roles.importers.locking import catalogue_lock
from roles.serving.pagecache import content_changed


class Command(BaseCommand):
    help = (
        "Rewrite the search index (every job's words and the vocabulary). Imports and editors' "
        "saves keep it current; run this after changing the tokenizer, stop words, synonyms or "
        "place weights in roles/discover/."
    )

    def handle(self, *args, **options):
        with catalogue_lock(self.stderr), transaction.atomic():
            count = rebuild_search_index()
            content_changed()
        self.stdout.write(f"Search index rebuilt: {count:,} entries.")
