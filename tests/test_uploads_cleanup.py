"""Removing uploaded images nothing uses: not current text, not a version in the history, and not
an upload so new that an editor may still be working on the page it is for."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
import reversion
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from roles.editorial.uploads import find_unused_uploads, markdown_fields, referenced_uploads
from roles.models import Comparison, Occupation, Role
from tests.conftest import make_comparison, make_field, make_role

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def upload(name, age_seconds=0):
    """Store an image under the editor's upload folder, last modified `age_seconds` ago."""
    stored = default_storage.save(f"markdownx/{name}", ContentFile(b"\x89PNG not really"))
    if age_seconds:
        then = time.time() - age_seconds
        os.utime(default_storage.path(stored), (then, then))
    return stored


def image(name):
    return f"![A desk](/media/markdownx/{name})"


@pytest.fixture
def uploads():
    """One upload of each kind: used now, used by an old version only, old unused, new unused."""
    used = upload("used.png", TWO_DAYS)
    in_history = upload("in-history.png", TWO_DAYS)
    old = upload("old.png", TWO_DAYS)
    new = upload("new.png")
    with reversion.create_revision():
        role = make_role("Court clerk", overview=f"Files papers.\n\n{image('in-history.png')}")
    # A later save, outside any revision, drops the image from the current text.
    role.overview = f"Files papers.\n\n{image('used.png')}"
    role.save()
    return {"used": used, "in_history": in_history, "old": old, "new": new}


def run(*args):
    out = StringIO()
    call_command("remove_unused_uploads", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_old_uploads_that_no_text_and_no_version_uses(uploads):
    output = run()

    assert not default_storage.exists(uploads["old"])
    for kept in ("used", "in_history", "new"):
        assert default_storage.exists(uploads[kept])
    assert "Deleted markdownx/old.png" in output
    assert "2 in use, 1 younger than 24 hours kept, 1 unused deleted." in output


def test_a_dry_run_lists_what_it_would_delete_and_deletes_nothing(uploads):
    output = run("--dry-run")

    assert "Would delete markdownx/old.png" in output
    assert "1 unused would be deleted." in output
    for name in uploads.values():
        assert default_storage.exists(name)


def test_a_shorter_grace_period_lets_newer_unused_uploads_go(uploads):
    young = upload("three-hours.png", 3 * 3600)

    run("--grace-hours", "2")

    assert not default_storage.exists(young)
    assert default_storage.exists(uploads["new"])  # seconds old


def test_the_grace_period_cannot_be_switched_off():
    with pytest.raises(CommandError, match="at least 1"):
        run("--grace-hours", "0")


def test_uploads_used_by_any_markdown_field_are_kept():
    assert {(model, name) for model, name in markdown_fields()} >= {
        (Role, "overview"),
        (Comparison, "introduction"),
        (Comparison, "advice"),
        (Occupation, "overview"),
    }
    names = [upload(f"{n}.png", TWO_DAYS) for n in ("intro", "advice", "occupation", "unused")]
    make_comparison(
        [make_role(), make_role()], introduction=image("intro.png"), advice=image("advice.png")
    )
    Occupation.objects.create(
        code="23-2011.00",
        title="Paralegals",
        slug="paralegals",
        description="Assist lawyers.",
        field=make_field(),
        overview=image("occupation.png"),
    )

    sweep = find_unused_uploads()

    assert sweep.in_use == sorted(names[:3])
    assert sweep.unused == [names[3]]


def test_draft_pages_count_as_using_their_images():
    name = upload("draft.png", TWO_DAYS)
    make_role(status="draft", overview=image("draft.png"))

    assert find_unused_uploads().in_use == [name]


def test_references_are_found_whatever_address_the_storage_gave_them():
    make_role(
        overview="![Chart](https://guide-media.s3.amazonaws.com/markdownx/a1.png?X-Amz-Date=1)\n"
        '<img src="https://cdn.example.org/media/markdownx/b2.png" alt="Map">\n'
        "[c]: /media/markdownx/c%203.png\n"
        "Not an upload: /media/other/d4.png",
    )

    assert referenced_uploads("markdownx/") == {
        "markdownx/a1.png",
        "markdownx/b2.png",
        "markdownx/c 3.png",
    }


def test_it_reads_and_deletes_through_the_storage_api_alone(settings):
    # Kept in memory: no folder on disk to walk, so only listdir, get_modified_time and delete work.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.storage import default_storage as memory

    unused = memory.save("markdownx/nested/unused.png", ContentFile(b"x"))
    used = memory.save("markdownx/used.png", ContentFile(b"x"))
    make_role(overview=f"![Desk](/media/{used})")

    sweep = find_unused_uploads(memory, now=timezone.now() + timedelta(days=2))

    assert sweep.in_use == [used] and sweep.unused == [unused]
    run()  # now: both are seconds old
    assert memory.exists(unused)
