"""Object-level permissions: the predicate twins of each model's editable_by(user).

Tests hold each predicate and its queryset together.
"""

import rules

from consultations.models import Consultation, ConsultativeGroup, Event


def _in(queryset_method):
    @rules.predicate
    def predicate(user, obj):
        return obj is not None and queryset_method(user).filter(pk=obj.pk).exists()

    return predicate


can_change_consultation = _in(lambda user: Consultation.objects.editable_by(user))
can_change_group = _in(lambda user: ConsultativeGroup.objects.editable_by(user))
can_change_event = _in(lambda user: Event.objects.editable_by(user))

rules.add_perm("consultations.change_consultation_record", can_change_consultation)
rules.add_perm("consultations.change_group_record", can_change_group)
rules.add_perm("consultations.change_event_record", can_change_event)
