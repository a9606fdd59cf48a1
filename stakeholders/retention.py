"""The stakeholders app's retention rules (``core.retention``), registered from
``StakeholdersConfig.ready()``: contacts nobody has verified, finished imports, and the
outreach log."""

from django.db import transaction
from django.utils import timezone

from core.retention import RetentionRule
from stakeholders.models import ImportJob, OutreachRecord
from stakeholders.selectors.data_protection import contacts_not_verified_since
from stakeholders.services.data_protection import contacts_erase_unverified


def _unverified(before):
    return contacts_not_verified_since(day=timezone.localdate(before))


def _erase_unverified(before) -> int:
    return contacts_erase_unverified(before=timezone.localdate(before))


def _imports(before):
    return ImportJob.objects.filter(modified__lt=before)


@transaction.atomic
def _delete_imports(before) -> int:
    """Old import jobs go, with any file still stored (once the deletion commits)."""
    jobs = list(_imports(before).select_for_update(skip_locked=True))
    for job in jobs:
        transaction.on_commit(lambda job=job: job.file.delete(save=False) if job.file else None)
    return ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()[0]


def _outreach(before):
    return OutreachRecord.objects.filter(sent_at__lt=before)


def _delete_outreach(before) -> int:
    return _outreach(before).delete()[0]


RULES = (
    RetentionRule(
        name="stakeholders.contacts_unverified",
        label="Contacts not verified",
        period="contacts_unverified",
        action="erased",
        find=_unverified,
        apply=_erase_unverified,
    ),
    RetentionRule(
        name="stakeholders.imports",
        label="Contact and organisation imports",
        period="imports",
        action="deleted",
        find=_imports,
        apply=_delete_imports,
    ),
    RetentionRule(
        name="stakeholders.outreach_records",
        label="Outreach records (invitations and notices sent)",
        period="notices",
        action="deleted",
        find=_outreach,
        apply=_delete_outreach,
    ),
)
