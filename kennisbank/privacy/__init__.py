"""The privacy check: does a text point to a person? `check` runs it (contact details from
`patterns`, names from `names`, health and absence wording from `patterns`) and is what
other apps import, as `kennisbank.privacy.privacy_warnings` and `PrivacyWarning`."""

from kennisbank.privacy.check import PrivacyWarning, privacy_warnings

__all__ = ["PrivacyWarning", "privacy_warnings"]
