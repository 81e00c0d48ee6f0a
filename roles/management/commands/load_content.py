"""Load the guide's content files into the database (rerunnable; `make run` calls it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roles.importers.content import CONTENT_DIR, ContentError, load_content


class Command(BaseCommand):
    help = (
        "Load roles, duties, qualifications, figures and comparisons from roles/content/. "
        "Rows an editor changed since they were loaded are left alone unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace rows an editor has changed with what the content files say.",
        )
        parser.add_argument(
            "--path", type=Path, default=CONTENT_DIR, help="Folder holding the content files."
        )

    def handle(self, *args, overwrite, path, **options):
        try:
            report = load_content(path, overwrite=overwrite)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for label in report.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {label}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Content: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
            )
        )
