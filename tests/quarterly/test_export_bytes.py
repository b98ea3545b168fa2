"""The programme report's CSV byte for byte: a BOM, `;`, CRLF, a decimal comma, yes/no,
quotes where needed and formula starts escaped, as Dutch Excel opens it."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from quarterly import exports
from quarterly.programme import programme_report, quarter_period
from sessions.models import Invitation, Session
from tests.factories import EvaluationFactory, InvitationFactory, session_for

pytestmark = pytest.mark.django_db


def test_the_sessions_table_keeps_its_exact_bytes(network, facilitator):
    held = session_for(network, facilitator, title='=Verzuim; "ziek"')
    Session.objects.filter(pk=held.pk).update(
        starts_at=timezone.make_aware(datetime(2025, 2, 10, 17)), status=Session.Status.DONE
    )
    cancelled = session_for(network, facilitator, title="-Te weinig")
    Session.objects.filter(pk=cancelled.pk).update(
        starts_at=timezone.make_aware(datetime(2025, 3, 3, 17)),
        status=Session.Status.CANCELLED,
        cancel_reason=Session.CancelReason.OTHER,
        cancel_note="=zaal dicht; lek",
    )
    InvitationFactory(
        session=held,
        status=Invitation.Status.CONFIRMED,
        attendance=Invitation.Attendance.PRESENT,
    )
    for useful in (5, 4, 4, 4, 5):
        EvaluationFactory(session=held, useful=useful)
    report = programme_report(network=network, period=quarter_period(2025, 1))
    _name, content_type, data = exports.export_csv(report, "sessies")
    assert content_type == "text/csv; charset=utf-8"
    assert data == (
        b"\xef\xbb\xbfDatum;Sessie;Netwerk;Sector;Status;"
        b"Reden van annuleren;Toelichting annuleren;Uitgenodigd;Aangemeld;Gekomen;No-shows;"
        b"Minuten;Ge\xc3\xafnvesteerde uren;Groepsacties;Antwoorden op de evaluatie;"
        b"Nut (1-5);Zou weer komen (%)\r\n"
        b'2025-02-10 17:00;"\'=Verzuim; ""ziek""";Bouwco\xc3\xb6peratie De Vallei;Bouw;'
        b"Afgerond;;;1;1;1;0;90;1,5;0;5;4,4;100\r\n"
        b"2025-03-03 17:00;'-Te weinig;Bouwco\xc3\xb6peratie De Vallei;Bouw;"
        b'Geannuleerd;Anders;"\'=zaal dicht; lek";0;0;0;0;90;0;0;;;\r\n'
    )
