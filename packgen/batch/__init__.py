"""One personalised pack per organisation from a spreadsheet (org_table reads the rows; run
builds, zips and reports).

May import: catalogue, plan, build.
"""
