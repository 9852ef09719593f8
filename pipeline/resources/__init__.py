"""Data files the pipeline reads, and ``vocabulary``: the one home of the
labels, roles, units and cue words the other packages share."""
