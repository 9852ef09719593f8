"""Gold annotation records (ANNOTATION_GUIDE.md) and the tools of the annotation loop."""
