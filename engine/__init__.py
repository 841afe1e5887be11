"""The truth of dl-tutor: safe math parser, computation graphs, autodiff traces, answer checks."""
