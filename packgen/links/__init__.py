"""Checking every URL of the catalogue (check, request, sites, summary), and rewriting moved links
in place in the YAML, comments kept (fix, yaml_edit); run ties them together.

May import: catalogue, errors.
"""
