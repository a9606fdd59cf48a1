"""django-rules predicates made from a queryset method, so a predicate and the queryset
it twins (``visible_to``, ``editable_by``) can never say different things."""

import rules


def in_queryset(queryset_of_user):
    """A predicate true when the object is in ``queryset_of_user(user)``."""

    @rules.predicate
    def predicate(user, obj):
        return obj is not None and queryset_of_user(user).filter(pk=obj.pk).exists()

    return predicate
