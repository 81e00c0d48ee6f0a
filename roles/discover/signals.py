"""Keeping the search index current as editors save roles, duties, qualifications and occupations.

Each handler rewrites the postings of the few jobs a save touches, so an edit is searchable as
soon as it is saved. Imports write in bulk (no signals) and rebuild the index themselves.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from roles.discover.index import index_occupation, index_roles
from roles.models import (
    Duty,
    Occupation,
    Qualification,
    Role,
    RoleDuty,
    RoleQualification,
    WorkSetting,
)

# Set while a loader that indexes everything it wrote at its end is running.
_deferred = ContextVar("search_index_deferred", default=False)


@contextmanager
def indexing_deferred():
    """Skip the per-save updates inside this block: the caller indexes once when it is done."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _skip(raw):
    return raw or _deferred.get()


@receiver(post_save, sender=Role, dispatch_uid="search_index_role")
def role_saved(sender, instance, raw=False, **kwargs):
    if not _skip(raw):
        index_roles([instance.pk])


@receiver(post_save, sender=RoleDuty, dispatch_uid="search_index_role_duty_saved")
@receiver(post_delete, sender=RoleDuty, dispatch_uid="search_index_role_duty_deleted")
@receiver(post_save, sender=RoleQualification, dispatch_uid="search_index_role_qual_saved")
@receiver(post_delete, sender=RoleQualification, dispatch_uid="search_index_role_qual_deleted")
def role_link_changed(sender, instance, raw=False, origin=None, **kwargs):
    # A role being deleted takes its postings with it: indexing it again would outlive it.
    deleting_role = isinstance(origin, Role) or getattr(origin, "model", None) is Role
    if not _skip(raw) and not deleting_role:
        index_roles([instance.role_id])


@receiver(post_save, sender=Duty, dispatch_uid="search_index_duty")
def duty_saved(sender, instance, created=False, raw=False, **kwargs):
    if not _skip(raw) and not created:
        index_roles(RoleDuty.objects.filter(duty=instance).values("role"))


@receiver(post_save, sender=Qualification, dispatch_uid="search_index_qualification")
def qualification_saved(sender, instance, created=False, raw=False, **kwargs):
    if not _skip(raw) and not created:
        index_roles(RoleQualification.objects.filter(qualification=instance).values("role"))


@receiver(post_save, sender=Occupation, dispatch_uid="search_index_occupation")
def occupation_saved(sender, instance, raw=False, **kwargs):
    if not _skip(raw):
        index_occupation(instance.pk)


@receiver(m2m_changed, sender=Role.work_settings.through, dispatch_uid="search_index_settings")
def role_settings_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if _deferred.get():
        return
    if reverse and action == "pre_clear":
        # Which roles lose the setting is known only before they lose it.
        instance._roles_losing_setting = list(
            Role.objects.filter(work_settings=instance).values_list("pk", flat=True)
        )
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            index_roles([instance.pk])
        elif action == "post_clear":
            index_roles(getattr(instance, "_roles_losing_setting", []))
        elif pk_set:
            index_roles(list(pk_set))


@receiver(post_save, sender=WorkSetting, dispatch_uid="search_index_work_setting")
def work_setting_saved(sender, instance, created=False, raw=False, **kwargs):
    if not _skip(raw) and not created:
        index_roles(Role.objects.filter(work_settings=instance).values("pk"))
