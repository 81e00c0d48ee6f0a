"""The editors' admin: roles with their duties, qualifications, figures and moves on one page."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from roles import publishing
from roles.audit import role_gaps
from roles.comparison import MAX_ROLES, MIN_ROLES, compare_url, role_profile_prefetches
from roles.models import (
    CareerField,
    CareerMove,
    Comparison,
    ComparisonRole,
    ComparisonRowNote,
    Duty,
    LabourFigure,
    Qualification,
    Role,
    RoleDuty,
    RoleQualification,
    Source,
    WorkSetting,
)

MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


class PublishActionsMixin:
    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description="Publish selected")
    def publish_selected(self, request, queryset):
        count = publishing.publish(queryset)
        self.message_user(request, f"Published {count}.", messages.SUCCESS)

    @admin.action(description="Move selected back to draft")
    def unpublish_selected(self, request, queryset):
        count = publishing.unpublish(queryset)
        self.message_user(request, f"Moved {count} to draft.", messages.SUCCESS)


@admin.register(CareerField)
class CareerFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "role_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_total=Count("roles"))

    @admin.display(description="roles", ordering="role_total")
    def role_count(self, obj):
        return obj.role_total


@admin.register(WorkSetting)
class WorkSettingAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "publisher", "url"]
    search_fields = ["name", "publisher", "url"]


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role_count", "onet_task_id"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_total=Count("role_duties"))

    @admin.display(description="roles", ordering="role_total")
    def role_count(self, obj):
        return obj.role_total


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "issuing_body", "role_count"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "issuing_body"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_total=Count("role_qualifications"))

    @admin.display(description="roles", ordering="role_total")
    def role_count(self, obj):
        return obj.role_total


class RoleDutyInline(admin.TabularInline):
    model = RoleDuty
    autocomplete_fields = ["duty"]
    fields = ["order", "duty", "emphasis"]
    extra = 1

    def get_queryset(self, request):
        # Each row's label names its role and duty: fetch them with the rows.
        return super().get_queryset(request).select_related("role", "duty")


class RoleQualificationInline(admin.TabularInline):
    model = RoleQualification
    autocomplete_fields = ["qualification"]
    fields = ["order", "qualification", "level", "note"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "qualification")


class LabourFigureInline(admin.StackedInline):
    model = LabourFigure
    autocomplete_fields = ["source"]
    fields = [("metric", "value"), "population", ("source", "year", "period_end")]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "source")


class CareerMoveInline(admin.TabularInline):
    model = CareerMove
    fk_name = "from_role"
    autocomplete_fields = ["to_role"]
    fields = ["order", "to_role", "to_title", "what_it_takes"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_role", "to_role")


@admin.register(Role)
class RoleAdmin(PublishActionsMixin, admin.ModelAdmin):
    list_display = ["title", "field", "status", "entry_education", "updated_at", "still_lacks"]
    list_filter = ["status", "field", "entry_education"]
    search_fields = ["title", "slug", "other_titles", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["work_settings"]
    formfield_overrides = MARKDOWN_EDITOR
    readonly_fields = ["updated_at"]
    inlines = [RoleDutyInline, RoleQualificationInline, LabourFigureInline, CareerMoveInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "field", "status", "updated_at"]}),
        ("What readers see first", {"fields": ["summary", "primary_focus", "overview"]}),
        (
            "Facts",
            {
                "fields": [
                    "other_titles",
                    "soc_code",
                    "entry_education",
                    "work_settings",
                    "figures_note",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("field")
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # The "still lacks" column reads each role's whole profile, one query per relation.
            queryset = queryset.prefetch_related(*role_profile_prefetches())
        return queryset

    @admin.display(description="still lacks")
    def still_lacks(self, obj):
        gaps = role_gaps(obj)
        if not gaps:
            return "Complete"
        return format_html(
            '<ul class="cg-gaps">{}</ul>', format_html_join("", "<li>{}</li>", ((g,) for g in gaps))
        )


class ComparisonRoleInline(admin.TabularInline):
    model = ComparisonRole
    autocomplete_fields = ["role"]
    min_num = MIN_ROLES
    max_num = MAX_ROLES
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # The admin sets min_num and max_num but only enforces them when asked to.
        return super().get_formset(request, obj, validate_min=True, validate_max=True, **kwargs)


class ComparisonRowNoteInline(admin.TabularInline):
    model = ComparisonRowNote
    extra = 1


@admin.register(Comparison)
class ComparisonAdmin(PublishActionsMixin, admin.ModelAdmin):
    list_display = ["title", "status", "featured", "compared_roles", "updated_at"]
    list_filter = ["status", "featured"]
    search_fields = ["title", "slug", "introduction", "advice"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = MARKDOWN_EDITOR
    readonly_fields = ["updated_at"]
    fields = ["title", "slug", "status", "featured", "updated_at", "introduction", "advice"]
    inlines = [ComparisonRoleInline, ComparisonRowNoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="roles")
    def compared_roles(self, obj):
        return ", ".join(role.title for role in obj.roles.all())

    def view_on_site(self, obj):
        slugs = [role.slug for role in obj.roles.all()]
        if MIN_ROLES <= len(slugs) <= MAX_ROLES:
            return compare_url(slugs)
        return None
