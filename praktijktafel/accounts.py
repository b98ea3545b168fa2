"""django-allauth adapter: people are invited, nobody signs up on their own."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations and the coordinator; open signup would let
        # strangers in and would tell them which addresses already exist.
        return False
