"""Delete images uploaded through the Markdown editor that no text and no kept version uses."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from roles.editorial.uploads import GRACE_PERIOD, find_unused_uploads


class Command(BaseCommand):
    help = (
        "Delete images uploaded through the Markdown editor that no Markdown field and no version "
        "in the history refers to, once they are older than the grace period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--grace-hours",
            type=int,
            default=int(GRACE_PERIOD.total_seconds() // 3600),
            help="Keep unused uploads younger than this, which may belong to an unsaved edit "
            "(default: %(default)s).",
        )

    def handle(self, *args, dry_run, grace_hours, **options):
        if grace_hours < 1:
            raise CommandError("--grace-hours must be at least 1: editors may be mid-edit.")
        sweep = find_unused_uploads(default_storage, timedelta(hours=grace_hours))
        for name in sweep.unused:
            if dry_run:
                self.stdout.write(f"Would delete {name}")
            else:
                default_storage.delete(name)
                self.stdout.write(f"Deleted {name}")
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(sweep.in_use)} in use, {len(sweep.recent)} younger than {grace_hours} "
                f"hours kept, {len(sweep.unused)} unused {verb}."
            )
        )
