"""Provides the learning loop: mastery per skill (BKT), spaced review (FSRS), what to practise next.

Everything here is derived from the attempt log the progress store keeps, replayed in time
order, so nothing can drift from what the student actually did. No Textual import.
"""
