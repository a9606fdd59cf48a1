"""Small-count suppression: the one rule for every page that counts people by special
category or equality data (the equality report, a ward panel's make-up, the communities
at an event), so that no count of 1 to 4 people is shown, nor worked out from a total.
"""

SMALL = "<5"  # a count from 1 to 4
COMPLEMENT = "[c]"  # hidden so that a "<5" next to it cannot be worked out from the total


def show_count(count: int) -> str:
    """Primary suppression: a count from 1 to 4 shows as "<5"; 0 shows as 0."""
    return SMALL if 1 <= count <= 4 else str(count)


def suppress(counts: list[int], total: int) -> tuple[list[str], str]:
    """What to show for one question's answer counts and their total.

    Primary suppression: every count from 1 to 4 shows as "<5" (0 shows as 0: nobody is
    disclosed by it). Secondary suppression: the total is shown, so if exactly one count
    in the question were hidden, it could be worked out by subtracting the others from
    the total. Then the next smallest count (the smallest non-zero one left, so always
    5 or more) is hidden too, shown as "[c]". With two or more hidden counts no single
    one can be derived. If the total itself is 1 to 4, it is hidden as "<5", and every
    non-zero count is already hidden with it.

    Counts that overlap (one person in two of them) are treated as if they did not:
    that can only hide more than needed, never less.
    """
    shown = [show_count(count) for count in counts]
    hidden = [i for i, count in enumerate(counts) if 1 <= count <= 4]
    if len(hidden) == 1:
        others = [i for i, count in enumerate(counts) if i not in hidden and count > 0]
        if others:
            complement = min(others, key=lambda i: (counts[i], i))
            shown[complement] = COMPLEMENT
    return shown, show_count(total)
