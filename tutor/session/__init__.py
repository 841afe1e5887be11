"""Provides the headless session layer: the state of a worksheet being worked, and its marks.

`worksheet_session.WorksheetSession` owns entries, verdicts, hints, reveals, focus and time,
and the transitions between them (enter, check, hint, reveal, solution, reset); `feedback`
composes the words shown about a blank from the verdict's data; `view.SheetView` is the
snapshot the kind visuals draw; `events` are the facts a session reports for the progress
store; `marks` is the one table of status marks. Nothing here imports Textual: the screens
render this state, the plain line mode prints it, the tests drive it directly.

This package module imports nothing, so that `tutor.session.marks` stays cheap for home.
"""
