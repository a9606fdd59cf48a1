"""Briefing materials: the files participants get beforehand (Preparation).

A file is accepted by what it *is*, never by its name or the type the browser claims
(``consultations.uploads.check_upload``). The stored content type is the one found there.
It is stored under a random name, never the uploader's (which is kept, for display only).
"""

from pathlib import PurePath
from uuid import uuid4

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from consultations.models import BriefingMaterial, Event
from consultations.uploads import (
    DOCX,
    GIF,
    JPEG,
    ODT,
    PDF,
    PNG,
    WEBP,
    XLSX,
    CheckedFile,
    check_upload,
)

# The largest file accepted. TODO: make this a setting (MAX_MATERIAL_BYTES in settings.py
# and .env.example); it is a module constant until the settings module is changed.
MAX_MATERIAL_BYTES = 20 * 1024 * 1024

ALLOWED = frozenset({PDF, DOCX, ODT, XLSX, PNG, JPEG, GIF, WEBP})
ALLOWED_DESCRIPTION = (
    "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), or a PNG, JPEG, GIF or WebP image"
)


def check_material_file(file) -> CheckedFile:
    """What ``file`` (an uploaded file) really is, or a ValidationError on ``file`` saying
    which types are allowed, or that it is too large."""
    return check_upload(
        file,
        allowed=ALLOWED,
        max_bytes=MAX_MATERIAL_BYTES,
        refusal=f"cannot be shared as a briefing. Upload a {ALLOWED_DESCRIPTION}.",
    )


def material_download_stem(material: BriefingMaterial) -> str:
    """What the downloaded file is called (before its checked ending): its title, as the
    participants know it; core.downloads makes it safe."""
    return slugify(material.title) or "briefing"


def _may_change(event: Event, acting_user) -> None:
    if not Event.objects.editable_by(acting_user).filter(pk=event.pk).exists():
        raise PermissionDenied("You may not change this event.")


@transaction.atomic
def material_upload(*, event: Event, title: str, file, acting_user) -> BriefingMaterial:
    """Attach a briefing file to ``event``. The file is type-checked by content and stored
    under a random name with the ending that fits what it is."""
    _may_change(event, acting_user)
    checked = check_material_file(file)
    original_name = PurePath(str(file.name or "").replace("\\", "/")).name[:255]
    file.name = f"{uuid4().hex}{checked.extension}"
    material = BriefingMaterial(
        event=event,
        title=title.strip(),
        file=file,
        original_name=original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=acting_user,
    )
    material.full_clean()
    material.save()
    return material
