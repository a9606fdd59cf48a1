"""Object-level permissions: the predicate twins of each model's editable_by(user).

Tests hold each predicate and its queryset together.
"""

import rules

from consultations.models import Consultation, ConsultativeGroup, Event
from core.predicates import in_queryset

can_change_consultation = in_queryset(Consultation.objects.editable_by)
can_change_group = in_queryset(ConsultativeGroup.objects.editable_by)
can_change_event = in_queryset(Event.objects.editable_by)

rules.add_perm("consultations.change_consultation_record", can_change_consultation)
rules.add_perm("consultations.change_group_record", can_change_group)
rules.add_perm("consultations.change_event_record", can_change_event)
