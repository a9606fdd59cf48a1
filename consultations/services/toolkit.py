"""Writes to the good-practice toolkit: resources (guidance, templates, case studies) and
marking a finished consultation as good practice. Views call these, never save rows."""

from pathlib import PurePath
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.text import slugify

from consultations.choices import ConsultationStatus
from consultations.models import Consultation, ToolkitResource
from consultations.models.scope import is_planner
from consultations.uploads import DOCX, KNOWN_TYPES, ODP, ODS, ODT, PDF, PPTX, XLSX, check_upload

MAX_FILE_SIZE = 20 * 1024 * 1024  # 20 MB
# What the toolkit holds (documents only), told apart by the file's content, never its name.
ALLOWED_CONTENT_TYPES = frozenset({PDF, DOCX, ODT, XLSX, ODS, PPTX, ODP})
# The stored file's name ending: the content type it was checked to be.
ALLOWED_FILE_TYPES = {
    KNOWN_TYPES[content_type][1].lstrip("."): content_type for content_type in ALLOWED_CONTENT_TYPES
}
ALLOWED_FILE_LABEL = (
    "PDF, Word (.docx), OpenDocument (.odt, .ods, .odp), Excel (.xlsx) or PowerPoint (.pptx)"
)
# A consultation can be held up as good practice only once it has run its course.
FINISHED_STATUSES = frozenset(
    {
        ConsultationStatus.CLOSED,
        ConsultationStatus.FEEDBACK_PUBLISHED,
        ConsultationStatus.ARCHIVED,
    }
)
_FIELDS = ("title", "kind", "summary", "link", "consultation", "tags")


def _check_may_manage(acting_user) -> None:
    if not is_planner(acting_user):
        raise PermissionDenied("Only unit staff and administrators keep the toolkit.")


def normalise_tags(tags) -> list[str]:
    """Lower case, trimmed, each once, in the order given."""
    seen: list[str] = []
    for tag in tags or ():
        tag = " ".join(str(tag).split()).lower()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def checked_file(upload) -> File:
    """The upload, under a random name with the extension of the type its content shows
    (the uploader's name is kept apart, for display). Refuses files over 20 MB and anything
    that is not one of the document types above (a renamed executable, image or web page,
    a macro-enabled or zip-bomb document, or a zip that is not an office file, is caught by
    its content)."""
    checked = check_upload(
        upload,
        allowed=ALLOWED_CONTENT_TYPES,
        max_bytes=MAX_FILE_SIZE,
        refusal=f"is not a {ALLOWED_FILE_LABEL} document.",
    )
    return File(upload, name=f"{uuid4().hex}{checked.extension}")


def download_stem(resource: ToolkitResource) -> str:
    """What the downloaded file is called (before its checked ending): the uploader's
    name for it, or the resource's title; core.downloads makes it safe."""
    return PurePath(resource.original_name).stem or slugify(resource.title) or "resource"


def content_type_of(resource: ToolkitResource) -> str:
    """The type to serve the stored file as (its name carries the checked extension)."""
    extension = PurePath(resource.file.name).suffix.lstrip(".").lower()
    return ALLOWED_FILE_TYPES.get(extension, "application/octet-stream")


def _save(resource, *, fields, file, remove_file):
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise TypeError(f"Unknown toolkit resource fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.tags = normalise_tags(resource.tags)
    if file is not None:
        resource.file = checked_file(file)
        resource.original_name = PurePath(str(file.name or "").replace("\\", "/")).name[:255]
    elif remove_file:
        resource.file = ""
        resource.original_name = ""
    if any(len(tag) > 60 for tag in resource.tags):
        raise ValidationError({"tags": "Keep each tag to 60 characters or fewer."})
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def toolkit_resource_create(*, acting_user, file=None, **fields) -> ToolkitResource:
    """Add a guidance document, template or case study. ``file`` is an upload (optional);
    its type is checked by content."""
    _check_may_manage(acting_user)
    return _save(ToolkitResource(added_by=acting_user), fields=fields, file=file, remove_file=False)


@transaction.atomic
def toolkit_resource_update(
    *, resource: ToolkitResource, acting_user, file=None, remove_file=False, **fields
) -> ToolkitResource:
    """Change a resource; a new ``file`` replaces the old one, ``remove_file`` drops it."""
    _check_may_manage(acting_user)
    current = ToolkitResource.objects.select_for_update().get(pk=resource.pk)
    old_file = current.file.name if current.file else ""
    saved = _save(current, fields=fields, file=file, remove_file=remove_file)
    if old_file and old_file != (saved.file.name if saved.file else ""):
        storage = ToolkitResource._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return saved


@transaction.atomic
def toolkit_resource_delete(*, resource: ToolkitResource, acting_user) -> None:
    _check_may_manage(acting_user)
    old_file = resource.file.name if resource.file else ""
    resource.delete()
    if old_file:
        storage = ToolkitResource._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(old_file))


@transaction.atomic
def consultation_mark_good_practice(
    *, consultation: Consultation, note: str, acting_user
) -> Consultation:
    """Hold up a finished consultation (closed, feedback published or archived) as a good
    practice model, saying what others can learn from it. It then shows in the toolkit."""
    _check_may_manage(acting_user)
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if current.status not in FINISHED_STATUSES:
        raise ValidationError(
            "Only a consultation that has finished (closed, feedback published or "
            f"archived) can be marked as good practice; this one is "
            f"{current.get_status_display().lower()}."
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"good_practice_note": "Say what others can learn from it."})
    current.is_good_practice = True
    current.good_practice_note = note
    current.full_clean()
    current.save(update_fields=["is_good_practice", "good_practice_note", "modified"])
    return current


@transaction.atomic
def consultation_unmark_good_practice(*, consultation: Consultation, acting_user) -> Consultation:
    """Take a consultation out of the toolkit's good-practice examples."""
    _check_may_manage(acting_user)
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    current.is_good_practice = False
    current.good_practice_note = ""
    current.save(update_fields=["is_good_practice", "good_practice_note", "modified"])
    return current
