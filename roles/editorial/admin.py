"""The editors' admin: fields with their duty kinds and fit questions, roles with their duties,
qualifications, figures and moves on one page, comparisons, and imported occupations."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.html import format_html, format_html_join
from markdownx.models import MarkdownxField

from roles.compare.selection import MAX_JOBS, MIN_JOBS, compare_url
from roles.editorial.audit import comparison_gaps, role_gaps
from roles.editorial.draft_admin import DraftAdminMixin
from roles.editorial.editing import EditorialAdmin, PageAdminMixin, ReviewDueFilter
from roles.editorial.widgets import KnownChoicesInlineMixin, MarkdownEditorWidget
from roles.models import (
    CareerField,
    CareerMove,
    Comparison,
    ComparisonRole,
    ComparisonRowNote,
    Duty,
    DutyKind,
    FitOption,
    FitQuestion,
    LabourFigure,
    Occupation,
    Qualification,
    Role,
    RoleDuty,
    RoleQualification,
    Source,
    WageEstimate,
    WorkSetting,
    row_note_choices,
)

MARKDOWN_EDITOR = {MarkdownxField: {"widget": MarkdownEditorWidget}}


def _gap_list(gaps):
    if not gaps:
        return "Complete"
    return format_html(
        '<ul class="cg-gaps">{}</ul>', format_html_join("", "<li>{}</li>", ((g,) for g in gaps))
    )


class DutyKindInline(admin.TabularInline):
    model = DutyKind
    fields = ["order", "name", "slug", "chart_row", "work_mix"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 1


@admin.register(CareerField)
class CareerFieldAdmin(EditorialAdmin):
    list_display = ["name", "soc_major_group", "order", "role_count", "occupation_count"]
    list_editable = ["order"]
    list_filter = [("soc_major_group", admin.EmptyFieldListFilter)]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "soc_major_group"]
    readonly_fields = ["soc_major_group"]
    fields = ["name", "slug", "summary", "order", "soc_major_group"]
    inlines = [DutyKindInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                role_total=Count("roles", distinct=True),
                occupation_total=Count("occupations", distinct=True),
            )
        )

    @admin.display(description="roles", ordering="role_total")
    def role_count(self, obj):
        return obj.role_total

    @admin.display(description="occupations", ordering="occupation_total")
    def occupation_count(self, obj):
        return obj.occupation_total


@admin.register(DutyKind)
class DutyKindAdmin(EditorialAdmin):
    list_display = ["name", "field", "chart_row", "work_mix", "order", "duty_count"]
    list_filter = ["field"]
    search_fields = ["name", "field__name", "chart_row"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("field")
            .annotate(duty_total=Count("duties"))
        )

    @admin.display(description="duties", ordering="duty_total")
    def duty_count(self, obj):
        return obj.duty_total


class FitOptionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        field = self.instance.field if self.instance.field_id else None
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            kinds = form.cleaned_data.get("kinds") or []
            if not kinds:
                form.add_error("kinds", "Choose the duty kinds this answer is about.")
            elif field is not None and any(kind.field_id != field.pk for kind in kinds):
                form.add_error("kinds", f"Choose duty kinds of {field}, the question's field.")


class FitOptionInline(admin.TabularInline):
    model = FitOption
    formset = FitOptionFormSet
    fields = ["order", "value", "label", "kinds", "amount", "balanced"]
    autocomplete_fields = ["kinds"]
    extra = 1

    def get_queryset(self, request):
        # Each chosen kind is labelled with its field: fetch them together.
        return super().get_queryset(request).prefetch_related("kinds__field")


class DutyKindFilter(admin.RelatedFieldListFilter):
    """The duty kind filter, its choices labelled with their fields in one query."""

    def field_choices(self, field, request, model_admin):
        return [(kind.pk, str(kind)) for kind in DutyKind.objects.select_related("field")]


@admin.register(FitQuestion)
class FitQuestionAdmin(EditorialAdmin):
    list_display = ["legend", "field", "slug", "weight", "order"]
    list_filter = ["field"]
    search_fields = ["legend", "topic"]
    prepopulated_fields = {"slug": ["topic"]}
    fields = ["field", "legend", "topic", "slug", "hint", "weight", "order"]
    inlines = [FitOptionInline]


@admin.register(WorkSetting)
class WorkSettingAdmin(EditorialAdmin):
    list_display = ["name", "is_remote", "order"]
    list_editable = ["order"]
    list_filter = ["is_remote"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    list_display = ["name", "publisher", "url"]
    search_fields = ["name", "publisher", "url"]


@admin.register(Duty)
class DutyAdmin(EditorialAdmin):
    list_display = ["name", "kind", "role_count", "onet_task_id"]
    list_filter = ["kind__field", ("kind", DutyKindFilter)]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["kind"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("kind__field")
            .annotate(role_total=Count("role_duties"))
        )

    @admin.display(description="roles", ordering="role_total")
    def role_count(self, obj):
        return obj.role_total


@admin.register(Qualification)
class QualificationAdmin(EditorialAdmin):
    list_display = ["name", "kind", "education_level", "issuing_body", "role_count"]
    list_filter = ["kind", "education_level"]
    search_fields = ["name", "description", "issuing_body"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "education_level", "description", "issuing_body", "url"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_total=Count("role_qualifications"))

    @admin.display(description="roles", ordering="role_total")
    def role_count(self, obj):
        return obj.role_total


class RoleDutyInline(KnownChoicesInlineMixin, admin.TabularInline):
    model = RoleDuty
    autocomplete_fields = ["duty"]
    fields = ["order", "duty", "emphasis"]
    extra = 1

    def get_queryset(self, request):
        # Each row's label names its role and duty: fetch them with the rows.
        return super().get_queryset(request).select_related("role", "duty__kind__field")


class RoleQualificationInline(KnownChoicesInlineMixin, admin.TabularInline):
    model = RoleQualification
    autocomplete_fields = ["qualification"]
    fields = ["order", "qualification", "level", "note"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "qualification")


class LabourFigureInline(KnownChoicesInlineMixin, admin.StackedInline):
    model = LabourFigure
    autocomplete_fields = ["source"]
    fields = [("metric", "value"), "population", ("source", "year", "period_end")]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "metric":
            field.help_text = (
                "A role counted within an occupation shows that occupation's OEWS pay and "
                "employment (the newest imported): give it only what OEWS does not publish, "
                "such as projected growth. The audit names a pay or jobs figure that would "
                "never be shown."
            )
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "source")


class CareerMoveInline(KnownChoicesInlineMixin, admin.TabularInline):
    model = CareerMove
    fk_name = "from_role"
    autocomplete_fields = ["to_role"]
    fields = ["order", "to_role", "to_title", "what_it_takes"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_role", "to_role")


@admin.register(Role)
class RoleAdmin(DraftAdminMixin, PageAdminMixin, EditorialAdmin):
    list_display = ["title", "field", "occupation", "status", "review_due", "still_lacks"]
    list_filter = ["status", ReviewDueFilter, "field", "entry_education"]
    autocomplete_fields = ["occupation"]
    search_fields = ["title", "slug", "other_titles", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["work_settings"]
    formfield_overrides = MARKDOWN_EDITOR
    readonly_fields = ["updated_at", "reviewed_on"]
    inlines = [RoleDutyInline, RoleQualificationInline, LabourFigureInline, CareerMoveInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "field", "status", "updated_at"]}),
        ("What readers see first", {"fields": ["summary", "primary_focus", "overview"]}),
        (
            "Official occupation",
            {"fields": ["occupation", "occupation_relation", "occupation_note"]},
        ),
        (
            "Facts",
            {
                "fields": [
                    "other_titles",
                    "entry_education",
                    "work_settings",
                    "figures_note",
                ]
            },
        ),
        PageAdminMixin.review_fieldset,
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("field", "occupation")
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # The "still lacks" column reads each role's whole profile, one query per relation.
            queryset = queryset.with_profile()
        return queryset

    @admin.display(description="still lacks")
    def still_lacks(self, obj):
        return _gap_list(role_gaps(obj))

    def get_deleted_objects(self, objs, request):
        """Deleting a role that a published comparison compares, or that another role's career
        move leads to, would break those pages: the admin lists them as what stops the deletion
        (its confirmation page then offers no Delete button)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        pks = [role.pk for role in objs]
        for comparison in (
            Comparison.objects.published().filter(roles__pk__in=pks).distinct().order_by("title")
        ):
            protected.append(
                format_html(
                    "The published comparison “{}” compares it: move the comparison to draft, "
                    "or take this role out of it, first.",
                    comparison.title,
                )
            )
        for move in (
            CareerMove.objects.filter(to_role__pk__in=pks)
            .exclude(from_role__pk__in=pks)
            .select_related("from_role", "to_role")
            .order_by("from_role__title")
        ):
            protected.append(
                format_html(
                    "{}'s career move to {} leads to it: remove or change that move first.",
                    move.from_role.title,
                    move.to_role.title,
                )
            )
        return deleted, counts, perms_needed, protected


class ComparisonRoleFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        roles = {
            form.cleaned_data["role"]
            for form in self.forms
            if form.cleaned_data.get("role") and not form.cleaned_data.get("DELETE")
        }
        if len(roles) < MIN_JOBS:
            return
        same = Comparison.objects.for_roles(roles).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise forms.ValidationError(
                f"“{same}” already compares exactly these roles: readers reach one chart for "
                "them, so edit that comparison instead."
            )


class ComparisonRoleInline(KnownChoicesInlineMixin, admin.TabularInline):
    model = ComparisonRole
    formset = ComparisonRoleFormSet
    autocomplete_fields = ["role"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("comparison", "role")

    min_num = MIN_JOBS
    max_num = MAX_JOBS
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # The admin sets min_num and max_num but only enforces them when asked to.
        return super().get_formset(request, obj, validate_min=True, validate_max=True, **kwargs)


class RowNoteForm(forms.ModelForm):
    class Meta:
        model = ComparisonRowNote
        fields = ["row", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = row_note_choices()
        current = self.instance.row if self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, f"{current} (no longer a chart row)"))
        self.fields["row"] = forms.ChoiceField(choices=[("", "---------"), *choices])


class ComparisonRowNoteInline(admin.TabularInline):
    model = ComparisonRowNote
    form = RowNoteForm
    extra = 1


