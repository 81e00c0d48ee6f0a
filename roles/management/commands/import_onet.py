"""Import the O*NET database files into the occupation tables (rerunnable)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roles.importers.onet import ONET_DIR, import_onet
from roles.importers.tabular import TableError


class Command(BaseCommand):
    help = (
        "Import O*NET occupations, tasks, work activities, titles, skills, education and related "
        "occupations from a folder of O*NET files (default: the vendored roles/data/onet/). "
        "Editors' changes to titles and descriptions are kept; occupations no longer in the "
        "files are retired."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=ONET_DIR,
            help="Folder holding the O*NET .txt files, plain or .xz/.gz (default: %(default)s).",
        )
        parser.add_argument(
            "--release", help="The O*NET release, e.g. 30.0 (default: the folder's manifest.toml)."
        )

    def handle(self, *args, directory, release, **options):
        try:
            report = import_onet(directory, release=release, out=self.stdout)
        except TableError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        write_summary(self, report)


def write_summary(command, report):
    """The closing summary, shared with import_oews: totals and tables, then editors' changes."""
    lines = report.summary_lines()
    command.stdout.write(command.style.SUCCESS(lines[0]))
    for line in lines[1:]:
        style = command.style.WARNING if line.startswith("Kept") else str
        command.stdout.write(style(line))
