"""Draft changes in the admin (roles/editorial/drafts.py): a published role's or comparison's form
offers "Save as draft change"; the page then says a draft exists and links to its preview (the
public page exactly as readers would get it), to editing it further, and to publishing or
discarding it. Readers keep the published version until the draft is published."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from roles.compare.export import joined_slugs
from roles.editorial import drafts, publishing
from roles.models import Comparison, Role, Status

DRAFT_BUTTON, EDITING_DRAFT = drafts.DRAFT_BUTTON, drafts.EDITING_DRAFT


def public_page(page):
    """The public view of `page` and its arguments, for a preview."""
    from roles.catalogue.views import role_detail
    from roles.compare.views import compare

    if isinstance(page, Role):
        return role_detail, {"slug": page.slug}
    if isinstance(page, Comparison):
        slugs = sorted(role.slug for role in page.roles.all())
        return compare, {"slugs": joined_slugs(slugs)}
    raise Http404("This page has no public view.")


class DraftAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = {
            "preview": self.draft_preview_view,
            "edit": self.draft_edit_view,
            "publish": self.draft_publish_view,
            "discard": self.draft_discard_view,
        }
        return [
            *(
                path(
                    f"<path:object_id>/draft/{name}/",
                    self.admin_site.admin_view(view),
                    name="{}_{}_draft_{}".format(*info, name),
                )
                for name, view in views.items()
            ),
            *super().get_urls(),
        ]

    def _url(self, name, page):
        info = self.opts.app_label, self.opts.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[page.pk])

    def _page_and_draft(self, request, object_id):
        page = self.get_object(request, unquote(object_id))
        if page is None or not self.has_change_permission(request, page):
            raise Http404("No such page.")
        return page, drafts.draft_of(page)

    # The change form: the button, and word of a draft that exists.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The page the form shows, as stored: a published one may be saved as a draft instead.
        if obj is not None and obj.pk is not None and obj.status == Status.PUBLISHED:
            context["offer_draft"] = True
            if request.method == "GET" and not getattr(request, EDITING_DRAFT, False):
                draft = drafts.draft_of(obj)
                if draft is not None:
                    self.message_user(request, self._draft_notice(obj, draft), messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _draft_notice(self, page, draft):
        who = draft.author.get_username() if draft.author else "an editor"
        when = date_format(timezone.localtime(draft.updated_at), "j F Y, H:i")
        return format_html(
            "{} saved draft changes to this page on {} that readers do not see yet: "
            '<a href="{}">preview them</a>, <a href="{}">edit them</a>, '
            '<a href="{}">publish them</a> or <a href="{}">discard them</a>. '
            "This form shows the published version.",
            who,
            when,
            self._url("draft_preview", page),
            self._url("draft_edit", page),
            self._url("draft_publish", page),
            self._url("draft_discard", page),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and DRAFT_BUTTON in request.POST:
            page = form.instance
            raise drafts.DraftSaved(page, drafts.serialize(page))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except drafts.DraftSaved as saved:
            if getattr(request, EDITING_DRAFT, False):
                raise  # the draft's own form keeps it, once its transaction is undone
            return self._kept(request, saved)

    def _kept(self, request, saved):
        drafts.keep(saved.page, saved.data, request.user)
        self.message_user(
            request,
            format_html(
                "Saved as draft changes: readers still see the published “{}”. "
                '<a href="{}">Preview the draft</a>.',
                saved.page,
                self._url("draft_preview", saved.page),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", saved.page))

    # The draft's own views.

    def draft_preview_view(self, request, object_id):
        page, draft = self._page_and_draft(request, object_id)
        if draft is None:
            raise Http404("This page has no draft changes.")
        view, kwargs = public_page(page)
        return drafts.preview(request, page, draft, view, **kwargs)

    def draft_edit_view(self, request, object_id):
        """The change form with the draft applied: Save publishes it with the edits; Save as
        draft change keeps the edits as the draft."""
        page, draft = self._page_and_draft(request, object_id)
        if draft is None:
            return HttpResponseRedirect(self._url("change", page))
        setattr(request, EDITING_DRAFT, True)
        context = {"title": f"Edit the draft changes to {page}", "offer_draft": True}
        try:
            with transaction.atomic():
                drafts.apply(page, draft)
                response = self.changeform_view(request, object_id, request.path, context)
                if request.method == "POST" and response.status_code == 302:
                    draft.delete()  # published with the edits, as a normal save
                    return response
                if hasattr(response, "render"):
                    response.render()
                raise drafts.Rollback(response)
        except drafts.DraftSaved as saved:
            return self._kept(request, saved)
        except drafts.Rollback as rollback:
            return rollback.response

    def draft_publish_view(self, request, object_id):
        page, draft = self._page_and_draft(request, object_id)
        if draft is None:
            return HttpResponseRedirect(self._url("change", page))
        gaps = []
        # The published page changed after the draft was saved: publishing would undo that.
        newer = page.updated_at > draft.updated_at
        if request.method == "POST" and newer and "replace_newer" not in request.POST:
            return self._confirm(request, page, draft, "publish", gaps, newer=True, asked=True)
        if request.method == "POST":
            anyway = "publish_anyway" in request.POST and publishing.may_publish_anyway(
                request.user
            )
            try:
                with transaction.atomic():
                    fresh = drafts.publish(page, draft, request.user)
                    gaps = publishing.gaps_of(fresh) if fresh.is_published else []
                    if gaps and not anyway:
                        raise drafts.Rollback(None)
            except drafts.Rollback:
                pass
            else:
                self.message_user(
                    request, f"Published the draft changes to “{fresh}”.", messages.SUCCESS
                )
                return HttpResponseRedirect(self._url("change", fresh))
        return self._confirm(request, page, draft, "publish", gaps, newer=newer)

    def draft_discard_view(self, request, object_id):
        page, draft = self._page_and_draft(request, object_id)
        if draft is None:
            return HttpResponseRedirect(self._url("change", page))
        if request.method == "POST":
            draft.delete()
            self.message_user(request, f"Discarded the draft changes to “{page}”.", messages.INFO)
            return HttpResponseRedirect(self._url("change", page))
        return self._confirm(request, page, draft, "discard", [])

    def _confirm(self, request, page, draft, action, gaps, *, newer=False, asked=False):
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"{action.capitalize()} the draft changes to “{page}”?",
            "opts": self.opts,
            "original": page,
            "draft": draft,
            "action": action,
            "gaps": gaps,
            "newer": newer,
            "asked": asked,
            "may_publish_anyway": publishing.may_publish_anyway(request.user),
            "preview_url": self._url("draft_preview", page),
            "edit_url": self._url("draft_edit", page),
            "change_url": self._url("change", page),
        }
        return TemplateResponse(request, "admin/roles/draft_confirm.html", context)
