"""The conversation of dl-tutor: the Textual app, the CLI and the progress store."""
