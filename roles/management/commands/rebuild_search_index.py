"""Rebuild the search index of every role and current occupation from what the database holds."""

from django.core.management.base import BaseCommand
from django.db import transaction

from roles.discover.index import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Rewrite the search index (every job's words and the vocabulary). Imports and editors' "
        "saves keep it current; run this after changing the tokenizer, stop words, synonyms or "
        "place weights in roles/discover/."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild_search_index()
        self.stdout.write(f"Search index rebuilt: {count:,} entries.")
