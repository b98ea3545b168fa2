"""django-allauth adapter: people are invited, nobody signs up on their own."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    # Messages that say what to do next, in the tone of the product.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": _(
            "This code is not correct. Check the code in your email and type it again."
        ),
        "too_many_login_attempts": _(
            "Too many attempts in a short time. Wait a few minutes and try again."
        ),
        "email_password_mismatch": _(
            "This email address and password do not match. Check them, or log in with a code."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations and the coordinator; open signup would let
        # strangers in and would tell them which addresses already exist.
        return False
