"""The carriage reminder at entry: no internal carriage (1956 art. 13.3), no paid carriage (1954 art. 14)."""

from __future__ import annotations

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Verdict
from carnet_domain.cpd.reminders import entry_reminders

R = CpdReason


def test_commercial_vehicles_are_reminded_of_1956_article_13_3() -> None:
    notices = entry_reminders(Convention.COMMERCIAL_1956)
    assert [(n.reason, str(n.citation)) for n in notices] == [(R.NOTICE_NO_INTERNAL_CARRIAGE, "1956 art. 13.3")]
    assert notices[0].verdict is Verdict.NOTICE
    assert notices[0].reason.value == "notice_no_internal_carriage"  # a text key for the screen


def test_private_vehicles_are_reminded_of_1954_article_14() -> None:
    notices = entry_reminders(Convention.PRIVATE_1954)
    assert [(n.reason, str(n.citation)) for n in notices] == [(R.NOTICE_NO_PAID_CARRIAGE, "1954 art. 14")]


def test_hired_vehicles_get_the_hire_reminder_too() -> None:
    commercial = entry_reminders(Convention.COMMERCIAL_1956, hired=True)
    assert [(n.reason, str(n.citation)) for n in commercial] == [
        (R.NOTICE_NO_INTERNAL_CARRIAGE, "1956 art. 13.3"), (R.NOTICE_NO_REHIRE, "1956 art. 13.4")
    ]
    private = entry_reminders(Convention.PRIVATE_1954, hired=True)
    assert [(n.reason, str(n.citation)) for n in private] == [
        (R.NOTICE_NO_PAID_CARRIAGE, "1954 art. 14"), (R.NOTICE_LEASED_REEXPORT, "1954 art. 12.1")
    ]
    assert all(n.verdict is Verdict.NOTICE and not n.refused for n in (*commercial, *private))
