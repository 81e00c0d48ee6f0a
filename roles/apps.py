from django.apps import AppConfig


class RolesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roles"
    verbose_name = "Career guide"

    def ready(self):
        # The admin lives with the other editorial tools; register it when the app loads. Saving
        # a role, its duties or qualifications, or an occupation updates the search index; saving
        # anything of the guide's invalidates readers' cached pages.
        from roles.discover import signals  # noqa: F401
        from roles.editorial import history

        history.register_models()
        from roles.editorial import admin  # noqa: F401
        from roles.serving import checks  # noqa: F401
        from roles.serving import signals as serving_signals  # noqa: F401