@admin.register(Comparison)
class ComparisonAdmin(DraftAdminMixin, PageAdminMixin, EditorialAdmin):
    list_display = ["title", "status", "featured", "compared_roles", "review_due", "still_lacks"]
    list_filter = ["status", ReviewDueFilter, "featured"]
    search_fields = ["title", "slug", "introduction", "advice"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = MARKDOWN_EDITOR
    readonly_fields = ["updated_at", "reviewed_on"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "featured", "updated_at"]}),
        ("What readers see", {"fields": ["introduction", "advice"]}),
        PageAdminMixin.review_fieldset,
    ]
    inlines = [ComparisonRoleInline, ComparisonRowNoteInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "roles",
                Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id")),
            )
        )

    @admin.display(description="roles")
    def compared_roles(self, obj):
        return ", ".join(role.title for role in obj.roles.all())

    @admin.display(description="still lacks")
    def still_lacks(self, obj):
        return _gap_list(comparison_gaps(obj))

    def view_on_site(self, obj):
        slugs = [role.slug for role in obj.roles.all()]
        if MIN_JOBS <= len(slugs) <= MAX_JOBS:
            return compare_url(slugs)
        return None


@admin.register(Occupation)
class OccupationAdmin(EditorialAdmin):
    """Imported from O*NET: editors may improve the title and description (the next import keeps
    their words) and add an overview; everything else is the importer's."""

    list_display = ["title", "code", "field", "job_zone", "wage_match", "status", "edited"]
    list_filter = ["status", "retired", "wage_match", "job_zone", "field"]
    search_fields = ["code", "title", "slug"]
    formfield_overrides = MARKDOWN_EDITOR
    fields = [
        "code",
        "title",
        "description",
        "overview",
        "status",
        "as_imported",
        "field",
        "job_zone",
        "wage_estimate",
        "wage_match",
        "release",
        "retired",
        "updated_at",
    ]
    readonly_fields = [
        "code",
        "as_imported",
        "field",
        "job_zone",
        "wage_estimate",
        "wage_match",
        "release",
        "retired",
        "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("field", "job_zone")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="edited", boolean=True)
    def edited(self, obj):
        return bool(obj.modified_fields)

    @admin.display(description="as imported from O*NET")
    def as_imported(self, obj):
        return format_html_join(
            "",
            "<p><strong>{}:</strong> {}</p>",
            ((name.capitalize(), value) for name, value in obj.imported.items()),
        )


@admin.register(WageEstimate)
class WageEstimateAdmin(admin.ModelAdmin):
    """The OEWS rows, to look up what an occupation's figures come from (the importer's)."""

    list_display = ["soc_code", "title", "group", "median_annual", "employment", "period"]
    list_filter = ["group", "period"]
    search_fields = ["soc_code", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
