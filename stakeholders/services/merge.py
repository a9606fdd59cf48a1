"""Merging two records that are one, and recording pairs that are not.

A merge keeps the *winner* (its id, so links from elsewhere stay good), gives it the
value chosen for each field, moves every link of the *loser* to it, and deletes the
loser, all in one transaction: if anything fails (a chosen combination of values is
invalid, a link cannot move), nothing has changed.

History is kept: the loser's history entries are re-pointed to the winner, so the
winner's history shows both records' pasts, and the winner's own update in the merge is
a history entry whose context names the merged record (``merged_contact`` or
``merged_organisation``) and the user.
"""

from __future__ import annotations

from typing import Literal

import pghistory
import pgtrigger
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from stakeholders import personal_data
from stakeholders.choices import Channel
from stakeholders.models import (
    ConsentRecord,
    Contact,
    DuplicateDismissal,
    EqualityProfile,
    Interaction,
    Membership,
    Organisation,
    OutreachRecord,
    StaticListMember,
)
from stakeholders.models.contacts import CONTACT_DETAIL_FIELDS

Choice = Literal["winner", "loser"]
MEMBERSHIP_DELETE_TRIGGER = "stakeholders.Membership:delete_delete"

# The fields whose value is chosen, one side or the other, when two records merge.
# Consent flags are not among them: they are worked out again from both consent logs.
CONTACT_MERGE_FIELDS = CONTACT_DETAIL_FIELDS
ORGANISATION_MERGE_FIELDS = (
    "name",
    "kind",
    "parent",
    "pan_london",
    "single_point_of_contact",
    "website",
    "email",
    "phone",
    "notes",
    "last_verified",
)


def _event_model(name: str):
    return apps.get_model("stakeholders", name)


def _merge_detail(field_choices: dict[str, Choice], *, merged: int) -> dict:
    """What the audit trail keeps of a merge: ids and the names of the fields taken from
    the merged record, never their values."""
    taken = sorted(name for name, choice in field_choices.items() if choice == "loser")
    return {"merged_id": merged, "fields": taken}


def _check_choices(field_choices: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(field_choices) - set(allowed))
    if unknown:
        raise ValidationError(f"These fields cannot be chosen in a merge: {', '.join(unknown)}.")
    bad = sorted(
        name for name, choice in field_choices.items() if choice not in ("winner", "loser")
    )
    if bad:
        raise ValidationError(dict.fromkeys(bad, "Choose the value of one record or the other."))


def _apply_choices(winner: Model, loser: Model, field_choices: dict[str, Choice]) -> None:
    for name, choice in field_choices.items():
        if choice == "loser":
            attname = winner._meta.get_field(name).attname
            setattr(winner, attname, getattr(loser, attname))


def _lock_pair(model, winner, loser):
    """Both rows, locked in id order (so two merges cannot deadlock), fresh from the
    database. A ValidationError if they are the same or one has gone."""
    if winner.pk == loser.pk:
        raise ValidationError("A record cannot be merged with itself.")
    rows = {
        row.pk: row
        for row in model.objects.select_for_update()
        .filter(pk__in=[winner.pk, loser.pk])
        .order_by("pk")
    }
    if len(rows) != 2:
        raise ValidationError("One of these records no longer exists.")
    return rows[winner.pk], rows[loser.pk]


def _refuse_leftover_links(model, loser) -> None:
    """Nothing may still point at the loser before it is deleted: deleting it would
    cascade to (or empty) those links. Every relation is checked, including those of
    apps that register a personal-data provider, so a provider that forgot something
    stops the merge instead of losing data (history tables included)."""
    leftovers = []
    # include_hidden: a foreign key declared with related_name="+" is a link all the same.
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        related = relation.related_model
        if related._meta.auto_created:
            continue  # a plain many-to-many's own table (topics): merged with the field
        if related._base_manager.filter(**{relation.field.name: loser.pk}).exists():
            leftovers.append(str(related._meta.verbose_name_plural))
    if leftovers:
        raise ValidationError(
            "These records still point at the record being merged away, and nothing "
            f"knows how to move them: {', '.join(sorted(leftovers))}. Nothing was merged."
        )


