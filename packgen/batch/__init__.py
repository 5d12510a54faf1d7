"""One personalised pack per organisation from a spreadsheet (org_table reads the rows; run
builds, zips and reports; shards splits a batch over machines with --shard K/N and merges the
shards' reports).

May import: catalogue, plan, build.
"""
