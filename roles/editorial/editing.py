"""The base of every editable page in the admin: history with diffs and restore (django-reversion
and django-reversion-compare), refusal of stale saves (roles/editorial/conflicts.py), and saves
that change nothing recording nothing."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from roles.editorial import conflicts, history

REVIEW_SOON = timedelta(days=30)
NOTHING_CHANGED = "_editorial_nothing_changed"
RESTORING = "_editorial_restoring"


class EditorialAdmin(CompareVersionAdmin):
    form = conflicts.VersionedForm
    history_latest_first = True

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [*options["fields"], conflicts.TOKEN_FIELD]
        return [(name, {**options, "fields": fields}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not issubclass(form, conflicts.VersionedForm):
            return form
        # Read once per request: the admin builds the form class more than once.
        cache = request.__dict__.setdefault("_editorial_states", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            parts = conflicts.page_parts(self, request, obj)
            cache[key] = (parts, conflicts.snapshot(obj, parts))
        parts, state = cache[key]
        return type(
            form.__name__,
            (form,),
            {
                "page_state": state,
                "parts": parts,
                "latest_version": staticmethod(history.latest_version),
            },
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            request.POST = conflicts.normalized_post(request.POST)
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            if obj is not None:
                request.POST = conflicts.rescue_lost_rows(
                    request.POST, self._row_sets(request, obj)
                )
        # Restoring or recovering a version (django-reversion's views) has already written the old
        # rows when the form is saved: that save is the change, even if the form is untouched.
        extra = extra_context or {}
        setattr(request, RESTORING, bool(extra.get("revert") or extra.get("recover")))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _row_sets(self, request, obj):
        sets = []
        for inline in self.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            rows = inline.model._default_manager.filter(**{formset.fk.name: obj})
            sets.append((formset.get_default_prefix(), rows))
        return sets

    # A save that changes nothing saves nothing: no revision, no log entry, no new date.

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
        # A change is saved with its inline rows in save_related, once it is known to be one.

    def save_related(self, request, form, formsets, change):
        if change:
            unchanged = not form.has_changed() and not any(fs.has_changed() for fs in formsets)
            if unchanged and not getattr(request, RESTORING, False):
                setattr(request, NOTHING_CHANGED, True)
                for formset in formsets:
                    formset.new_objects = formset.changed_objects = formset.deleted_objects = []
                return
            super().save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if getattr(request, NOTHING_CHANGED, False):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, NOTHING_CHANGED, False):
            self.message_user(
                request,
                format_html(
                    "Nothing was changed in the {} “{}”, so nothing was saved.",
                    obj._meta.verbose_name,
                    obj,
                ),
                messages.INFO,
            )
            if "_continue" in request.POST:
                return HttpResponseRedirect(request.path)
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)


class ReviewForm(conflicts.VersionedForm):
    """A page's form with the editor's confirmation that its content is current."""

    confirm_reviewed = forms.BooleanField(
        label="Confirm the content is current",
        required=False,
        help_text="Tick after checking the page against its sources: readers see “Reviewed” with "
        "today's date, and the next review falls due in a year. Saving without ticking leaves the "
        "review date alone.",
    )

    def save(self, commit=True):
        if self.cleaned_data.get("confirm_reviewed"):
            self.instance.mark_reviewed()
        return super().save(commit)


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Due now or overdue"),
            ("soon", "Due within 30 days"),
            ("never", "Never reviewed"),
            ("current", "Reviewed and current"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(Q(review_due__lte=today) | Q(review_due__isnull=True))
        if self.value() == "soon":
            return queryset.filter(review_due__gt=today, review_due__lte=today + REVIEW_SOON)
        if self.value() == "never":
            return queryset.filter(reviewed_on__isnull=True)
        if self.value() == "current":
            return queryset.filter(review_due__gt=today)
        return queryset


class ReviewAdminMixin:
    """Review dates on a page's admin: the confirmation on its form, the dates in its list with a
    filter for what is due, and a bulk action."""

    form = ReviewForm
    review_fieldset = (
        "Review",
        {"fields": ["confirm_reviewed", "reviewed_on", "review_due"]},
    )

    @admin.action(description="Confirm the selected pages are current (reviewed today)")
    def mark_reviewed_selected(self, request, queryset):
        with history.recording("Confirmed current (bulk action).", request.user):
            for page in queryset:
                page.mark_reviewed()
                page.save(update_fields=["reviewed_on", "review_due"])
        self.message_user(
            request, f"Marked {queryset.count()} as reviewed today.", messages.SUCCESS
        )
