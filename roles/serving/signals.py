"""Any saved, deleted or re-linked row of the guide's own tables invalidates readers' cached pages.

Bulk writes send no signals: the importers, the content loader, the search index rebuild and the
admin's bulk actions call `content_changed` themselves, and any successful admin form an editor
posts does too (roles/serving/pagecache.py).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from roles.serving.pagecache import content_changed

WATCHED_APPS = {"roles"}


def _changed(sender, **kwargs):
    if sender._meta.app_label in WATCHED_APPS:
        content_changed()


post_save.connect(_changed, dispatch_uid="pagecache-save")
post_delete.connect(_changed, dispatch_uid="pagecache-delete")
m2m_changed.connect(_changed, dispatch_uid="pagecache-m2m")
