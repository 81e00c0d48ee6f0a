"""List what each published role and comparison lacks; exit non-zero when any falls short."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from roles.editorial.audit import comparison_gaps, role_gaps
from roles.models import Comparison, ComparisonRowNote, Role


class Command(BaseCommand):
    help = (
        "Check every published role and comparison against the guide's rules (roles/audit.py). "
        "Exits with status 1 when anything published falls short."
    )

    def handle(self, *args, **options):
        failures = 0
        roles = Role.objects.published().with_profile()
        comparisons = Comparison.objects.published().prefetch_related(
            "roles", Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id"))
        )
        checked = [(f"Role {role.slug}", role_gaps(role)) for role in roles] + [
            (f"Comparison {comparison.slug}", comparison_gaps(comparison))
            for comparison in comparisons
        ]
        for label, gaps in checked:
            if gaps:
                failures += 1
                self.stdout.write(self.style.ERROR(f"{label} falls short:"))
                for gap in gaps:
                    self.stdout.write(f"  - {gap}")
        if failures:
            raise CommandError(f"{failures} of {len(checked)} published pages fall short.")
        self.stdout.write(self.style.SUCCESS(f"All {len(checked)} published pages pass."))
