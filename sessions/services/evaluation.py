"""The anonymous evaluation after a session: one answer per personal link."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sessions.models import Evaluation, EvaluationReceipt, Session
from sessions.tokens import TokenInvalid, evaluation_digest, evaluation_session_id


def _token_hash(token: str) -> str:
    return evaluation_digest("used", token)


def evaluation_session(token: str) -> Session:
    try:
        session_id = evaluation_session_id(token)
    except TokenInvalid as exc:
        raise ValidationError(_("This evaluation link does not work (any more).")) from exc
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        raise ValidationError(_("This evaluation link does not work (any more)."))
    return session


def evaluation_used(token: str) -> bool:
    return EvaluationReceipt.objects.filter(token_hash=_token_hash(token)).exists()


@transaction.atomic
def evaluation_submit(*, token: str, useful: int, come_again: str, remark: str = "") -> None:
    """Store the three answers once per link; the answers are not linked to the link."""
    session = evaluation_session(token)
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(session=session, token_hash=_token_hash(token))
    except IntegrityError as exc:
        raise ValidationError(_("You have already filled in this evaluation. Thank you!")) from exc
    evaluation = Evaluation(
        session=session, useful=useful, come_again=come_again, remark=(remark or "").strip()[:500]
    )
    evaluation.full_clean()
    evaluation.save()
