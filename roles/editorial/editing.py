"""The base of every editable page in the admin: history with diffs and restore (django-reversion
and django-reversion-compare), refusal of stale saves (roles/editorial/conflicts.py), and saves
that change nothing recording nothing."""

from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion_compare.admin import CompareVersionAdmin

from roles.editorial import conflicts, drafts, history, publishing
from roles.models import Role, Status

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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Addresses typed without a scheme are https (Django 6's default; saying so now keeps
        # Django 5.2 from warning about the change).
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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


class PageForm(conflicts.VersionedForm):
    """A role's or comparison's form: with the editor's confirmation that its content is current,
    and, for those who may, publishing a page that falls short of the audit."""

    confirm_reviewed = forms.BooleanField(
        label="Confirm the content is current",
        required=False,
        help_text="Tick after checking the page against its sources: readers see “Reviewed” with "
        "today's date, and the next review falls due in a year. Saving without ticking leaves the "
        "review date alone.",
    )

    publish_anyway = forms.BooleanField(
        label="Publish even though it falls short",
        required=False,
        help_text="Only for pages the content audit finds incomplete; the history records the "
        "reasons with your name.",
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


class PublishRefused(Exception):
    """A save that would publish a page the audit finds incomplete (the transaction is undone)."""

    def __init__(self, form, formsets, gaps):
        super().__init__(gaps)
        self.form, self.formsets, self.gaps = form, formsets, gaps


class PageAdminMixin:
    """A role's or comparison's admin: review dates (the confirmation on the form, the dates in the
    list with a filter for what is due, a bulk action) and publishing checks (a save or a bulk
    action that publishes a page the audit finds incomplete is refused with the reasons)."""

    form = PageForm
    actions = [
        "publish_selected",
        "publish_selected_anyway",
        "unpublish_selected",
        "mark_reviewed_selected",
    ]
    review_fieldset = (
        "Review",
        {"fields": ["confirm_reviewed", "reviewed_on", "review_due"]},
    )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not publishing.may_publish_anyway(request.user):
            actions.pop("publish_selected_anyway", None)
        return actions

    @admin.action(description="Publish selected")
    def publish_selected(self, request, queryset):
        self._report(request, publishing.publish(queryset, request.user))

    @admin.action(description="Publish selected, even those that fall short")
    def publish_selected_anyway(self, request, queryset):
        self._report(request, publishing.publish(queryset, request.user, anyway=True))

    def _report(self, request, outcome):
        if outcome.published or not outcome.refused:
            self.message_user(request, f"Published {outcome.published}.", messages.SUCCESS)
        for title, gaps in outcome.refused.items():
            self.message_user(request, _refusal(title, gaps), messages.ERROR)

    @admin.action(description="Move selected back to draft")
    def unpublish_selected(self, request, queryset):
        count, comparisons = publishing.unpublish(queryset, request.user)
        self.message_user(request, f"Moved {count} to draft.", messages.SUCCESS)
        _say_comparisons_taken(self, request, comparisons)

    @admin.action(description="Confirm the selected pages are current (reviewed today)")
    def mark_reviewed_selected(self, request, queryset):
        with history.recording("Confirmed current (bulk action).", request.user):
            for page in queryset:
                page.mark_reviewed()
                page.save(update_fields=["reviewed_on", "review_due"])
        self.message_user(
            request, f"Marked {queryset.count()} as reviewed today.", messages.SUCCESS
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not publishing.may_publish_anyway(request.user):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = list(options["fields"])
        fields.insert(fields.index("status") + 1 if "status" in fields else 0, "publish_anyway")
        return [(name, {**options, "fields": fields}), *rest]

    def save_related(self, request, form, formsets, change):
        was_published = change and form.initial.get("status") == Status.PUBLISHED
        super().save_related(request, form, formsets, change)
        page = form.instance
        if was_published and page.status == Status.DRAFT and isinstance(page, Role):
            taken = publishing.comparisons_of_drafts([page.pk], request.user)
            _say_comparisons_taken(self, request, taken)
        # Publishing: a page becoming published, or a draft of changes published through its form.
        publishing_now = not was_published or getattr(request, drafts.EDITING_DRAFT, False)
        if (
            page.status != Status.PUBLISHED
            or not publishing_now
            or drafts.DRAFT_BUTTON in request.POST
        ):
            return
        if getattr(request, NOTHING_CHANGED, False):
            return
        gaps = publishing.gaps_of(page)
        if not gaps:
            return
        if form.cleaned_data.get("publish_anyway") and publishing.may_publish_anyway(request.user):
            setattr(request, OVERRIDE_COMMENT, publishing.anyway_comment(gaps))
            return
        raise PublishRefused(form, formsets, gaps)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        _note_override(request)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        _note_override(request)
        return entry

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PublishRefused as refused:
            return self._refused(request, refused, object_id, form_url, extra_context)

    def _refused(self, request, refused, object_id, form_url, extra_context):
        """The form again, as sent, with why the page cannot be published (nothing was saved)."""
        form, formsets = refused.form, refused.formsets
        add = object_id is None
        page = form.instance
        if add:
            page.pk = None
            page._state.adding = True
        anyway = publishing.may_publish_anyway(request.user)
        form.add_error(None, _refusal(str(page) or "This page", refused.gaps, anyway=anyway))
        shown = None if add else page
        fieldsets = self.get_fieldsets(request, shown)
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, shown) if add else {},
            self.get_readonly_fields(request, shown),
            model_admin=self,
        )
        inline_formsets = self.get_inline_formsets(
            request, formsets, self.get_inline_instances(request, shown), shown
        )
        media = self.media + admin_form.media
        for inline_formset in inline_formsets:
            media += inline_formset.media
        verbose_name = self.opts.verbose_name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Add {verbose_name}" if add else f"Change {verbose_name}",
            "subtitle": None if add else str(page),
            "adminform": admin_form,
            "object_id": object_id,
            "original": shown,
            "is_popup": False,
            "to_field": None,
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": helpers.AdminErrorList(form, formsets),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return self.render_change_form(
            request, context, add=add, change=not add, obj=shown, form_url=form_url
        )


OVERRIDE_COMMENT = "_editorial_override_comment"


def _say_comparisons_taken(admin_page, request, titles):
    if titles:
        admin_page.message_user(
            request,
            "Also moved to draft, because readers could no longer see them: "
            + ", ".join(f"the comparison “{title}”" for title in titles)
            + ". Publish them again once their roles are published.",
            messages.WARNING,
        )


def _note_override(request):
    comment = getattr(request, OVERRIDE_COMMENT, None)
    if comment and reversion.is_active():
        reversion.set_comment(comment)


def _refusal(title, gaps, *, anyway=False):
    return format_html(
        "<p>“{}” was not published: it falls short of the guide's checks.</p><ul>{}</ul><p>{}</p>",
        title,
        format_html_join("", "<li>{}</li>", ((gap,) for gap in gaps)),
        "Nothing was saved; your changes are still in the form. Save it as a draft, or fill the "
        "gaps and publish."
        + (" You may also tick “Publish even though it falls short”." if anyway else ""),
    )
