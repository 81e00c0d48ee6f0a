"""The Markdown editor's endpoints (live preview and image upload), for logged-in staff only.

They replace django-markdownx's own views, which accept anonymous users and trust an upload's own
name and content type. Here an upload must decode as a raster image; the server re-encodes it under
a random name, so whatever else the file carried is dropped.
"""

import uuid
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from PIL import Image, UnidentifiedImageError

from roles.editorial.markdown import render_markdown

# Formats accepted on upload, and what each is stored as.
REENCODE_AS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "GIF": ("PNG", "png"),
               "WEBP": ("PNG", "png")}  # fmt: skip
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400
# The alt text of an image nobody has described yet: visible in the text, and found by the audit.
ALT_TEXT_PLACEHOLDER = "Describe this image"


def staff_only(view):
    """Refuse anyone who is not logged-in, active staff, with a plain 403 (these are AJAX calls)."""

    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return JsonResponse({"error": "Log in as an editor to use the editor."}, status=403)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_POST
@staff_only
def markdown_preview(request):
    """Return the live preview of the Markdown in `content`, rendered as readers will see it."""
    return HttpResponse(render_markdown(request.POST.get("content", "")))


def _refuse(message):
    return JsonResponse({"image": [message]}, status=400)


@require_POST
@staff_only
def image_upload(request):
    """Store an uploaded raster image, re-encoded, and return its address and the Markdown that
    shows it (with placeholder alt text, so an image nobody describes is easy to find)."""
    upload = request.FILES.get("image")
    if upload is None:
        return _refuse("Choose an image file to upload.")
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)
        return _refuse(f"The image is too large: the limit is {limit} MB.")
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in REENCODE_AS:
                return _refuse("Only JPEG, PNG, GIF and WebP images can be uploaded.")
            if image.width * image.height > MAX_PIXELS:
                return _refuse("The image has too many pixels.")
            image.load()
            stored_format, extension = REENCODE_AS[image.format]
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if stored_format == "JPEG":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            encoded = BytesIO()
            image.save(encoded, format=stored_format, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return _refuse("That file is not an image we can read. Upload a JPEG, PNG, GIF or WebP.")

    name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{extension}"
    url = default_storage.url(default_storage.save(name, ContentFile(encoded.getvalue())))
    # The editor's script asks for a description and puts it in place of the placeholder.
    return JsonResponse({"image_code": f"![{ALT_TEXT_PLACEHOLDER}]({url})", "image_url": url})
