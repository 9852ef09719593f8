"""Gold annotation records (docs/annotation-guide.md) and the tools of the annotation loop.

One module a job: ``records`` (typed records, JSONL load/dump), ``validate``,
``stats``, ``split`` (by document), ``to_spacy`` (DocBin), ``labelstudio``
(round trip; ``ls_results`` result items and offsets, ``ls_documents`` one task
per document, ``ls_predictions`` scored pre-annotations) and ``doccano``
(both shapes); ``import_notes``: what an import could not keep.
``perf-facts annotate …`` (``cli``) wraps each.

The loop::

    perf-facts annotate export-ls annotations/work/<doc>.skeleton.jsonl \\
        --out tasks.json --predictions rules --annotations none \\
        [--per-document]                                            # pre-annotate
    perf-facts annotate ls-config > config.xml   # Label Studio project's labeling config
    # … correct in Label Studio, export as JSON …
    perf-facts annotate import-ls export.json --out annotations/gold/
    perf-facts annotate validate annotations/gold/
    perf-facts annotate split annotations/gold/ --out annotations/splits.json --loo
    perf-facts annotate to-spacy annotations/gold/ --out training/gold.spacy   # train, evaluate

The Label Studio integration test: ``scripts/run_labelstudio_test.sh``.
"""
