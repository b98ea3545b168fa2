"""Views of the sessions app: planning (before the day) and live (on the day and after)."""
