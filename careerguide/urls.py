from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from roles.editorial import editor

admin.site.site_header = "Career Guide editors"
admin.site.site_title = "Career Guide admin"
admin.site.index_title = "Keep the guide current"

urlpatterns = [
    path("admin/", admin.site.urls),
    # django-markdownx's editor calls these; ours are staff-only and re-encode uploads.
    path("markdownx/markdownify/", editor.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.image_upload, name="markdownx_upload"),
    path("", include("roles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