def _merge_memberships(*, kept_side: str, winner, loser) -> None:
    """Move the loser's memberships to the winner. Where both sides are in the same
    pairing (same contact and organisation), one membership is kept, with a role if
    either had one, and the other's history is re-pointed to it."""
    membership_event = _event_model("MembershipEvent")
    other_side = "organisation" if kept_side == "contact" else "contact"
    other_id = f"{other_side}_id"
    existing = {
        getattr(membership, other_id): membership
        for membership in Membership.objects.filter(**{kept_side: winner})
    }
    for membership in Membership.objects.filter(**{kept_side: loser}).order_by("pk"):
        kept = existing.get(getattr(membership, other_id))
        if kept is None:
            setattr(membership, kept_side, winner)
            membership.save(update_fields=[kept_side, "modified"])
            continue
        if not kept.role and membership.role:
            kept.role = membership.role
            kept.save(update_fields=["role", "modified"])
        membership_event.objects.filter(pgh_obj_id=membership.pk).update(pgh_obj_id=kept.pk)
        # Folded into the kept membership, not left: no "left the organisation" entry.
        with pgtrigger.ignore(MEMBERSHIP_DELETE_TRIGGER):
            membership.delete()
    # Earlier snapshots of these memberships name the merged-away record: name the kept one.
    membership_event.objects.filter(**{f"{kept_side}_id": loser.pk}).update(
        **{f"{kept_side}_id": winner.pk}
    )


def _recompute_consent(contact: Contact) -> None:
    """Each channel's flag from the latest consent record for it, across both logs: a
    withdrawal newer than any grant keeps the person withdrawn."""
    latest = (
        ConsentRecord.objects.filter(contact=contact)
        .order_by("channel", "-recorded_at", "-pk")
        .distinct("channel")
    )
    granted = {record.channel: record.granted for record in latest}
    for channel in Channel.values:
        setattr(contact, f"{channel}_consent", granted.get(channel, False))


@transaction.atomic
def contacts_merge(
    *,
    winner: Contact,
    loser: Contact,
    field_choices: dict[str, Choice],
    acting_user,
) -> Contact:
    """Merge ``loser`` into ``winner``: the winner takes the chosen value of each field
    (``"winner"`` or ``"loser"``; fields left out keep the winner's value), and every
    link of both (memberships, consent records, interactions, static lists, outreach,
    organisations led, equality monitoring, topics, history, and whatever the apps below
    register in ``stakeholders.personal_data``) ends up on the winner. The loser is
    deleted. Raises ValidationError, and changes nothing, if the result is invalid."""
    _check_choices(field_choices, CONTACT_MERGE_FIELDS)
    winner, loser = _lock_pair(Contact, winner, loser)
    if winner.is_erased or loser.is_erased:
        raise ValidationError("An erased contact cannot be merged.")

    with pghistory.context(
        user=getattr(acting_user, "pk", None), merged_contact=loser.pk, merged_into=winner.pk
    ):
        _apply_choices(winner, loser, field_choices)
        winner.full_clean()

        _merge_memberships(kept_side="contact", winner=winner, loser=loser)
        ConsentRecord.objects.filter(contact=loser).update(contact=winner)
        OutreachRecord.objects.filter(contact=loser).update(contact=winner)
        Interaction.objects.filter(contact=loser).update(contact=winner)
        on_winner_lists = StaticListMember.objects.filter(contact=winner).values("static_list")
        StaticListMember.objects.filter(contact=loser).exclude(
            static_list__in=on_winner_lists
        ).update(contact=winner)
        StaticListMember.objects.filter(contact=loser).delete()  # lists both were on
        Organisation.objects.filter(single_point_of_contact=loser).update(
            single_point_of_contact=winner, modified=timezone.now()
        )
        _merge_equality_profiles(winner=winner, loser=loser)
        winner.topics.add(*loser.topics.all())

        contact_event = _event_model("ContactEvent")
        contact_event.objects.filter(pgh_obj_id=loser.pk).update(pgh_obj_id=winner.pk)
        _event_model("OrganisationEvent").objects.filter(
            single_point_of_contact_id=loser.pk
        ).update(single_point_of_contact_id=winner.pk)

        for provider in personal_data.providers():
            provider.merge(winner=winner, loser=loser)

        _recompute_consent(winner)
        winner.save()
        _refuse_leftover_links(Contact, loser)
        loser_id = loser.pk
        loser.delete()
    audit_record(
        action=Action.MERGE,
        actor=acting_user,
        target=winner,
        summary=f"Merged contact {loser_id} into contact {winner.pk}",
        detail=_merge_detail(field_choices, merged=loser_id),
        contact_ids=[winner.pk, loser_id],
    )
    return winner


