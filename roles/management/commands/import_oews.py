"""Import the BLS OEWS national wage estimates and link occupations to them (rerunnable)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roles.importers.oews import import_oews
from roles.importers.tabular import TableError
from roles.management.commands.import_onet import write_summary


class Command(BaseCommand):
    help = (
        "Import OEWS employment and wage estimates from a CSV (plain or .xz; default: the file "
        "named in roles/data/oews/manifest.toml) and link every occupation to its estimate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            help="The OEWS CSV (default: the vendored roles/data/oews/ file).",
        )
        parser.add_argument(
            "--period",
            help='The period readers see, e.g. "May 2025" (default: the manifest\'s).',
        )

    def handle(self, *args, file, period, **options):
        try:
            report = import_oews(file, period=period, out=self.stdout)
        except TableError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        write_summary(self, report)
