from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every app. It sits above the apps: it imports them, none imports it."""

    name = "demo"
    verbose_name = "Demo data"
