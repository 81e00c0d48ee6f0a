"""Create a staff account in the Editors group, able to maintain the guide but not user accounts."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

EDITORS_GROUP = "Editors"
SENIOR_EDITORS_GROUP = "Senior editors"  # may also publish pages that fall short of the audit


class Command(BaseCommand):
    help = (
        "Create an editor account (staff, in the Editors group). Asks for the password, or reads "
        "it from the EDITOR_PASSWORD environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--senior",
            action="store_true",
            help="In the Senior editors group: may also publish a page that falls short of the "
            "content audit.",
        )

    def handle(self, *args, username, email, senior=False, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        password = os.environ.get("EDITOR_PASSWORD") or self._ask_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        group_name = SENIOR_EDITORS_GROUP if senior else EDITORS_GROUP
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            raise CommandError(f"The {group_name} group is missing: run `manage.py migrate`.")
        user.set_password(password)
        user.save()
        user.groups.add(group)
        kind = "Senior editor" if senior else "Editor"
        self.stdout.write(self.style.SUCCESS(f"{kind} {username!r} created. Log in at /admin/."))

    def _ask_password(self):
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
