"""Provides the app's screens: home, worksheet, help, summary, solution and confirmation dialogs."""