def _merge_equality_profiles(*, winner: Contact, loser: Contact) -> None:
    """Keep the winner's answers; take the loser's if the winner has none. An objection
    on either side wins, though: a person who objected has no answers held."""
    profiles = {
        profile.contact_id: profile
        for profile in EqualityProfile.objects.filter(contact__in=[winner, loser])
    }
    winners, losers = profiles.get(winner.pk), profiles.get(loser.pk)
    if losers is None:
        return
    if winners is not None and (winners.objected or not losers.objected):
        losers.delete()
        return
    if winners is not None:
        winners.delete()
    losers.contact = winner
    losers.save(update_fields=["contact", "modified"])


@transaction.atomic
def organisations_merge(
    *,
    winner: Organisation,
    loser: Organisation,
    field_choices: dict[str, Choice],
    acting_user,
) -> Organisation:
    """Merge ``loser`` into ``winner``: chosen field values (the single point of contact
    among them), the loser's members, interactions and umbrella members move to the
    winner, areas, communities and topics served are combined, history is re-pointed,
    and the loser is deleted. All or nothing."""
    _check_choices(field_choices, ORGANISATION_MERGE_FIELDS)
    winner, loser = _lock_pair(Organisation, winner, loser)

    with pghistory.context(
        user=getattr(acting_user, "pk", None),
        merged_organisation=loser.pk,
        merged_into=winner.pk,
    ):
        _apply_choices(winner, loser, field_choices)
        ancestor = winner.parent
        while ancestor is not None:
            if ancestor.pk in (winner.pk, loser.pk):
                raise ValidationError(
                    {"parent": "The merged organisation would be its own umbrella body."}
                )
            ancestor = ancestor.parent
        winner.full_clean()

        _merge_memberships(kept_side="organisation", winner=winner, loser=loser)
        Interaction.objects.filter(organisation=loser).update(organisation=winner)
        Organisation.objects.filter(parent=loser).exclude(pk=winner.pk).update(
            parent=winner, modified=timezone.now()
        )
        for relation in ("boroughs", "wards", "communities", "topics"):
            getattr(winner, relation).add(*getattr(loser, relation).all())

        organisation_event = _event_model("OrganisationEvent")
        organisation_event.objects.filter(pgh_obj_id=loser.pk).update(pgh_obj_id=winner.pk)
        organisation_event.objects.filter(parent_id=loser.pk).update(parent_id=winner.pk)

        winner.save()  # its parent is the chosen one now, never the loser
        _refuse_leftover_links(Organisation, loser)
        loser_id = loser.pk
        loser.delete()
    audit_record(
        action=Action.MERGE,
        actor=acting_user,
        target=winner,
        summary=f"Merged organisation {loser_id} into organisation {winner.pk}",
        detail=_merge_detail(field_choices, merged=loser_id),
    )
    return winner


@transaction.atomic
def duplicate_dismiss(*, kind: str, first_id: int, second_id: int, acting_user):
    """Record that two records someone reviewed are different: the pair is not offered
    again. Recording it twice is harmless."""
    if kind not in DuplicateDismissal.Kind.values:
        raise ValidationError("Unknown kind of record.")
    if first_id == second_id:
        raise ValidationError("A record cannot be a duplicate of itself.")
    low, high = sorted((first_id, second_id))
    dismissal, _ = DuplicateDismissal.objects.get_or_create(
        kind=kind, first_id=low, second_id=high, defaults={"dismissed_by": acting_user}
    )
    return dismissal
