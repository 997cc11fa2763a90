"""Batch drafting: many prospects from one file, concurrent, resumable, shardable.

The pieces, in the order a run uses them:

    inputs      read CSV / JSONL / a folder of prospect files, one row at a time
    ratelimit   the shared requests- and tokens-per-minute gate, paused by a 429
    results     the append-only results file and the resume index built from it
    runner      the asyncio loop: rows in, one JSON line out per row
    progress    the live bar (a terminal) or plain lines (a log)
    export      results -> a mail-merge CSV or one .eml file per row
    batchapi    the same rows through the OpenAI Batch API
"""
