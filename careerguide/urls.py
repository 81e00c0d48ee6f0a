from django.contrib import admin
from django.urls import include, path

from roles.editorial import editor
from roles.serving import views as serving

admin.site.site_header = "Career Guide editors"
admin.site.site_title = "Career Guide admin"
admin.site.index_title = "Keep the guide current"

handler500 = "roles.serving.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # django-markdownx's editor calls these; ours are staff-only and re-encode uploads.
    path("markdownx/markdownify/", editor.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.image_upload, name="markdownx_upload"),
    path("healthz", serving.healthz, name="healthz"),
    # Uploaded images, when they are stored in a folder (with object storage they are not here).
    path("media/<path:path>", serving.media, name="media"),
    path("", include("roles.urls")),
]
