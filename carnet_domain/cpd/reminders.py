"""What the officer reminds the driver of at entry: text keys with their article, not text.

1956 art. 13.3: customs may deny or withdraw temporary admission from a commercial vehicle used, "even
occasionally", to pick up passengers or goods inside the country for deposit inside it (no internal
carriage, paid or not). 1954 art. 14: a private vehicle may not be used, even incidentally, for transport
"against pay, premium or other material advantage" between points inside the territory.

For a hired vehicle: 1956 art. 13.4, not to be re-hired in the country to anyone but the original hirer;
1954 art. 12.1, customs may require a leased vehicle's re-exportation when its lessee leaves.
"""

from __future__ import annotations

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, decide

R = CpdReason


def entry_reminders(convention: Convention, *, hired: bool = False) -> tuple[Decision, ...]:
    """The notices to give at an entry (verdict NOTICE); ``hired``: the vehicle is hired or leased."""
    if convention is Convention.COMMERCIAL_1956:
        notices = [R.NOTICE_NO_INTERNAL_CARRIAGE] + ([R.NOTICE_NO_REHIRE] if hired else [])
    else:
        notices = [R.NOTICE_NO_PAID_CARRIAGE] + ([R.NOTICE_LEASED_REEXPORT] if hired else [])
    return tuple(decide(n, convention) for n in notices)
