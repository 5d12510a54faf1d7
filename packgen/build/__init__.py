"""Building a folder of outputs: change detection (inputs), rendering in workers, atomic writes
(files), the folder lock, the manifest, and stale-file removal.

May import everything below the CLI: catalogue, plan, model, render, web, verify, i18n.
"""
