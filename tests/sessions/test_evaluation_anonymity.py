"""Anonymous evaluations stay anonymous (issue 19, finding 6): the link is random (nothing in
it names the invitation), only hashes of it are stored, the stored link cannot be matched to
the receipt, and receipts carry neither an order nor a moment."""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
import zlib
from datetime import timedelta

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from sessions.models import Evaluation, EvaluationLink, EvaluationReceipt, Invitation
from sessions.services.evaluation import evaluation_submit
from sessions.tokens import evaluation_token
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitations(session, network):
    from praktijktafel.models import Role

    return [
        Invitation.objects.create(session=session, person=member(network, Role.ONDERNEMER))
        for _ in range(3)
    ]


def _decodings(token: str) -> list[bytes]:
    """Whatever a reader of an access log could decode from the token's parts."""
    found = []
    for part in re.split(r"[:.]", token):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        found.append(raw)
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw))
    return found


def test_a_link_is_random_and_names_no_invitation(invitations):
    invitation = invitations[1]
    first, second = evaluation_token(invitation), evaluation_token(invitation)
    assert first != second
    for raw in _decodings(first):
        assert b'"i"' not in raw and str(invitation.pk).encode() + b"}" not in raw


def test_nothing_stored_for_a_link_names_the_invitation_or_the_person(invitations):
    evaluation_token(invitations[0])
    fields = {f.name for f in EvaluationLink._meta.get_fields()}
    assert fields == {"id", "session", "digest", "issued_on"}
    link = EvaluationLink.objects.get()
    assert not isinstance(link.pk, int)


def test_a_stored_link_cannot_be_matched_to_its_receipt(invitations):
    tokens = [evaluation_token(i) for i in invitations]
    for token in tokens:
        evaluation_submit(token=token, useful=4, come_again="yes")
    digests = set(EvaluationLink.objects.values_list("digest", flat=True))
    receipts = set(EvaluationReceipt.objects.values_list("token_hash", flat=True))
    assert len(digests) == len(receipts) == 3
    assert not digests & receipts


def test_receipts_have_no_order_and_no_moment():
    for model in (EvaluationReceipt, EvaluationLink):
        assert not isinstance(model._meta.pk, models.AutoField | models.BigAutoField)
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.get_fields())
    assert not any(isinstance(f, models.DateTimeField) for f in Evaluation._meta.get_fields())


def test_one_answer_per_link_and_links_expire(client, invitations):
    token = evaluation_token(invitations[0])
    url = reverse("sessions:evaluation", args=[token])
    assert client.get(url).status_code == 200
    client.post(url, {"useful": 5, "come_again": "yes", "remark": "Top"})
    client.post(url, {"useful": 1, "come_again": "no", "remark": "Nog eens"})
    assert Evaluation.objects.count() == 1
    old = evaluation_token(invitations[1])
    EvaluationLink.objects.update(issued_on=timezone.localdate() - timedelta(days=31))
    assert client.get(reverse("sessions:evaluation", args=[old])).status_code == 404
    assert client.get(reverse("sessions:evaluation", args=["x" * 40])).status_code == 404
