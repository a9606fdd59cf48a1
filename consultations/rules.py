"""Object-level permissions: the predicate twins of each model's visible_to(user) and
editable_by(user).

Tests hold each predicate and its queryset together (tests/consultations/test_read_scope.py).
"""

import rules

from consultations.models import Consultation, ConsultativeGroup, Event, WardPriority
from consultations.selectors.findings import visible_findings
from core.predicates import in_queryset

can_view_consultation = in_queryset(Consultation.objects.visible_to)
can_view_group = in_queryset(ConsultativeGroup.objects.visible_to)
can_view_event = in_queryset(Event.objects.visible_to)
can_view_priority = in_queryset(WardPriority.objects.visible_to)
can_view_finding = in_queryset(lambda user: visible_findings(user=user))

can_change_consultation = in_queryset(Consultation.objects.editable_by)
can_change_group = in_queryset(ConsultativeGroup.objects.editable_by)
can_change_event = in_queryset(Event.objects.editable_by)
can_change_priority = in_queryset(WardPriority.objects.editable_by)

rules.add_perm("consultations.view_consultation_record", can_view_consultation)
rules.add_perm("consultations.view_group_record", can_view_group)
rules.add_perm("consultations.view_event_record", can_view_event)
rules.add_perm("consultations.view_priority_record", can_view_priority)
rules.add_perm("consultations.view_finding_record", can_view_finding)

rules.add_perm("consultations.change_consultation_record", can_change_consultation)
rules.add_perm("consultations.change_group_record", can_change_group)
rules.add_perm("consultations.change_event_record", can_change_event)
rules.add_perm("consultations.change_priority_record", can_change_priority)
